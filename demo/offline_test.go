package demo_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestDemoOffline checks what working offline starts from at first
// sign-in: the lead auditor of an audit in progress gets it (and only the
// open audits of the team) listed for the tablet to keep, the audit page
// carries the offline queue's panel, and the service worker is served.
func TestDemoOffline(t *testing.T) {
	d, _ := loaded(t)
	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) {
		if err := handlers.Mount(s, r, handlers.StoresOf(findings.Open(d)), nil); err != nil {
			t.Fatal(err)
		}
	})
	var id int64
	var lead string
	err := d.R.QueryRow(`SELECT a.id, u.username FROM audits a JOIN audit_team t ON t.audit_id = a.id AND t.role = 'lead'
		JOIN users u ON u.id = t.user_id WHERE a.status = 'in_progress' ORDER BY a.id LIMIT 1`).Scan(&id, &lead)
	if err != nil {
		t.Fatalf("no audit in progress with a lead: %v", err)
	}
	c := a.Login(lead, demo.Password)
	resp, body := c.Do(http.MethodGet, "/api/v1/offline", nil)
	var s struct {
		User   string
		Audits []struct {
			ID     int64
			Status string
		}
	}
	if err := json.Unmarshal(body, &s); err != nil || resp.StatusCode != http.StatusOK || s.User != lead {
		t.Fatalf("GET /api/v1/offline as %s: %d %s", lead, resp.StatusCode, body)
	}
	found := false
	for _, x := range s.Audits {
		found = found || x.ID == id
		if x.Status != audit.StatusInProgress && x.Status != audit.StatusPlanned {
			t.Errorf("audit %d (%s) offered for offline work", x.ID, x.Status)
		}
	}
	if !found {
		t.Errorf("%s's audit %d in progress is not kept for offline work: %s", lead, id, body)
	}
	status, page := c.Page(fmt.Sprintf("/audits/%d", id))
	if status != http.StatusOK || !strings.Contains(page, `id="offline"`) || !strings.Contains(page, `data-user="`+lead+`"`) {
		t.Errorf("the audit page lacks the offline queue (%d)", status)
	}
	if resp, _ := c.Do(http.MethodGet, "/sw.js", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /sw.js: %d", resp.StatusCode)
	}
}
