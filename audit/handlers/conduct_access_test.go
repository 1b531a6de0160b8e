package handlers_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestWhoMayDoWhatWithAnAudit walks the cells of CONTRACT.md's "Who may do
// what" that concern audits: each kind of user × read, answer, attach,
// submit and edit a finding. "—" is 403, or 404 where the user may not know
// that the audit exists.
func TestWhoMayDoWhatWithAnAudit(t *testing.T) {
	e := newConductEnv(t)
	other := "B"
	if e.auditee == other {
		other = "C"
	}
	actors := map[string]*webtest.Client{
		"admin":                 e.app.Token("admin", webtest.Password),
		"office":                e.office,
		"team lead":             e.lead,
		"team auditor":          e.member,
		"other auditor":         e.app.Token("auditor."+other, webtest.Password),
		"auditee of the unit":   e.auditeeC,
		"auditee of other unit": e.app.Token("auditee."+other, webtest.Password),
	}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	type cell map[string]int
	open := []struct {
		action string
		do     func(c *webtest.Client) int
		want   cell
	}{
		{"read", func(c *webtest.Client) int { r, _ := c.Do(http.MethodGet, e.path(""), nil); return r.StatusCode },
			cell{"admin": 200, "office": 200, "team lead": 200, "team auditor": 200, "other auditor": 404, "auditee of the unit": 200, "auditee of other unit": 404}},
		{"answer", func(c *webtest.Client) int {
			status, _ := e.put(c, "C02", map[string]any{"result": "conform", "note": "ok", "version": 0})
			return status
		}, cell{"admin": 403, "office": 403, "team lead": 200, "team auditor": 200, "other auditor": 404, "auditee of the unit": 403, "auditee of other unit": 403}},
		{"attach", func(c *webtest.Client) int { status, _ := e.upload(c, "C02", "a.pdf", pdf); return status },
			cell{"admin": 403, "office": 403, "team lead": 201, "team auditor": 201, "other auditor": 404, "auditee of the unit": 403, "auditee of other unit": 403}},
		// The team may submit: here it is refused for the unanswered items (422), after the rule let it through.
		{"submit", func(c *webtest.Client) int {
			r, _ := c.Do(http.MethodPost, e.path("/submit"), nil)
			return r.StatusCode
		},
			cell{"admin": 403, "office": 403, "team lead": 422, "team auditor": 422, "other auditor": 404, "auditee of the unit": 403, "auditee of other unit": 403}},
	}
	for _, row := range open {
		for who, want := range row.want {
			if got := row.do(actors[who]); got != want {
				t.Errorf("%s × %s: %d, want %d", who, row.action, got, want)
			}
		}
	}
	// Before submission the audited unit reads the plan and team, not the answers.
	_, body := e.auditeeC.Do(http.MethodGet, e.path(""), nil)
	var v findings.AuditView
	mustDecode(t, body, &v)
	if len(v.Team) == 0 || len(v.Items) != 69 || v.Items[1].Answer != nil || v.Progress != nil {
		t.Errorf("the auditee sees answers before submission: %s", body)
	}

	e.answerAll(t, map[string]map[string]any{"C10": {"result": "minor", "note": "Chưa có sổ rủi ro"}})
	if r, b := e.lead.Do(http.MethodPost, e.path("/submit"), nil); r.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", r.StatusCode, b)
	}
	var nc int64
	if err := e.app.DB.R.QueryRow(`SELECT id FROM findings WHERE item_code = 'C10'`).Scan(&nc); err != nil {
		t.Fatal(err)
	}
	edit := cell{"admin": 200, "office": 200, "team lead": 200, "team auditor": 403, "other auditor": 404, "auditee of the unit": 403, "auditee of other unit": 404}
	for who, want := range edit {
		r, b := actors[who].Do(http.MethodPatch, fmt.Sprintf("/api/v1/nonconformities/%d", nc), map[string]any{"statement": "Chưa lập sổ theo dõi rủi ro (" + who + ")"})
		if r.StatusCode != want {
			t.Errorf("%s × edit a finding: %d %s, want %d", who, r.StatusCode, b, want)
		}
	}
	for who, want := range (cell{"other auditor": 404, "auditee of other unit": 404, "auditee of the unit": 200, "team auditor": 200}) {
		if r, _ := actors[who].Do(http.MethodGet, e.path(""), nil); r.StatusCode != want {
			t.Errorf("%s × read after submission: %d, want %d", who, r.StatusCode, want)
		}
	}
	// Until issued: afterwards the lead's correction is a conflict.
	if _, err := e.app.DB.W.Exec(`UPDATE audits SET status = 'issued' WHERE id = ?`, e.auditID); err != nil {
		t.Fatal(err)
	}
	r, b := e.lead.Do(http.MethodPatch, fmt.Sprintf("/api/v1/nonconformities/%d", nc), map[string]any{"grade": "major"})
	if eb := webtest.DecodeError(t, b); r.StatusCode != http.StatusConflict || eb.Error.Allowed == nil {
		t.Errorf("editing after issue: %d %s", r.StatusCode, b)
	}
}

// An observer on the team watches and may not answer.
func TestObserverMayNotAnswer(t *testing.T) {
	e := newConductEnv(t)
	e.app.User("observer.A", "auditor", "A")
	var userID int64
	_ = e.app.DB.R.QueryRow(`SELECT id FROM users WHERE username = 'observer.A'`).Scan(&userID)
	if _, err := e.app.DB.W.Exec(`INSERT INTO audit_team (audit_id, user_id, role) VALUES (?, ?, 'observer')`, e.auditID, userID); err != nil {
		t.Fatal(err)
	}
	c := e.app.Token("observer.A", webtest.Password)
	if r, _ := c.Do(http.MethodGet, e.path(""), nil); r.StatusCode != http.StatusOK {
		t.Errorf("observer reads: %d", r.StatusCode)
	}
	if status, _ := e.put(c, "C01", map[string]any{"result": "conform", "version": 0}); status != http.StatusForbidden {
		t.Errorf("observer answers: %d", status)
	}
}
