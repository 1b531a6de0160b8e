package web

import (
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// The resume page leads back only to a path of this site: another host, or
// a path a browser would read as another host, leads nowhere.
func TestSameOriginPathStaysOnTheSite(t *testing.T) {
	req := httptest.NewRequest("POST", "http://iso.example/units/new", nil)
	c := echo.New().NewContext(req, httptest.NewRecorder())
	for ref, want := range map[string]string{
		"http://iso.example/units/new":        "/units/new",
		"http://iso.example/nc/5?tab=a":       "/nc/5?tab=a",
		"https://evil.example/units/new":      "",
		"http://iso.example//evil.example/x":  "",
		"http://iso.example/\\evil.example/x": "",
		"":                                    "",
	} {
		if got := sameOriginPath(c, ref); got != want {
			t.Errorf("%q → %q, want %q", ref, got, want)
		}
	}
}
