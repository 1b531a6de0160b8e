package procedures_test

import (
	"net/http"
	"testing"
)

// TestWhoMayDoWhat checks the rules of CONTRACT.md: office manages,
// auditors read, an auditee reads its own unit's page only, and nobody
// signed out reads anything.
func TestWhoMayDoWhat(t *testing.T) {
	e := newEnv(t)
	loadAll(t, e.office, false)
	anon := e.app.Anonymous()
	for _, tc := range []struct {
		who    string
		method string
		path   string
		want   int
	}{
		{"auditor", "GET", "/procedures", 200},
		{"auditor", "GET", "/procedures/units/B", 200},
		{"auditor", "GET", "/procedures/catalogue", 200},
		{"auditor", "GET", "/procedures/figures", 200},
		{"auditor", "GET", "/procedures/export?format=csv", 200},
		{"auditor", "GET", "/procedures/import", 403},
		{"auditor", "GET", "/api/v1/procedures/reconciliation", 200},
		{"auditee", "GET", "/procedures", 303},
		{"auditee", "GET", "/procedures/units/A", 200},
		{"auditee", "GET", "/procedures/units/A/export?format=csv", 200},
		{"auditee", "GET", "/procedures/units/B", 404},
		{"auditee", "GET", "/procedures/units/B/export?format=csv", 404},
		{"auditee", "GET", "/api/v1/procedures/units/B", 404},
		{"auditee", "GET", "/procedures/catalogue", 403},
		{"auditee", "GET", "/procedures/figures", 403},
		{"auditee", "GET", "/procedures/export?format=csv", 403},
		{"auditee", "GET", "/api/v1/procedures/reconciliation", 403},
		{"anonymous", "GET", "/api/v1/procedures/units/A", 401},
		{"office", "GET", "/procedures/units/ZZ", 404},
	} {
		c := map[string]interface {
			Do(string, string, any) (*http.Response, []byte)
		}{"auditor": e.auditor, "auditee": e.auditee, "anonymous": anon, "office": e.office}[tc.who]
		if resp, _ := c.Do(tc.method, tc.path, nil); resp.StatusCode != tc.want {
			t.Errorf("%s %s %s: %d, want %d", tc.who, tc.method, tc.path, resp.StatusCode, tc.want)
		}
	}
	// Writes: auditors and auditees may not import or enter figures.
	for _, c := range []struct {
		name string
		do   func() int
	}{
		{"auditor imports a catalogue", func() int {
			r, _ := e.auditor.Upload("/api/v1/procedures/catalogue", "file", "c.csv", catalogue.csv(), nil)
			return r.StatusCode
		}},
		{"auditee imports its own portal list", func() int {
			r, _ := e.auditee.Upload("/procedures/units/A/import/portal", "file", "p.csv", portal.csv(), map[string]string{"csrf": e.auditee.CSRF})
			return r.StatusCode
		}},
		{"auditor enters figures", func() int {
			r, _ := e.auditor.Do(http.MethodPost, "/api/v1/procedures/figures", map[string]any{"unit": "A", "period": "2025", "received": 1})
			return r.StatusCode
		}},
	} {
		if got := c.do(); got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, got)
		}
	}
	// A form post without the CSRF token is refused.
	forger := e.app.Login("office", "correct horse battery")
	forger.CSRF = "" // no header either
	resp, _ := forger.Upload("/procedures/import/catalogue", "file", "c.csv", catalogue.csv(), map[string]string{"csrf": "forged"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("forged CSRF token: %d, want 403", resp.StatusCode)
	}
}
