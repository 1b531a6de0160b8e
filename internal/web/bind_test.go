package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// A JSON endpoint sent another type answers 415 in the error shape, naming
// the type it expects; JSON (with a charset, or a +json type) goes through
// to validation, and so does an empty body without a type, which routes
// whose body is optional rely on.
func TestBindJSONRefusesOtherContentTypes(t *testing.T) {
	a := webtest.New(t)
	a.Owner()
	a.User("office", role.Office, "")
	api := a.Token("office", webtest.Password)
	send := func(ctype, body string) (int, webtest.ErrorBody) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, a.HTTP.URL+"/api/v1/units", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer "+api.Bearer)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e webtest.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e
	}
	bad := `{"code":""}`
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "", "application/jsonx"} {
		status, e := send(ct, bad)
		if status != http.StatusUnsupportedMediaType || e.Error.Code != "unsupported_media_type" ||
			!strings.Contains(e.Error.Message, "application/json") {
			t.Errorf("Content-Type %q: %d %+v, want 415 naming application/json", ct, status, e.Error)
		}
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/merge-patch+json"} {
		if status, e := send(ct, bad); status != http.StatusUnprocessableEntity {
			t.Errorf("Content-Type %q: %d %+v, want 422 from validation", ct, status, e.Error)
		}
	}
	for _, ct := range []string{"", "text/plain"} {
		if status, e := send(ct, ""); status != http.StatusUnprocessableEntity {
			t.Errorf("empty body, Content-Type %q: %d %+v, want it read as {} (422 from validation)", ct, status, e.Error)
		}
	}
}
