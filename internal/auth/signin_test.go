package auth_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func newApp(t *testing.T) *webtest.App {
	t.Helper()
	a := webtest.New(t)
	a.Unit("U1", "Xã Hiệp An", "Cụm 1")
	a.User("admin", role.Admin, "")
	a.User("office", role.Office, "")
	a.User("auditee.U1", role.Auditee, "U1")
	return a
}

func TestSignInRightAndWrong(t *testing.T) {
	a := newApp(t)
	c := a.Anonymous()
	if status := c.TryLogin("office", "wrong password!"); status != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", status)
	}
	_, unknownBody := c.Form("/login", url.Values{"username": {"nobody"}, "password": {"whatever123"}})
	_, wrongBody := c.Form("/login", url.Values{"username": {"office"}, "password": {"whatever123"}})
	if !strings.Contains(string(unknownBody), "Tên đăng nhập hoặc mật khẩu không đúng") ||
		!strings.Contains(string(wrongBody), "Tên đăng nhập hoặc mật khẩu không đúng") {
		t.Error("the failure message differs between an unknown user and a wrong password")
	}
	if status := c.TryLogin("office", webtest.Password); status != http.StatusSeeOther {
		t.Fatalf("right password: %d, want 303", status)
	}
	if status, body := c.Page("/"); status != http.StatusOK || !strings.Contains(body, "Xin chào") {
		t.Errorf("home after sign-in: %d", status)
	}
}

func TestDeactivatedUserCannotSignInAndLosesSessions(t *testing.T) {
	a := newApp(t)
	auditee := a.Login("auditee.U1", webtest.Password)
	office := a.Token("office", webtest.Password)
	if resp, body := office.Do(http.MethodPost, "/api/v1/users/auditee.U1/deactivate", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("deactivate: %d %s", resp.StatusCode, body)
	}
	if status, _ := auditee.Page("/"); status != http.StatusSeeOther {
		t.Errorf("deactivated user's session still works: %d", status)
	}
	if status := a.Anonymous().TryLogin("auditee.U1", webtest.Password); status != http.StatusUnauthorized {
		t.Errorf("deactivated sign-in: %d, want 401", status)
	}
}

func TestForcedPasswordChange(t *testing.T) {
	a := newApp(t)
	admin := a.Token("admin", webtest.Password)
	const temp = "tạm thời 12345"
	if resp, body := admin.Do(http.MethodPost, "/api/v1/users/office/reset-password", map[string]string{"password": temp}); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %d %s", resp.StatusCode, body)
	}
	c := a.Anonymous()
	c.Page("/login")
	resp, _ := c.Form("/login", url.Values{"username": {"office"}, "password": {temp}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/password" {
		t.Fatalf("sign-in with a reset password: %d → %q, want /password", resp.StatusCode, loc)
	}
	if resp, _ := c.Do(http.MethodGet, "/", nil); resp.Header.Get("Location") != "/password" {
		t.Errorf("home before the change: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	c.Page("/password")
	if resp, _ := c.Do(http.MethodGet, "/api/v1/me", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("API before the change: %d, want 403", resp.StatusCode)
	}
	resp, body := c.Form("/password", url.Values{"current": {temp}, "new": {"short"}, "confirm": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "ít nhất 10 ký tự") {
		t.Errorf("short new password: %d", resp.StatusCode)
	}
	const next = "mật khẩu mới của tôi"
	resp, _ = c.Form("/password", url.Values{"current": {temp}, "new": {next}, "confirm": {next}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("change: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, _ := c.Page("/"); status != http.StatusSeeOther {
		t.Error("the session survived the password change")
	}
	if status := a.Anonymous().TryLogin("office", next); status != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", status)
	}
}

func TestTokensIssuedUsedExpiredRevoked(t *testing.T) {
	a := newApp(t)
	c := a.Token("office", webtest.Password)
	if resp, body := c.Do(http.MethodGet, "/api/v1/me", nil); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"username":"office"`) {
		t.Fatalf("me: %d %s", resp.StatusCode, body)
	}
	// Bearer calls need no CSRF token.
	if resp, body := c.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "U9", "name": "Xã Chín"}); resp.StatusCode != http.StatusCreated {
		t.Errorf("bearer POST: %d %s", resp.StatusCode, body)
	}
	var tokenID int64
	a.DB.R.QueryRow(`SELECT id FROM api_tokens ORDER BY id DESC LIMIT 1`).Scan(&tokenID)

	other := a.Token("office", webtest.Password)
	if resp, _ := other.Do(http.MethodDelete, "/api/v1/tokens/"+itoa(tokenID), nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if resp, _ := c.Do(http.MethodGet, "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", resp.StatusCode)
	}
	admin := a.Token("admin", webtest.Password)
	if resp, _ := admin.Do(http.MethodDelete, "/api/v1/tokens/"+itoa(tokenID+1), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d, want 404", resp.StatusCode)
	}
	later := time.Now().Add(auth.TokenLifetime + time.Hour)
	a.DB.Now = func() time.Time { return later }
	if resp, _ := other.Do(http.MethodGet, "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("expired token: %d, want 401", resp.StatusCode)
	}
	if resp, _ := a.Anonymous().Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": "office", "password": "nope nope nope"}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token with a wrong password: %d", resp.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCSRFRefusedWhenMissingOrForged(t *testing.T) {
	a := newApp(t)
	c := a.Login("office", webtest.Password)
	send := func(token string) int {
		req, _ := http.NewRequest(http.MethodPost, a.HTTP.URL+"/api/v1/units", strings.NewReader(`{"code":"C1","name":"Xã C"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := send(""); got != http.StatusForbidden {
		t.Errorf("missing token: %d, want 403", got)
	}
	if got := send("forged-token-forged-token-forged-token"); got != http.StatusForbidden {
		t.Errorf("forged token: %d, want 403", got)
	}
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM units WHERE code = 'C1'`).Scan(&n)
	if n != 0 {
		t.Fatal("a refused request stored a unit")
	}
	if got := send(c.CSRF); got != http.StatusCreated {
		t.Errorf("right token: %d, want 201", got)
	}
	// The sign-in form is protected too.
	fresh := a.Anonymous()
	resp, _ := fresh.Form("/login", url.Values{"username": {"office"}, "password": {webtest.Password}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the form's token: %d, want 403", resp.StatusCode)
	}
	// Sign-out is a form post with the token.
	resp, _ = c.Form("/logout", url.Values{})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if status, _ := c.Page("/"); status != http.StatusSeeOther {
		t.Error("the session survived sign-out")
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	a := newApp(t)
	c := a.Anonymous()
	c.Page("/login")
	resp, _ := c.Form("/login", url.Values{"username": {"office"}, "password": {webtest.Password}})
	var found bool
	for _, ck := range resp.Cookies() {
		if ck.Name == auth.SessionCookie {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie: HttpOnly=%v SameSite=%v", ck.HttpOnly, ck.SameSite)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	var stored int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM sessions WHERE length(token_hash) = 64`).Scan(&stored)
	if stored != 1 {
		t.Errorf("sessions stored as hashes: %d", stored)
	}
}
