package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// env is a district of six units in two clusters, each with a certified
// auditor (auditor.X) and an auditee (auditee.X), an office user, and the
// built-in checklist.
type env struct {
	app       *webtest.App
	office    *webtest.Client
	checklist int64
	units     []string
}

func mount(s *web.Server, r *web.Router, d *db.DB) {
	if err := handlers.Mount(s, r, handlers.StoresOf(findings.Open(d)), nil); err != nil {
		panic(err)
	}
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvMounted(t, mount)
}

func newEnvMounted(t *testing.T, mount webtest.Mounter) *env {
	t.Helper()
	a := webtest.New(t, mount)
	ctx := context.Background()
	if err := checklist.Seed(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	id, err := checklist.BuiltinID(ctx, a.DB)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{app: a, checklist: id, units: []string{"A", "B", "C", "D", "E", "F"}}
	for i, u := range e.units {
		a.Unit(u, "Xã "+u, fmt.Sprintf("Cụm %d", i%2+1))
		a.User("auditor."+u, role.Auditor, u)
		a.User("auditee."+u, role.Auditee, u)
	}
	a.User("office", role.Office, "")
	e.office = a.Token("office", webtest.Password)
	for _, u := range e.units {
		e.certify(t, "auditor."+u, "2020-01-01", "2099-12-31")
	}
	return e
}

func (e *env) certify(t *testing.T, username, from, to string) {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/certificates", map[string]string{
		"username": username, "course": "Đánh giá viên nội bộ ISO 9001", "certificate_no": "CC-" + username + from, "issued_on": from, "expires_on": to})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("certify %s: %d %s", username, resp.StatusCode, body)
	}
}

func (e *env) programme(t *testing.T) audit.Programme {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/programmes", map[string]any{
		"name": "Chương trình đánh giá chéo 2026", "year": 2026, "checklist_id": e.checklist, "units": e.units,
		"rounds": []map[string]string{{"starts_on": "2026-06-01", "ends_on": "2026-06-30"}}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create programme: %d %s", resp.StatusCode, body)
	}
	var p audit.Programme
	decode(t, body, &p)
	return p
}

func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

func (e *env) preview(t *testing.T, id int64, in map[string]any) audit.Round {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", id), in)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("preview: %d %s", resp.StatusCode, body)
	}
	var r audit.Round
	decode(t, body, &r)
	return r
}

