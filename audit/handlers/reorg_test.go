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
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mountReorg adds the change tables, with people and open nonconformities
// following mergers as app.go wires them.
func mountReorg(s *web.Server, r *web.Router, d *db.DB) {
	org.MountChanges(s, r, &org.Store{DB: d}, auth.FollowMerger, findings.FollowMerger)
}

func applyChanges(t *testing.T, c *webtest.Client, table string) org.Result {
	t.Helper()
	resp, body := c.Upload("/api/v1/units/changes", "file", "changes.csv", []byte("old_code,new_code,new_name,effective_date\n"+table), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("apply changes: %d %s", resp.StatusCode, body)
	}
	var res org.Result
	decode(t, body, &res)
	return res
}

// best is the best a round over units can do under the soft rules'
// first two orders (reciprocal pairs, then repeats of last), never
// breaking forbidden: found by trying every assignment with K=1.
func best(units []string, last, forbidden map[assign.Pair]bool) (reciprocal, repeats int) {
	reciprocal, repeats = 1<<30, 1<<30
	perm := make([]string, len(units))
	used := make([]bool, len(units))
	var try func(i int)
	try = func(i int) {
		if i == len(units) {
			r, p := score(units, perm, last)
			if r < reciprocal || r == reciprocal && p < repeats {
				reciprocal, repeats = r, p
			}
			return
		}
		for j, u := range units {
			if used[j] || u == units[i] || forbidden[assign.Pair{Auditor: units[i], Auditee: u}] {
				continue
			}
			used[j], perm[i] = true, u
			try(i + 1)
			used[j] = false
		}
	}
	try(0)
	return reciprocal, repeats
}

func score(units, auditees []string, last map[assign.Pair]bool) (reciprocal, repeats int) {
	pairs := map[assign.Pair]bool{}
	for i, u := range units {
		pairs[assign.Pair{Auditor: u, Auditee: auditees[i]}] = true
	}
	for p := range pairs {
		if pairs[assign.Pair{Auditor: p.Auditee, Auditee: p.Auditor}] {
			reciprocal++
		}
		if last[p] {
			repeats++
		}
	}
	return reciprocal / 2, repeats
}

