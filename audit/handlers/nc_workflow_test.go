package handlers_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// setNC puts the nonconformity in a state with everything every step
// needs: the analysis written, one action (open when the next step is
// submitting the plan, done otherwise), evidence of both kinds, verified
// long enough ago to close.
func (e *ncEnv) setNC(t *testing.T, id int64, status, to string) {
	t.Helper()
	d := e.app.DB
	old := time.Now().AddDate(0, 0, -60).UTC().Format(time.RFC3339)
	stmts := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM nc_evidence_blobs WHERE evidence_id IN (SELECT id FROM nc_evidence WHERE finding_id = ?)`, []any{id}},
		{`DELETE FROM nc_evidence WHERE finding_id = ?`, []any{id}},
		{`DELETE FROM nc_actions WHERE finding_id = ?`, []any{id}},
		{`UPDATE findings SET status = ?, root_cause = 'Chưa có quy trình', correction = 'Đã xử lý', similar_cases = 'Không có', cause_category = 'method',
			verified_at = ? WHERE id = ?`, []any{status, old, id}},
		{`INSERT INTO nc_actions (finding_id, description, owner_id, due_date, done_at, created_at)
			SELECT ?, 'Ban hành quy trình', id, '2099-01-01', CASE WHEN ? THEN NULL ELSE ? END, ? FROM users WHERE username = ?`,
			[]any{id, to == findings.NCPlanSubmitted, old, old, "auditee." + e.auditee}},
		{`INSERT INTO nc_evidence (id, finding_id, kind, filename, content_type, size, sha256, created_at) VALUES
			(?, ?, 'implementation', 'a.png', 'image/png', 1, 'x', ?), (?, ?, 'effectiveness', 'b.png', 'image/png', 1, 'x', ?)`,
			[]any{id * 10, id, old, id*10 + 1, id, old}},
	}
	for _, s := range stmts {
		if _, err := d.W.Exec(s.q, s.args...); err != nil {
			t.Fatalf("%s: %v", s.q, err)
		}
	}
}

func (e *ncEnv) ncStatus(t *testing.T, id int64) string {
	t.Helper()
	var s string
	if err := e.app.DB.R.QueryRow(`SELECT status FROM findings WHERE id = ?`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Every transition (every pair of states) against every role and unit
// relationship: the step is taken exactly when the workflow has it and
// the user is on the side that takes it; someone who may not see the
// nonconformity gets 404, someone who sees it but is on the wrong side
// 403, and a step the workflow does not have 409 with the allowed states.
func TestNCTransitionsEveryRole(t *testing.T) {
	e := newNCEnv(t)
	other := "B"
	if e.auditee == other {
		other = "C"
	}
	type who struct {
		name          string
		sees          bool
		auditee, lead bool
	}
	people := []who{
		{"admin", true, true, true},
		{"office", true, true, true},
		{"auditor.A", true, false, true},              // the auditing team's lead
		{"auditor2.A", true, false, false},            // on the auditing team, not its lead
		{"auditee." + e.auditee, true, true, false},   // the audited unit
		{"auditor." + e.auditee, false, false, false}, // an auditor of the audited unit
		{"auditee.A", false, false, false},            // an auditee of the auditing unit
		{"auditor." + other, false, false, false},
		{"auditee." + other, false, false, false},
	}
	clients := map[string]*webtest.Client{}
	for _, p := range people {
		clients[p.name] = e.app.Token(p.name, webtest.Password)
	}
	auditeeSteps := map[[2]string]bool{{"open", "cause_analysed"}: true, {"cause_analysed", "plan_submitted"}: true,
		{"plan_accepted", "implemented"}: true, {"reopened", "cause_analysed"}: true}
	leadSteps := map[[2]string]bool{{"plan_submitted", "plan_accepted"}: true, {"plan_submitted", "cause_analysed"}: true,
		{"implemented", "verified"}: true, {"verified", "closed"}: true, {"closed", "reopened"}: true}
	for _, from := range findings.NCStates {
		for _, to := range findings.NCStates {
			step := [2]string{from, to}
			e.setNC(t, e.nc, from, to)
			for _, p := range people {
				want := http.StatusOK
				switch {
				case !p.sees:
					want = http.StatusNotFound
				case !auditeeSteps[step] && !leadSteps[step]:
					want = http.StatusConflict
				case auditeeSteps[step] && !p.auditee, leadSteps[step] && !p.lead:
					want = http.StatusForbidden
				}
				r, b := clients[p.name].Do(http.MethodPost, ncPath(e.nc, "/transition"), map[string]string{"to": to, "note": "Ghi chú"})
				if r.StatusCode != want {
					t.Errorf("%s → %s by %s: %d, want %d: %s", from, to, p.name, r.StatusCode, want, b)
					continue
				}
				got := e.ncStatus(t, e.nc)
				if want == http.StatusOK && got != to || want != http.StatusOK && got != from {
					t.Errorf("%s → %s by %s: now %s", from, to, p.name, got)
				}
				if got != from {
					e.setNC(t, e.nc, from, to)
				}
				if want == http.StatusConflict {
					eb := webtest.DecodeError(t, b)
					if fmt.Sprint(eb.Error.Allowed) != fmt.Sprint(findings.NextNCStates(from)) || eb.Error.Fields["allowed"] == nil {
						t.Errorf("%s → %s: allowed states in %s", from, to, b)
					}
				}
			}
		}
	}
}

// The rules of acceptance and closure: a plan needs a root cause and an
// action; implementation needs its evidence and every action done;
// closure needs the effectiveness period, effectiveness evidence and a
// reason; and each step is in the history with who, when and the note.
func TestNCWorkflowRules(t *testing.T) {
	e := newNCEnv(t)
	unit, lead, office := e.auditeeC, e.lead, e.office
	id := e.nc
	steps := func(to, note string, want int) []byte {
		t.Helper()
		c := unit
		if slices.Contains([]string{"plan_accepted", "verified", "closed", "reopened"}, to) || note == "return" {
			c = lead
		}
		return expect(t, c, http.MethodPost, ncPath(id, "/transition"), map[string]string{"to": to, "note": note}, want)
	}
	field := func(b []byte, name string) {
		t.Helper()
		if eb := webtest.DecodeError(t, b); eb.Error.Fields[name] == nil {
			t.Errorf("no %q in %s", name, b)
		}
	}
	// Analysis first.
	field(steps("cause_analysed", "", 422), "root_cause")
	expect(t, lead, http.MethodPatch, ncPath(id, ""), map[string]any{"root_cause": "Thiếu người"}, 403)
	expect(t, unit, http.MethodPatch, ncPath(id, ""), map[string]any{"grade": "major"}, 403)
	expect(t, unit, http.MethodPatch, ncPath(id, ""), map[string]any{
		"whys":          []string{"Vì sao hồ sơ trễ? Vì chưa theo dõi hạn", "Vì sao chưa theo dõi? Vì chưa phân công", " "},
		"root_cause":    "Chưa phân công người theo dõi hạn giải quyết hồ sơ trên hệ thống một cửa",
		"correction":    "Đã liên hệ công dân, xin lỗi và hẹn lại (Mẫu 04)",
		"similar_cases": "Rà soát 3 lĩnh vực còn lại: tư pháp có 2 hồ sơ tương tự"}, 200)
	// The root cause's category is asked for by the step (issue 25), and an
	// unknown one is refused naming it.
	field(steps("cause_analysed", "", 422), "cause_category")
	field(expect(t, unit, http.MethodPatch, ncPath(id, ""), map[string]any{"cause_category": "luck"}, 422), "cause_category")
	if got := e.detail(t, id); got.CauseCategory != nil || got.RootCause == "" {
		t.Fatalf("after an unknown category: %v, root cause %q", got.CauseCategory, got.RootCause)
	}
	expect(t, unit, http.MethodPatch, ncPath(id, ""), map[string]any{"cause_category": "workload"}, 200)
	// No action may be added before the analysis is submitted.
	expect(t, unit, http.MethodPost, ncPath(id, "/actions"), map[string]string{"description": "x", "owner": "auditee." + e.auditee, "due_date": inDays(5)}, 409)
	steps("cause_analysed", "", 200)
	field(steps("plan_submitted", "", 422), "actions")
	// Bad actions change nothing.
	bad := []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"description": "Ban hành quy trình", "owner": "auditee." + e.auditee, "due_date": inDays(-1)}, "due_date"},
		{map[string]string{"description": "Ban hành quy trình", "owner": "auditee." + e.auditee, "due_date": "31/12/2099"}, "due_date"},
		{map[string]string{"description": "Ban hành quy trình", "owner": "auditee.A", "due_date": inDays(5)}, "owner"},
		{map[string]string{"description": "Ban hành quy trình", "owner": "nobody", "due_date": inDays(5)}, "owner"},
		{map[string]string{"description": " ", "owner": "auditee." + e.auditee, "due_date": inDays(5)}, "description"},
	}
	for _, tt := range bad {
		field(expect(t, unit, http.MethodPost, ncPath(id, "/actions"), tt.body, 422), tt.field)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions`); n != 0 {
		t.Fatalf("%d actions after bad input", n)
	}
	expect(t, e.member, http.MethodPost, ncPath(id, "/actions"), map[string]string{"description": "x", "owner": "auditee." + e.auditee, "due_date": inDays(5)}, 403)
	expect(t, unit, http.MethodPost, ncPath(id, "/actions"), map[string]string{"description": "Phân công công chức theo dõi hạn hằng ngày",
		"owner": "auditee." + e.auditee, "due_date": inDays(10)}, 201)
	steps("plan_submitted", "", 200)
	expect(t, unit, http.MethodPatch, ncPath(id, ""), map[string]any{"root_cause": "Khác"}, 409)
	// Returned with a reason, then accepted.
	steps("cause_analysed", "return", 200) // the note "return" is the reason
	steps("plan_submitted", "", 200)
	field(expect(t, lead, http.MethodPost, ncPath(id, "/transition"), map[string]string{"to": "cause_analysed"}, 422), "note")
	steps("plan_accepted", "Kế hoạch phù hợp", 200)
	// Implementation needs the actions done and evidence.
	b := steps("implemented", "", 422)
	field(b, "actions")
	field(b, "evidence")
	act := e.detail(t, id).Actions[0]
	expect(t, unit, http.MethodPost, ncPath(id, fmt.Sprintf("/actions/%d/done", act.ID)), map[string]string{"note": ""}, 422)
	expect(t, unit, http.MethodPost, ncPath(id, fmt.Sprintf("/actions/%d/done", act.ID)), map[string]string{"note": "Đã có quyết định phân công số 12/QĐ-UBND"}, 200)
	expect(t, unit, http.MethodPost, ncPath(id, fmt.Sprintf("/actions/%d/done", act.ID)), map[string]string{"note": "lại"}, 409)
	if r, b := unit.Upload(ncPath(id, "/evidence"), "file", "a.txt", []byte("không phải ảnh"), map[string]string{"kind": "implementation"}); r.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a text file: %d %s", r.StatusCode, b)
	}
	if r, b := unit.Upload(ncPath(id, "/evidence"), "file", "ke-hoach.pdf", scriptedPDF, map[string]string{"kind": "implementation"}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(b), "ke-hoach.pdf") || !strings.Contains(string(b), `"file"`) {
		t.Errorf("a PDF running JavaScript: %d %s, want 422 naming the file", r.StatusCode, b)
	}
	if r, b := lead.Upload(ncPath(id, "/evidence"), "file", "a.png", photo(t), map[string]string{"kind": "implementation"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the lead's implementation evidence: %d %s", r.StatusCode, b)
	}
	if r, b := unit.Upload(ncPath(id, "/evidence"), "file", "a.png", photo(t), map[string]string{"kind": "effectiveness"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the unit's effectiveness evidence: %d %s", r.StatusCode, b)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_evidence`); n != 0 {
		t.Fatalf("%d evidence after bad uploads", n)
	}
	if r, b := unit.Upload(ncPath(id, "/evidence"), "file", "quyet-dinh.png", photo(t), map[string]string{"kind": "implementation"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("evidence: %d %s", r.StatusCode, b)
	}
	steps("implemented", "Đã thực hiện xong", 200)
	steps("verified", "Đã kiểm tra quyết định và sổ theo dõi", 200)
	// Closing waits for the effectiveness period and its evidence.
	field(steps("closed", "Hiệu lực", 422), "evidence")
	if r, b := lead.Upload(ncPath(id, "/evidence"), "file", "so-theo-doi.png", photo(t), map[string]string{"kind": "effectiveness"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("effectiveness evidence: %d %s", r.StatusCode, b)
	}
	b = steps("closed", "Hiệu lực", 409)
	if eb := webtest.DecodeError(t, b); eb.Error.Code != "too_early" {
		t.Errorf("closing at once: %s", b)
	}
	if d := e.detail(t, id); d.ClosableFrom != time.Now().In(i18n.Zone).AddDate(0, 0, 30).Format(time.DateOnly) {
		t.Errorf("closable from %q", d.ClosableFrom)
	}
	e.app.DB.Now = func() time.Time { return time.Now().AddDate(0, 0, 31) }
	field(expect(t, lead, http.MethodPost, ncPath(id, "/transition"), map[string]string{"to": "closed"}, 422), "note")
	steps("closed", "Không còn hồ sơ trễ hạn trong 30 ngày", 200)
	expect(t, unit, http.MethodPost, ncPath(id, "/actions"), map[string]string{"description": "x", "owner": "auditee." + e.auditee, "due_date": inDays(40)}, 409)
	steps("reopened", "Lại có hồ sơ trễ hạn", 200)
	d := e.detail(t, id)
	if d.Status != "reopened" || d.PlanDue == nil || *d.PlanDue <= time.Now().In(i18n.Zone).AddDate(0, 0, 31).Format(time.DateOnly) {
		t.Errorf("reopened %+v", d.Finding)
	}
	var path []string
	for _, h := range d.History {
		path = append(path, h.To)
		if h.Actor == "" || h.At.IsZero() {
			t.Errorf("history without who or when: %+v", h)
		}
	}
	want := "cause_analysed plan_submitted cause_analysed plan_submitted plan_accepted implemented verified closed reopened"
	if strings.Join(path, " ") != want {
		t.Errorf("history %v", path)
	}
	if d.History[2].Note != "return" || d.History[2].Actor != "auditor.A" || d.History[0].Actor != "auditee."+e.auditee {
		t.Errorf("history %+v", d.History)
	}
	if len(d.Whys) != 2 || !strings.HasPrefix(d.RootCause, "Chưa phân công") {
		t.Errorf("analysis %+v", d)
	}
	// The office extends a plan with a reason; someone else may not.
	expect(t, office, http.MethodPost, ncPath(e.major, "/extend"), map[string]string{"plan_due": "2099-01-01"}, 422)
	expect(t, lead, http.MethodPost, ncPath(e.major, "/extend"), map[string]string{"plan_due": "2099-01-01", "reason": "x"}, 403)
	expect(t, office, http.MethodPost, ncPath(e.major, "/extend"), map[string]string{"plan_due": "2099-01-01", "reason": "Đơn vị đang sáp nhập"}, 200)
	if d := e.detail(t, e.major); *d.PlanDue != "2099-01-01" || len(d.Extensions) != 1 {
		t.Errorf("extended %+v", d)
	}
}

// Someone else's nonconformity is invisible; a skipped step is 409 naming
// the allowed ones; nothing changes.
func TestNCBadInput(t *testing.T) {
	e := newNCEnv(t)
	stranger := e.app.Token("auditee.A", webtest.Password)
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, ncPath(e.nc, "")},
		{http.MethodPatch, ncPath(e.nc, "")},
		{http.MethodPost, ncPath(e.nc, "/actions")},
		{http.MethodPost, ncPath(e.nc, "/transition")},
	} {
		if r, b := stranger.Do(req.method, req.path, map[string]string{"root_cause": "x", "to": "cause_analysed"}); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s by another unit: %d %s", req.method, req.path, r.StatusCode, b)
		}
	}
	b := expect(t, e.auditeeC, http.MethodPost, ncPath(e.nc, "/transition"), map[string]string{"to": "implemented"}, 409)
	if eb := webtest.DecodeError(t, b); fmt.Sprint(eb.Error.Fields["allowed"]) != "[cause_analysed]" {
		t.Errorf("skipping steps: %s", b)
	}
	expect(t, e.auditeeC, http.MethodPost, ncPath(e.nc, "/transition"), map[string]string{"to": "solved"}, 422)
	expect(t, e.auditeeC, http.MethodPost, ncPath(99999, "/transition"), map[string]string{"to": "cause_analysed"}, 404)
	if e.ncStatus(t, e.nc) != "open" || e.count(t, `SELECT COUNT(*) FROM nc_transitions`) != 0 {
		t.Error("bad input changed something")
	}
	var obs int64
	_ = e.app.DB.R.QueryRow(`SELECT id FROM findings WHERE grade = 'observation'`).Scan(&obs)
	expect(t, e.office, http.MethodPost, ncPath(obs, "/transition"), map[string]string{"to": "cause_analysed"}, 404)
}