func TestProgrammeCreationAndRoles(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	if p.Status != audit.ProgrammeDraft || len(p.Units) != 6 || p.ChecklistVersion != 2 || len(p.Rounds) != 1 || p.Rounds[0].Status != audit.RoundPlanned {
		t.Errorf("programme %+v", p)
	}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"unknown units", map[string]any{"name": "X", "year": 2026, "checklist_id": e.checklist, "units": []string{"A", "Q1", "Q2"}}, "units"},
		{"unknown checklist", map[string]any{"name": "X", "year": 2026, "checklist_id": 999, "units": []string{"A", "B"}}, "checklist_id"},
		{"one unit", map[string]any{"name": "X", "year": 2026, "checklist_id": e.checklist, "units": []string{"A"}}, "units"},
		{"no name", map[string]any{"year": 2026, "checklist_id": e.checklist, "units": []string{"A", "B"}}, "name"},
		{"window backwards", map[string]any{"name": "X", "year": 2026, "checklist_id": e.checklist, "units": []string{"A", "B"},
			"rounds": []map[string]string{{"starts_on": "2026-06-30", "ends_on": "2026-06-01"}}}, "rounds[0]"},
	}
	for _, tt := range tests {
		resp, body := e.office.Do(http.MethodPost, "/api/v1/programmes", tt.body)
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields[tt.field] == nil {
			t.Errorf("%s: %d %s", tt.name, resp.StatusCode, body)
		}
		if strings.Contains(tt.name, "unknown units") && !strings.Contains(string(body), "Q1, Q2") {
			t.Errorf("unknown units not named: %s", body)
		}
	}
	var n int
	e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM programmes`).Scan(&n)
	if n != 1 {
		t.Errorf("%d programmes after bad requests, want 1", n)
	}
	auditor := e.app.Token("auditor.A", webtest.Password)
	if resp, _ := auditor.Do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d", p.ID), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("auditor reads a programme: %d", resp.StatusCode)
	}
	if resp, _ := auditor.Do(http.MethodPost, "/api/v1/programmes", map[string]any{"name": "X"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor creates a programme: %d", resp.StatusCode)
	}
	if resp, _ := e.app.Token("auditee.A", webtest.Password).Do(http.MethodGet, "/api/v1/programmes", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditee lists programmes: %d", resp.StatusCode)
	}
}

func TestPreviewRespectsHardRulesAndExplainsInfeasibility(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	resp, body := e.office.Do(http.MethodPost, "/api/v1/conflicts", map[string]string{"auditor_unit": "A", "auditee_unit": "B", "reason": "Hai xã có chung cán bộ"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("conflict: %d %s", resp.StatusCode, body)
	}
	for seed := range 5 {
		r := e.preview(t, p.ID, map[string]any{"per_unit": 2, "seed": seed, "clusters": "any"})
		if r.N != 1 || r.Status != audit.RoundPreview || len(r.Pairs) != 12 {
			t.Fatalf("round %+v", r)
		}
		load := map[string]int{}
		for _, pr := range r.Pairs {
			if pr.Auditor == pr.Auditee || (pr.Auditor == "A" && pr.Auditee == "B") {
				t.Errorf("seed %d: forbidden pair %v", seed, pr)
			}
			load[pr.Auditor]++
			load[pr.Auditee] += 10
		}
		for u, l := range load {
			if l != 22 {
				t.Errorf("seed %d: unit %s load %d, want 2 audits and 2 audited", seed, u, l)
			}
		}
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", p.ID), map[string]any{"per_unit": 6})
	if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Code != "infeasible" {
		t.Errorf("K too large: %d %s", resp.StatusCode, body)
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", p.ID), map[string]any{"per_unit": 0, "clusters": "nearby"})
	if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["clusters"] == nil {
		t.Errorf("unknown cluster mode: %d %s", resp.StatusCode, body)
	}
	// Zero or negative units per auditor is refused, naming the field;
	// only an absent per_unit means the default.
	for _, k := range []int{0, -1} {
		resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", p.ID), map[string]any{"per_unit": k})
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["per_unit"] == nil {
			t.Errorf("per_unit %d: %d %s", k, resp.StatusCode, body)
		}
	}
	r := e.preview(t, p.ID, map[string]any{"seed": 3})
	if r.PerUnit != 1 {
		t.Errorf("per_unit absent: %d, want the default 1", r.PerUnit)
	}
}

func TestConfirmCreatesAuditsWithTeamsOnce(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	// A second certified auditor in A, with a conflict against whatever A audits.
	e.app.User("auditor.A2", role.Auditor, "A")
	e.certify(t, "auditor.A2", "2018-01-01", "2099-12-31")
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 7})
	var aAudits string
	for _, pr := range r.Pairs {
		if pr.Auditor == "A" {
			aAudits = pr.Auditee
		}
	}
	resp, body := e.office.Do(http.MethodPost, "/api/v1/conflicts", map[string]string{"username": "auditor.A2", "auditee_unit": aAudits, "reason": "Người nhà làm việc tại xã"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("person conflict: %d %s", resp.StatusCode, body)
	}
	// The person's conflict forbids the pair for the engine: preview again.
	r = e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 7})
	for _, pr := range r.Pairs {
		if pr.Auditor == "A" && pr.Auditee == aAudits {
			t.Fatalf("the engine kept a pair a person of A declared a conflict with")
		}
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	if len(out.Audits) != 6 {
		t.Fatalf("%d audits, want 6", len(out.Audits))
	}
	for _, a := range out.Audits {
		if a.Status != audit.StatusPlanned || a.PlannedDate < "2026-06-01" || a.PlannedDate > "2026-06-30" {
			t.Errorf("audit %+v", a)
		}
		_, body := e.office.Do(http.MethodGet, fmt.Sprintf("/api/v1/audits/%d/plan", a.ID), nil)
		var plan audit.Audit
		decode(t, body, &plan)
		lead := plan.Lead()
		if lead == nil || !strings.HasPrefix(lead.Username, "auditor."+a.AuditorUnit) {
			t.Errorf("audit %d team %+v", a.ID, plan.Team)
		}
		if a.AuditorUnit == "A" && (lead.Username != "auditor.A2" || len(plan.Team) != 2) && a.AuditeeUnit != aAudits {
			t.Errorf("A's team %+v: the longest certified should lead", plan.Team)
		}
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	if e := webtest.DecodeError(t, body); resp.StatusCode != http.StatusConflict || e.Error.Allowed == nil {
		t.Errorf("confirm twice: %d %s", resp.StatusCode, body)
	}
	_, body = e.office.Do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d", p.ID), nil)
	var got audit.Programme
	decode(t, body, &got)
	if got.Status != audit.ProgrammeActive || len(got.Audits) != 6 {
		t.Errorf("after confirmation: status %s, %d audits", got.Status, len(got.Audits))
	}
	var notices int
	e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM notices WHERE msg_key IN ('notice.audit_assigned', 'notice.audit_planned')`).Scan(&notices)
	if notices < 12 {
		t.Errorf("%d notices sent, want the teams and the audited units told", notices)
	}
}