// TestMergedUnitsCarryTheirRotationIntoTheNextRound merges three of six
// units after a confirmed round, then assigns the next round: the
// successor is not paired with a unit its predecessors audited, or were
// audited by, in the last round when that can be avoided, a conflict
// declared with a predecessor binds the successor, the merged units'
// auditors keep their certificates and audit for the successor, and a
// preview made before the merger cannot be confirmed.
func TestMergedUnitsCarryTheirRotationIntoTheNextRound(t *testing.T) {
	e := newReorgEnv(t)
	p := e.programme(t)
	// D must never audit B: after the merger, never A.
	if resp, body := e.office.Do(http.MethodPost, "/api/v1/conflicts", map[string]string{"auditor_unit": "D", "auditee_unit": "B", "reason": "Hai xã chung cán bộ"}); resp.StatusCode != http.StatusCreated {
		t.Fatalf("conflict: %d %s", resp.StatusCode, body)
	}
	r1 := e.preview(t, p.ID, map[string]any{"seed": 3})
	if resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm round 1: %d %s", resp.StatusCode, body)
	}
	early := e.preview(t, p.ID, map[string]any{"seed": 1}) // round 2, before the merger
	if early.N != 2 {
		t.Fatalf("round %d previewed", early.N)
	}
	res := applyChanges(t, e.office, "A,A,Xã A Mới,01/07/2025\nB,A,Xã A Mới,01/07/2025\nC,A,Xã A Mới,01/07/2025\n")
	if res.Follow[org.FollowUsersMoved] != 4 {
		t.Errorf("people moved: %v", res.Follow)
	}
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/2/confirm", p.ID), nil)
	if eb := webtest.DecodeError(t, body); resp.StatusCode != http.StatusConflict || eb.Error.Code != "round_stale" ||
		strings.Join(eb.Error.Allowed, ",") != "preview" || !strings.Contains(eb.Error.Message, "B") {
		t.Errorf("confirming a preview made before the merger: %d %s", resp.StatusCode, body)
	}

	current := func(c string) string {
		if c == "B" || c == "C" {
			return "A"
		}
		return c
	}
	last := map[assign.Pair]bool{}
	for _, pr := range r1.Pairs {
		if a, b := current(pr.Auditor), current(pr.Auditee); a != b {
			last[assign.Pair{Auditor: a, Auditee: b}] = true
		}
	}
	forbidden := map[assign.Pair]bool{{Auditor: "D", Auditee: "A"}: true}
	units := []string{"A", "D", "E", "F"}
	wantRecip, wantRepeats := best(units, last, forbidden)
	for seed := 1; seed <= 6; seed++ {
		r2 := e.preview(t, p.ID, map[string]any{"seed": seed})
		var auditees []string
		seen := map[string]bool{}
		for _, pr := range r2.Pairs {
			seen[pr.Auditor], seen[pr.Auditee] = true, true
			if forbidden[assign.Pair{Auditor: pr.Auditor, Auditee: pr.Auditee}] {
				t.Errorf("seed %d: D audits A, the successor of B it declared a conflict with", seed)
			}
		}
		if len(r2.Pairs) != 4 || len(seen) != 4 || seen["B"] || seen["C"] {
			t.Fatalf("seed %d: round 2 pairs %v, want the 4 live units", seed, r2.Pairs)
		}
		for _, u := range units {
			for _, pr := range r2.Pairs {
				if pr.Auditor == u {
					auditees = append(auditees, pr.Auditee)
				}
			}
		}
		recip, repeats := score(units, auditees, last)
		if recip != wantRecip || repeats != wantRepeats {
			t.Errorf("seed %d: %v has %d reciprocal and %d repeated pairs of the last round (as merged), the best is %d and %d; last round %v",
				seed, r2.Pairs, recip, repeats, wantRecip, wantRepeats, r1.Pairs)
		}
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/2/confirm", p.ID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm round 2: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	var teamA []string
	for _, a := range out.Audits {
		if a.AuditorUnit == "A" {
			var n int
			e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM audit_team WHERE audit_id = ?`, a.ID).Scan(&n)
			rows, _ := e.app.DB.R.Query(`SELECT u.username FROM audit_team t JOIN users u ON u.id = t.user_id WHERE t.audit_id = ? ORDER BY u.username`, a.ID)
			for rows.Next() {
				var s string
				rows.Scan(&s)
				teamA = append(teamA, s)
			}
			rows.Close()
		}
	}
	if got := strings.Join(teamA, ","); got != "auditor.A,auditor.B,auditor.C" {
		t.Errorf("the team of the successor's audit is %q, want its own and the merged units' certified auditors", got)
	}
}

// newReorgEnv is newEnv with the change tables mounted.
func newReorgEnv(t *testing.T) *env {
	t.Helper()
	a := webtest.New(t, mount, mountReorg)
	e := &env{app: a, units: []string{"A", "B", "C", "D", "E", "F"}}
	e.checklist = seedChecklist(t, a)
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

func seedChecklist(t testing.TB, a *webtest.App) int64 {
	t.Helper()
	ctx := context.Background()
	if err := checklist.Seed(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	id, err := checklist.BuiltinID(ctx, a.DB)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// newReorgConductEnv is newConductEnv with the change tables mounted.
func newReorgConductEnv(t *testing.T) *conductEnv {
	t.Helper()
	a := webtest.New(t, mount, mountReorg)
	e := &env{app: a, units: []string{"A", "B", "C", "D", "E", "F"}}
	e.checklist = seedChecklist(t, a)
	for i, u := range e.units {
		a.Unit(u, "Xã "+u, fmt.Sprintf("Cụm %d", i%2+1))
		a.User("auditor."+u, role.Auditor, u)
		a.User("auditee."+u, role.Auditee, u)
	}
	a.User("office", role.Office, "")
	e.office = a.Token("office", webtest.Password)
	ce := &conductEnv{env: e}
	for _, u := range e.units {
		ce.certifyTB(t, "auditor."+u, "2020-01-01")
	}
	ce.confirmRound(t)
	ce.lead = a.Token("auditor.A", webtest.Password)
	return ce
}

// TestOpenNonconformitiesPassToTheSuccessor merges the audited unit after
// its audit was submitted with nonconformities: they are recorded as
// passed, the successor's auditees get a notice and may read the audit.
func TestOpenNonconformitiesPassToTheSuccessor(t *testing.T) {
	e := newReorgConductEnv(t)
	e.answerAll(t, map[string]map[string]any{
		"C10": {"result": "minor", "note": "Chưa nhận diện rủi ro trễ hạn"},
		"C24": {"result": "major", "note": "5/20 hồ sơ trễ hạn"},
	})
	if r, b := e.lead.Do(http.MethodPost, e.path("/submit"), nil); r.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", r.StatusCode, b)
	}
	succ := "F"
	if e.auditee == succ {
		succ = "E"
	}
	stranger := e.app.Token("auditee."+succ, webtest.Password)
	if resp, _ := stranger.Do(http.MethodGet, e.path(""), nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before the merger, auditee.%s reads the audit of %s: %d", succ, e.auditee, resp.StatusCode)
	}
	res := applyChanges(t, e.office, e.auditee+","+succ+",,01/07/2025\n")
	if res.Follow[org.FollowNonconformitiesPassed] != 2 || res.Follow[org.FollowUsersMoved] != 2 {
		t.Errorf("follow %v, want 2 nonconformities passed and 2 people moved", res.Follow)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'finding' AND action = 'pass_to_successor' AND summary LIKE ?`, `%"to":"`+succ+`"%`); n != 2 {
		t.Errorf("%d trail entries for passed nonconformities, want 2", n)
	}
	for _, who := range []string{"auditee." + succ, "auditee." + e.auditee} {
		n := e.count(t, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id
			WHERE u.username = ? AND n.msg_key = 'reorg.notice_nc_passed' AND n.args LIKE '%"n":2%' AND n.link = '/nonconformities'`, who)
		if n != 1 {
			t.Errorf("%s has %d notices of the passed nonconformities, want 1", who, n)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM notices WHERE msg_key = 'reorg.notice_nc_passed' AND user_id IN (SELECT id FROM users WHERE role <> 'auditee')`); n != 0 {
		t.Errorf("%d notices to people who do not answer nonconformities", n)
	}
	if resp, body := stranger.Do(http.MethodGet, e.path(""), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("after the merger, the successor's auditee cannot read the merged unit's audit: %d %s", resp.StatusCode, body)
	}
	// And finds them where a unit looks for its work: the register and the
	// list of its audits.
	var register []struct{ ID int64 }
	if resp, body := stranger.Do(http.MethodGet, "/api/v1/nonconformities", nil); resp.StatusCode != http.StatusOK || json.Unmarshal(body, &register) != nil || len(register) != 2 {
		t.Errorf("the successor's register lists %d of the merged unit's 2 nonconformities (%d)", len(register), resp.StatusCode)
	}
	var audits []struct{ ID int64 }
	if resp, body := stranger.Do(http.MethodGet, "/api/v1/audits", nil); resp.StatusCode != http.StatusOK || json.Unmarshal(body, &audits) != nil || !slices.ContainsFunc(audits, func(a struct{ ID int64 }) bool { return a.ID == e.auditID }) {
		t.Errorf("the successor's audits %v lack the merged unit's audit %d", audits, e.auditID)
	}
	// The successor's own audit finds the same item nonconforming: a
	// repeat of the merged unit's open nonconformity.
	var succAudit int64
	var succLead string
	if err := e.app.DB.R.QueryRow(`SELECT a.id, u.username FROM audits a JOIN units b ON b.id = a.auditee_unit_id
		JOIN audit_team m ON m.audit_id = a.id AND m.role = 'lead' JOIN users u ON u.id = m.user_id
		WHERE b.code = ?`, succ).Scan(&succAudit, &succLead); err != nil {
		t.Fatal(err)
	}
	other := *e
	other.auditID, other.lead = succAudit, e.app.Token(succLead, webtest.Password)
	other.answerAll(t, map[string]map[string]any{"C10": {"result": "minor", "note": "Vẫn chưa nhận diện rủi ro trễ hạn"}})
	if r, b := other.lead.Do(http.MethodPost, other.path("/submit"), nil); r.StatusCode != http.StatusOK {
		t.Fatalf("submit the successor's audit: %d %s", r.StatusCode, b)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM findings f JOIN findings o ON o.id = f.repeat_of
		WHERE f.audit_id = ? AND f.item_code = 'C10' AND o.audit_id = ?`, succAudit, e.auditID); n != 1 {
		t.Errorf("the successor's C10 is not marked as repeating the merged unit's (%d)", n)
	}
	// The findings stay where they were found.
	if n := e.count(t, `SELECT COUNT(*) FROM findings f JOIN audits a ON a.id = f.audit_id JOIN units u ON u.id = a.auditee_unit_id
		WHERE u.code = ? AND f.status = 'open'`, e.auditee); n != 2 {
		t.Errorf("%d open findings left on the merged unit's audit, want 2", n)
	}
}
