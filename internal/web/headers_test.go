package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Every response carries the security headers: pages, the API, static
// files, redirects and errors of every kind, signed in or not.
func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	a := webtest.New(t)
	a.Unit("U1", "Xã Hiệp An", "")
	a.User("office", role.Office, "")
	a.User("auditee.U1", role.Auditee, "U1")
	browser := a.Login("office", webtest.Password)
	auditee := a.Login("auditee.U1", webtest.Password)
	api := a.Token("office", webtest.Password)
	anon := a.Anonymous()
	_, login := anon.Page("/login")
	css := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).FindString(login)
	if css == "" {
		t.Fatal("the sign-in page links no hashed stylesheet")
	}
	tests := []struct {
		name   string
		client *webtest.Client
		path   string
		status int
	}{
		{"sign-in page", anon, "/login", http.StatusOK},
		{"signed-in page", browser, "/", http.StatusOK},
		{"redirect to sign in", anon, "/", http.StatusSeeOther},
		{"page not found", browser, "/no/such/page", http.StatusNotFound},
		{"page forbidden", auditee, "/users", http.StatusForbidden},
		{"API forbidden", auditee, "/api/v1/users", http.StatusForbidden},
		{"API answer", api, "/api/v1/me", http.StatusOK},
		{"API error 401", anon, "/api/v1/me", http.StatusUnauthorized},
		{"API error 404", api, "/api/v1/nothing", http.StatusNotFound},
		{"static file", anon, css, http.StatusOK},
		{"static file not found", anon, "/static/app.0000000000.css", http.StatusNotFound},
		{"health", anon, "/healthz", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := tt.client.Do(http.MethodGet, tt.path, nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			checkHeaders(t, resp.Header)
		})
	}
	// A refused form post (no CSRF token) and a body too large are errors
	// raised before any handler; they carry the headers too.
	req, _ := http.NewRequest(http.MethodPost, a.HTTP.URL+"/lang", strings.NewReader("lang=en"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("post without a token: %d, want 403", resp.StatusCode)
	}
	checkHeaders(t, resp.Header)
}

func checkHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy allows inline or eval: %q", csp)
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// The templates keep to what the policy allows: no inline script, no style
// attributes, no event-handler attributes, so that nothing is silently
// blocked in the browser.
func TestPagesNeedNothingThePolicyForbids(t *testing.T) {
	a := webtest.New(t)
	a.User("admin", role.Admin, "")
	c := a.Login("admin", webtest.Password)
	script := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`)
	forbidden := regexp.MustCompile(`(?i)<style|\sstyle=|\son[a-z]+=`)
	for _, path := range []string{"/", "/login", "/password", "/account", "/users", "/users/new", "/users/import", "/trail", "/no/such/page"} {
		_, body := c.Page(path)
		for _, m := range script.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s holds an inline script %q", path, m[0])
			}
		}
		if m := forbidden.FindString(body); m != "" {
			t.Errorf("%s holds %q", path, m)
		}
	}
}