func TestConfirmRefusesPairsWithoutACertifiedAuditor(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	e.preview(t, p.ID, map[string]any{"per_unit": 1})
	e.app.DB.W.Exec(`DELETE FROM auditor_certificates WHERE user_id = (SELECT id FROM users WHERE username = 'auditor.C')`)
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "C→") {
		t.Fatalf("confirm without C's auditor: %d %s", resp.StatusCode, body)
	}
	var n int
	e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM audits`).Scan(&n)
	if n != 0 {
		t.Errorf("%d audits half-created", n)
	}
}

func TestSwapRules(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 3})
	path := fmt.Sprintf("/api/v1/programmes/%d/rounds/1/swap", p.ID)
	// Find two pairs whose swap makes a self-audit: A→x and y→A.
	var toA, fromA int
	for i, pr := range r.Pairs {
		if pr.Auditee == "A" {
			toA = i
		}
		if pr.Auditor == "A" {
			fromA = i
		}
	}
	resp, body := e.office.Do(http.MethodPost, path, map[string]any{"a": r.Pairs[fromA], "b": r.Pairs[toA]})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("self-audit swap: %d %s", resp.StatusCode, body)
	}
	// A→B swapped with C→D gives A→D; when D audits A, that is a
	// reciprocal pair, which needs a reason.
	auditorOf := map[string]string{}
	for _, pr := range r.Pairs {
		auditorOf[pr.Auditee] = pr.Auditor
	}
	for _, a := range r.Pairs {
		d := auditorOf[a.Auditor]
		var pairB *struct{ Auditor, Auditee string }
		for _, pr := range r.Pairs {
			if pr.Auditee == d && pr != a && pr.Auditor != a.Auditee {
				pairB = &struct{ Auditor, Auditee string }{pr.Auditor, pr.Auditee}
			}
		}
		if pairB == nil {
			continue
		}
		resp, body := e.office.Do(http.MethodPost, path, map[string]any{"a": a, "b": map[string]string{"auditor": pairB.Auditor, "auditee": pairB.Auditee}})
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Code != "reason_required" {
			t.Fatalf("reciprocal swap without a reason: %d %s", resp.StatusCode, body)
		}
		resp, body = e.office.Do(http.MethodPost, path, map[string]any{"a": a, "b": map[string]string{"auditor": pairB.Auditor, "auditee": pairB.Auditee},
			"reason": "Theo đề nghị của hai xã"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("swap with a reason: %d %s", resp.StatusCode, body)
		}
		// The round's figures say what the swap made: a reciprocal pair,
		// and no claim of optimality any more (CONTRACT.md: stats stay true
		// after every swap).
		var swapped audit.Round
		decode(t, body, &swapped)
		if swapped.Stats == nil || swapped.Stats.Reciprocal < 1 || swapped.Stats.Optimal {
			t.Errorf("stats after a swap that made a reciprocal pair: %+v", swapped.Stats)
		}
		// And which rule the swap broke, in the reader's language.
		if swapped.Stats == nil || len(swapped.Stats.Swaps) != 1 || !slices.ContainsFunc(swapped.Stats.Swaps[0].Broken, func(b audit.RuleBreak) bool {
			return b.Rule == audit.BreakReciprocal && strings.Contains(b.Message, "tạo cặp đánh giá lẫn nhau")
		}) {
			t.Errorf("the swap does not say it created a reciprocal pair: %+v", swapped.Stats)
		}
		stored := e.getRound(t, p.ID, 1)
		if stored.Stats == nil || stored.Stats.Reciprocal != swapped.Stats.Reciprocal {
			t.Errorf("stored stats %+v, answered %+v", stored.Stats, swapped.Stats)
		}
		var evs int
		e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM events WHERE entity = 'round' AND action = 'swap' AND summary LIKE '%Theo đề nghị%'`).Scan(&evs)
		if evs != 1 {
			t.Error("the swap and its reason are not in the trail")
		}
		return
	}
	t.Fatal("no swap made a reciprocal pair")
}

