package handlers_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// registerEntry is one line of the register as CONTRACT.md names it.
type registerEntry struct {
	ID          int64   `json:"id"`
	AuditID     int64   `json:"audit_id"`
	AuditeeUnit string  `json:"auditee_unit"`
	AuditorUnit string  `json:"auditor_unit"`
	Clause      string  `json:"clause"`
	ItemID      string  `json:"item_id"`
	Grade       string  `json:"grade"`
	Statement   string  `json:"statement"`
	Evidence    string  `json:"evidence"`
	Status      string  `json:"status"`
	PlanDue     *string `json:"plan_due"`
	Overdue     *bool   `json:"overdue"`
	RepeatOf    *int64  `json:"repeat_of"`
}

func (e *conductEnv) register(t *testing.T, c *webtest.Client, query string) []registerEntry {
	t.Helper()
	resp, body := c.Do(http.MethodGet, "/api/v1/nonconformities"+query, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register%s: %d %s", query, resp.StatusCode, body)
	}
	var out []registerEntry
	mustDecode(t, body, &out)
	return out
}

func TestNonconformityRegister(t *testing.T) {
	e := newNCEnv(t)
	all := e.register(t, e.office, "")
	if len(all) != 2 {
		t.Fatalf("register %+v, want the 2 nonconformities (the observation is not one)", all)
	}
	nc := all[0]
	if nc.AuditID != e.auditID || nc.AuditorUnit != "A" || nc.AuditeeUnit != e.auditee || nc.ItemID != "C10" || nc.Clause != "6.1" ||
		nc.Grade != "minor" || nc.Status != "open" || nc.Evidence != "Chưa nhận diện rủi ro trễ hạn" || nc.PlanDue == nil ||
		nc.Overdue == nil || *nc.Overdue || nc.RepeatOf != nil {
		t.Errorf("entry %+v", nc)
	}
	other := "B"
	if e.auditee == other {
		other = "C"
	}
	visible := map[string]int{
		"auditee." + e.auditee: 2, // its own
		"auditor.A":            2, // raised by its unit
		"auditor2.A":           2,
		"auditee.A":            0,
		"auditor." + other:     0,
		"auditee." + other:     0,
	}
	for who, want := range visible {
		if got := len(e.register(t, e.app.Token(who, webtest.Password), "")); got != want {
			t.Errorf("%s sees %d, want %d", who, got, want)
		}
	}
	filters := map[string]int{"?unit=A": 2, "?unit=" + e.auditee: 2, "?unit=" + other: 0, "?status=open": 2, "?status=closed": 0,
		"?auditor=A": 2, "?auditee=A": 0, "?auditee=" + e.auditee + "&auditor=A": 2, "?grade=major": 1, "?grade=minor": 1,
		"?clause=6": 1, "?clause=6.1": 1, "?clause=6.2": 0, "?clause=6.": 0, "?programme=1&round=1": 2, "?round=2": 0, "?overdue=1": 0, "?overdue=0": 2}
	for q, want := range filters {
		if got := len(e.register(t, e.office, q)); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
	for _, q := range []string{"?programme=abc", "?status=solved", "?round=x", "?grade=observation", "?overdue=maybe"} {
		if r, b := e.office.Do(http.MethodGet, "/api/v1/nonconformities"+q, nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", q, r.StatusCode, b)
		}
	}
	// An overdue plan is flagged and filtered.
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET plan_due = '2020-01-02' WHERE id = ?`, nc.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.register(t, e.office, "?overdue=1"); len(got) != 1 || got[0].ID != nc.ID || !*got[0].Overdue {
		t.Errorf("overdue: %+v", got)
	}

	// Corrections by the lead, each in the trail with what it replaced.
	path := fmt.Sprintf("/api/v1/nonconformities/%d", nc.ID)
	r, b := e.lead.Do(http.MethodPatch, path, map[string]any{"grade": "major", "statement": "Chưa nhận diện, đánh giá rủi ro trễ hạn hồ sơ"})
	var got findings.Finding
	mustDecode(t, b, &got)
	if r.StatusCode != http.StatusOK || got.Grade != "major" || got.Statement != "Chưa nhận diện, đánh giá rủi ro trễ hạn hồ sơ" {
		t.Fatalf("correction: %d %s", r.StatusCode, b)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'finding' AND entity_id = ? AND action = 'edit' AND summary LIKE '%"from":"minor"%'`, fmt.Sprint(nc.ID)); n != 1 {
		t.Errorf("%d trail events for the correction", n)
	}
	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"grade": "critical"}, "grade"},
		{map[string]any{"statement": "   "}, "statement"},
		{map[string]any{}, "grade"},
	}
	for _, tt := range bad {
		r, b := e.lead.Do(http.MethodPatch, path, tt.body)
		if eb := webtest.DecodeError(t, b); r.StatusCode != http.StatusUnprocessableEntity || eb.Error.Fields[tt.field] == nil {
			t.Errorf("%v: %d %s", tt.body, r.StatusCode, b)
		}
	}
	// The root cause is the audited unit's, not the lead's.
	if r, _ := e.lead.Do(http.MethodPatch, path, map[string]any{"root_cause": "Thiếu người"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the lead writing the root cause: %d", r.StatusCode)
	}
	// Once the report is issued, grades are locked.
	if _, err := e.app.DB.W.Exec(`UPDATE audits SET status = 'issued' WHERE id = ?`, e.auditID); err != nil {
		t.Fatal(err)
	}
	if r, b := e.office.Do(http.MethodPatch, path, map[string]any{"grade": "minor"}); r.StatusCode != http.StatusConflict {
		t.Errorf("after issue: %d %s", r.StatusCode, b)
	}
	if r, b := e.auditeeC.Do(http.MethodPatch, path, map[string]any{"root_cause": "Thiếu người"}); r.StatusCode != http.StatusOK {
		t.Errorf("the analysis after issue: %d %s", r.StatusCode, b)
	}
	// The observation is a finding but not a nonconformity.
	var obs int64
	_ = e.app.DB.R.QueryRow(`SELECT id FROM findings WHERE grade = 'observation'`).Scan(&obs)
	if r, _ := e.lead.Do(http.MethodPatch, fmt.Sprintf("/api/v1/nonconformities/%d", obs), map[string]any{"grade": "minor"}); r.StatusCode != http.StatusNotFound {
		t.Errorf("an observation through the nonconformity route: %d", r.StatusCode)
	}
	if r, _ := e.office.Do(http.MethodPatch, "/api/v1/nonconformities/99999", map[string]any{"grade": "minor"}); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown: %d", r.StatusCode)
	}
}
