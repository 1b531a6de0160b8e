package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// A form posted after the session ended is not met by "access denied": the
// answer asks to sign in again and leads back to the page the form was on,
// and the API still answers its clients in the error shape.
func TestFormAfterTheSessionEndedAsksToSignInAgain(t *testing.T) {
	a := demoApp(t)
	c := a.Login("office", demo.Password)
	c.Page("/units/new")
	if _, err := a.DB.W.Exec(`DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	c.Header = http.Header{"Referer": {a.HTTP.URL + "/units/new"}}
	resp, body := c.Form("/units/new", url.Values{"code": {"24999"}, "name": {"Xã Mới"}})
	page := string(body)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403 (the form's token belongs to the ended session)", resp.StatusCode)
	}
	for _, want := range []string{
		"Phiên làm việc đã hết hạn",
		`<form method="post" action="/login"`,
		`name="next" value="/units/new"`,
		`data-resume-action="/units/new"`,
		"vẫn được giữ trên thiết bị này",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	if strings.Contains(page, "Không có quyền truy cập") {
		t.Error("the answer still reads as access denied")
	}
	// The sign-in form on it works and returns to the form's page.
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the sign-in form has no CSRF token")
	}
	c.CSRF = m[1]
	resp, _ = c.Form("/login", url.Values{"username": {"office"}, "password": {demo.Password}, "next": {"/units/new"}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/units/new" {
		t.Errorf("sign-in from the prompt: %d → %q, want 303 → /units/new", resp.StatusCode, loc)
	}

	// A Referer from another site is not followed.
	c.Header = http.Header{"Referer": {"https://evil.example/units/new"}}
	c.CSRF = "stale"
	_, body = c.Form("/units/new", url.Values{"code": {"1"}})
	if !strings.Contains(string(body), `href="/units/new" data-resume-next`) {
		t.Errorf("a foreign Referer changed where the page leads: %s", body)
	}

	// The API answers in its error shape, as CONTRACT.md says.
	resp, body = c.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "1"})
	if e := webtest.DecodeError(t, body); resp.StatusCode != http.StatusForbidden || e.Error.Code != "csrf_failed" {
		t.Errorf("API: %d %s", resp.StatusCode, body)
	}
}