func (e *env) getRound(t *testing.T, id int64, n int) audit.Round {
	t.Helper()
	resp, body := e.office.Do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d/rounds/%d", id, n), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("round: %d %s", resp.StatusCode, body)
	}
	var r audit.Round
	decode(t, body, &r)
	return r
}

func TestPlanVisibilityAndChanges(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 11})
	_, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	a := out.Audits[0]
	planPath := fmt.Sprintf("/api/v1/audits/%d/plan", a.ID)
	var stranger string
	for _, u := range e.units {
		if u != a.AuditorUnit && u != a.AuditeeUnit {
			stranger = u
			break
		}
	}
	readers := map[string]int{
		"auditor." + a.AuditorUnit: http.StatusOK, "auditee." + a.AuditeeUnit: http.StatusOK,
		"auditor." + stranger: http.StatusNotFound, "auditee." + stranger: http.StatusNotFound, "auditee." + a.AuditorUnit: http.StatusNotFound,
	}
	for user, want := range readers {
		if resp, _ := e.app.Token(user, webtest.Password).Do(http.MethodGet, planPath, nil); resp.StatusCode != want {
			t.Errorf("%s reads the plan: %d, want %d", user, resp.StatusCode, want)
		}
	}
	lead := e.app.Token("auditor."+a.AuditorUnit, webtest.Password)
	resp, body := lead.Do(http.MethodPatch, planPath, map[string]string{"place": "Trụ sở UBND xã", "guide": "Bà Nguyễn Thị Hoa"})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Trụ sở UBND xã") {
		t.Errorf("lead edits the plan: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.app.Token("auditee."+a.AuditeeUnit, webtest.Password).Do(http.MethodPatch, planPath, map[string]string{"place": "x"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditee edits the plan: %d", resp.StatusCode)
	}
	// Reschedule needs a reason and a valid date.
	base := fmt.Sprintf("/api/v1/audits/%d", a.ID)
	if resp, _ := e.office.Do(http.MethodPost, base+"/reschedule", map[string]string{"date": "31/02/2026", "reason": ""}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad reschedule: %d", resp.StatusCode)
	}
	// A day off or a day outside the round's window is refused, naming the date.
	for day, want := range map[string]string{"2026-06-27": "ngày nghỉ", "2026-07-02": "từ 01/06/2026 đến 30/06/2026"} {
		resp, body := e.office.Do(http.MethodPost, base+"/reschedule", map[string]string{"date": day, "reason": "Xã bận"})
		if f, _ := webtest.DecodeError(t, body).Error.Fields["date"].(string); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f, want) {
			t.Errorf("reschedule to %s: %d %s", day, resp.StatusCode, body)
		}
	}
	if resp, body := e.office.Do(http.MethodPost, base+"/reschedule", map[string]string{"date": "2026-06-24", "reason": "Xã bận tiếp đoàn kiểm tra của tỉnh"}); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "2026-06-24") {
		t.Errorf("reschedule: %d %s", resp.StatusCode, body)
	}
	// A team member from the audited unit is refused.
	if resp, body := e.office.Do(http.MethodPost, base+"/team", map[string]string{"username": "auditor." + a.AuditeeUnit, "reason": "thử"}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("audited unit's auditor joins: %d %s", resp.StatusCode, body)
	}
	if resp, body := e.office.Do(http.MethodPost, base+"/cancel", map[string]string{"reason": "Sáp nhập đơn vị"}); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"cancelled"`) {
		t.Errorf("cancel: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.office.Do(http.MethodPost, base+"/cancel", map[string]string{"reason": "lần nữa"}); resp.StatusCode != http.StatusConflict {
		t.Errorf("cancel twice: %d", resp.StatusCode)
	}
	// Lists follow visibility.
	_, body = e.app.Token("auditor."+stranger, webtest.Password).Do(http.MethodGet, "/api/v1/audits", nil)
	var list []audit.AuditSummary
	decode(t, body, &list)
	for _, x := range list {
		if x.ID == a.ID {
			t.Error("an auditor outside the team lists the audit")
		}
	}
}

func TestCertificateImportAndUncertifiedMembers(t *testing.T) {
	e := newEnv(t)
	e.app.User("auditor.A3", role.Auditor, "A")
	bad := "username,course,certificate_no,issued_on,expires_on\n" +
		"auditor.A3,Khóa ĐGNB 2025,CC-1,01/03/2025,28/02/2027\n" +
		"auditee.A,Khóa ĐGNB 2025,CC-2,01/03/2025,28/02/2027\n" +
		"auditor.B,Khóa ĐGNB 2025,CC-3,31/02/2025,28/02/2027\n"
	resp, body := e.office.Upload("/api/v1/certificates/import", "file", "sổ.csv", []byte(bad), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d %s", resp.StatusCode, body)
	}
	fields := webtest.DecodeError(t, body).Error.Fields
	if fields["row:3:username"] == nil || fields["row:4:issued_on"] == nil {
		t.Errorf("fields %v", fields)
	}
	var n int
	e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM auditor_certificates WHERE certificate_no = 'CC-1'`).Scan(&n)
	if n != 0 {
		t.Fatal("a failed import stored a certificate")
	}
	// An auditor whose certificate has expired by the audit day cannot join.
	good := "username,course,certificate_no,issued_on,expires_on\nauditor.A3,Khóa ĐGNB 2020,CC-1,01/03/2020,31/12/2025\n"
	if resp, body := e.office.Upload("/api/v1/certificates/import", "file", "sổ.csv", []byte(good), nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	p := e.programme(t)
	e.preview(t, p.ID, map[string]any{"per_unit": 1})
	_, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	for _, a := range out.Audits {
		if a.AuditorUnit != "A" {
			continue
		}
		resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/audits/%d/team", a.ID), map[string]string{"username": "auditor.A3", "reason": "Bổ sung"})
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["username"] == nil {
			t.Errorf("an expired auditor joins: %d %s", resp.StatusCode, body)
		}
	}
}
