package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The office puts its own certified officer in as the lead, an uncertified
// officer of another commune as an observer, and is refused, with the
// reason and the right unit named, for an observer proposed as lead, an
// officer of another commune as auditor and one from the audited unit.
func TestTeamsTakeOfficeStaffExpertsAndObservers(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 11})
	_, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	a := out.Audits[0]
	var other string
	for _, u := range e.units {
		if u != a.AuditorUnit && u != a.AuditeeUnit {
			other = u
			break
		}
	}
	e.app.User("office.iso", role.Office, "")
	e.app.User("auditor.new", role.Auditor, other) // not certified
	team := fmt.Sprintf("/api/v1/audits/%d/team", a.ID)
	set := func(in map[string]string) (int, string) {
		resp, body := e.office.Do(http.MethodPost, team, in)
		msg := ""
		if resp.StatusCode != http.StatusOK {
			msg, _ = webtest.DecodeError(t, body).Error.Fields["username"].(string)
		}
		return resp.StatusCode, msg
	}

	// An uncertified officer of the office cannot lead…
	lead := "auditor." + a.AuditorUnit
	if status, msg := set(map[string]string{"username": "office.iso", "replace": lead, "reason": "Phòng Nội vụ chủ trì"}); status != http.StatusUnprocessableEntity || !strings.Contains(msg, "không có chứng chỉ") {
		t.Errorf("uncertified office officer as lead: %d %q", status, msg)
	}
	// …a certified one can.
	e.certify(t, "office.iso", "2020-01-01", "2099-12-31")
	if status, msg := set(map[string]string{"username": "office.iso", "replace": lead, "reason": "Phòng Nội vụ chủ trì"}); status != http.StatusOK {
		t.Fatalf("certified office officer as lead: %d %q", status, msg)
	}
	// An uncertified officer of another commune joins as an observer, not as
	// an auditor nor as the lead.
	if status, msg := set(map[string]string{"username": "auditor.new", "role": "auditor", "reason": "Học việc"}); status != http.StatusUnprocessableEntity || !strings.Contains(msg, "Xã "+other+" ("+other+")") || !strings.Contains(msg, "("+a.AuditorUnit+")") {
		t.Errorf("another commune's officer as auditor: %d %q (want both units named)", status, msg)
	}
	if status, msg := set(map[string]string{"username": "auditor.new", "role": "observer", "reason": "Học việc"}); status != http.StatusOK {
		t.Errorf("uncertified observer: %d %q", status, msg)
	}
	if status, msg := set(map[string]string{"username": "auditor.new", "replace": "office.iso", "reason": "Đổi trưởng đoàn"}); status != http.StatusUnprocessableEntity {
		t.Errorf("an observer proposed as lead: %d %q", status, msg)
	}
	// Nobody from the audited unit, whatever the role; the message names it.
	if status, msg := set(map[string]string{"username": "auditor." + a.AuditeeUnit, "role": "expert", "reason": "Thử"}); status != http.StatusUnprocessableEntity || !strings.Contains(msg, "Xã "+a.AuditeeUnit+" ("+a.AuditeeUnit+"), là đơn vị được đánh giá") {
		t.Errorf("the audited unit's officer as expert: %d %q", status, msg)
	}
	var leadNow string
	if err := e.app.DB.R.QueryRow(`SELECT u.username FROM audit_team t JOIN users u ON u.id = t.user_id WHERE t.audit_id = ? AND t.role = 'lead'`, a.ID).Scan(&leadNow); err != nil || leadNow != "office.iso" {
		t.Errorf("the lead is %q (%v), want office.iso", leadNow, err)
	}
}

// A declared conflict keeps a person off the team, whatever the role, and
// the refusal says so.
func TestJoinRefusalNamesTheConflict(t *testing.T) {
	c := audit.Candidate{Username: "x", UnitCode: "A", Conflicts: []string{"B"}, Certificates: [][2]string{{"2020-01-01", "2099-12-31"}}}
	for _, r := range audit.TeamRoles {
		if why := c.JoinRefusal(r, "A", "B", "2026-06-01"); why != "audit.member_conflict" {
			t.Errorf("%s with a conflict: %q", r, why)
		}
	}
	if why := c.JoinRefusal(audit.TeamLead, "A", "C", "2026-06-01"); why != "" {
		t.Errorf("a certified officer of the auditing unit as lead: %q", why)
	}
}
