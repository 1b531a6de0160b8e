package training_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/audit/training"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mount wires the audits, their nonconformities and the training needs.
func mount(s *web.Server, r *web.Router, d *db.DB) {
	f := findings.Open(d)
	if err := handlers.Mount(s, r, handlers.StoresOf(f), nil); err != nil {
		panic(err)
	}
	training.Mount(s, r, &training.Store{Findings: f, Procedures: &procedures.Store{DB: d}, Units: &org.Store{DB: d}})
}

// env is four units with a programme of last year and one of this year,
// each of one confirmed round.
type env struct {
	app       *webtest.App
	office    *webtest.Client
	checklist int64
	units     []string
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

func do(t *testing.T, c *webtest.Client, method, path string, body any, want int) []byte {
	t.Helper()
	r, b := c.Do(method, path, body)
	if r.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, r.StatusCode, want, b)
	}
	return b
}

func newEnv(t *testing.T) *env {
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
	e := &env{app: a, checklist: id, units: []string{"A", "B", "C", "D"}}
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
	do(t, e.office, http.MethodPost, "/api/v1/certificates", map[string]string{"username": username, "course": "Đánh giá viên nội bộ ISO 9001",
		"certificate_no": "CC-" + username + "-" + to, "issued_on": from, "expires_on": to}, http.StatusCreated)
}

// programme creates and confirms a programme of one round and returns it
// with its audits by audited unit.
func (e *env) programme(t *testing.T, year int) (int64, map[string]audit.AuditSummary) {
	t.Helper()
	var p audit.Programme
	decode(t, do(t, e.office, http.MethodPost, "/api/v1/programmes", map[string]any{
		"name": fmt.Sprintf("Đánh giá chéo %d", year), "year": year, "checklist_id": e.checklist, "units": e.units,
		"rounds": []map[string]string{{"starts_on": fmt.Sprintf("%d-06-01", year), "ends_on": fmt.Sprintf("%d-06-30", year)}}}, http.StatusCreated), &p)
	do(t, e.office, http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", p.ID), map[string]any{"seed": 3, "clusters": "any"}, http.StatusCreated)
	var out struct{ Audits []audit.AuditSummary }
	decode(t, do(t, e.office, http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil, http.StatusOK), &out)
	by := map[string]audit.AuditSummary{}
	for _, a := range out.Audits {
		by[a.AuditeeUnit] = a
	}
	return p.ID, by
}

// submit answers an audit, minor on the given items, and submits it;
// it returns the nonconformities by item.
func (e *env) submit(t *testing.T, a audit.AuditSummary, minors ...string) map[string]int64 {
	t.Helper()
	lead := e.app.Token("auditor."+a.AuditorUnit, webtest.Password)
	var v findings.AuditView
	decode(t, do(t, lead, http.MethodGet, fmt.Sprintf("/api/v1/audits/%d", a.ID), nil, http.StatusOK), &v)
	for _, it := range v.Items {
		body := map[string]any{"result": "conform", "note": "Đã kiểm tra hồ sơ, đạt yêu cầu.", "version": 0}
		if it.Kind == "measure" {
			body["value"] = meeting(t, it.Target)
		}
		for _, m := range minors {
			if m == it.ItemID {
				body["result"], body["note"] = "minor", "Công chức chưa cập nhật hồ sơ trên hệ thống"
			}
		}
		do(t, lead, http.MethodPut, fmt.Sprintf("/api/v1/audits/%d/answers/%s", a.ID, it.ItemID), body, http.StatusOK)
	}
	var out struct{ Findings []findings.Finding }
	decode(t, do(t, lead, http.MethodPost, fmt.Sprintf("/api/v1/audits/%d/submit", a.ID), nil, http.StatusOK), &out)
	ids := map[string]int64{}
	for _, f := range out.Findings {
		ids[f.ItemID] = f.ID
	}
	return ids
}

// meeting is a value that meets a measured item's target.
func meeting(t *testing.T, target string) float64 {
	t.Helper()
	tg, err := checklist.ParseTarget(target)
	if err != nil {
		t.Fatalf("target %q: %v", target, err)
	}
	for _, v := range []float64{tg.Value, tg.Value + 1, tg.Value - 1} {
		if !tg.Set() || tg.Met(v) {
			return v
		}
	}
	t.Fatalf("no value meets %q", target)
	return 0
}

// analyse writes the audited unit's analysis with a category.
func (e *env) analyse(t *testing.T, unit string, id int64, cause string) {
	t.Helper()
	c := e.app.Token("auditee."+unit, webtest.Password)
	do(t, c, http.MethodPatch, fmt.Sprintf("/api/v1/nonconformities/%d", id), map[string]any{"root_cause": "Công chức một cửa chưa được hướng dẫn",
		"correction": "Đã cập nhật", "similar_cases": "Không có", "cause_category": cause}, http.StatusOK)
	do(t, c, http.MethodPost, fmt.Sprintf("/api/v1/nonconformities/%d/transition", id), map[string]string{"to": "cause_analysed"}, http.StatusOK)
}

// needsOf finds a unit's needs in a list.
func needsOf(t *testing.T, items []training.UnitNeeds, unit string) training.UnitNeeds {
	t.Helper()
	for _, it := range items {
		if it.Unit == unit {
			return it
		}
	}
	t.Fatalf("no needs for %s in %+v", unit, items)
	return training.UnitNeeds{}
}

// TestNeedsFromPlantedFindings plants findings in two programmes through
// the API and reads the needs back: per unit and clause, this year's
// nonconformities the unit put under people and skills, with last year's
// findings on the clause as repeats; the unit's dossier figures of the
// year below target; its auditors whose certificate runs out this year,
// not those renewed.
func TestNeedsFromPlantedFindings(t *testing.T) {
	e := newEnv(t)
	_, last := e.programme(t, 2025)
	// Last year: every unit had a minor on C30 (8.5.1), on C27 (8.2.3) too.
	for _, u := range e.units {
		e.submit(t, last[u], "C30", "C27")
	}
	this, now := e.programme(t, 2026)
	x := e.submit(t, now["A"], "C30", "T06", "C36", "C10") // 8.5.1 twice, 8.7, 6.1
	y := e.submit(t, now["B"], "C30")
	e.analyse(t, "A", x["C30"], findings.CausePeople)
	e.analyse(t, "A", x["T06"], findings.CausePeople)
	e.analyse(t, "A", x["C36"], findings.CausePeople)
	e.analyse(t, "A", x["C10"], findings.CauseMethod)
	e.analyse(t, "B", y["C30"], findings.CauseDocuments)
	// Certificates: auditor2.A's runs out this year; auditor3.A's did too
	// but was renewed; auditor4.A's ran out last year.
	for _, u := range []string{"auditor2.A", "auditor3.A", "auditor4.A"} {
		e.app.User(u, role.Auditor, "A")
	}
	e.certify(t, "auditor2.A", "2023-01-01", "2026-09-30")
	e.certify(t, "auditor3.A", "2023-01-01", "2026-03-31")
	e.certify(t, "auditor3.A", "2026-03-01", "2029-03-31")
	e.certify(t, "auditor4.A", "2022-01-01", "2025-12-31")
	// Dossier figures: A's second quarter is below the 98 % target; B was
	// below last year only.
	ps := &procedures.Store{DB: e.app.DB}
	ctx := context.Background()
	for _, f := range []procedures.Figures{
		{Unit: "A", Period: "2026-Q1", Received: 100, OnTime: 100, Paper: 50, Electronic: 50},
		{Unit: "A", Period: "2026-Q2", Received: 100, OnTime: 90, Late: 10, Paper: 50, Electronic: 50},
		{Unit: "B", Period: "2025", Received: 100, OnTime: 80, Late: 20, Paper: 50, Electronic: 10},
		{Unit: "B", Period: "2026-Q2", Received: 100, OnTime: 100, Paper: 50, Electronic: 50},
	} {
		if err := ps.SaveFigures(ctx, f); err != nil {
			t.Fatal(err)
		}
	}

	var n training.Needs
	decode(t, do(t, e.office, http.MethodGet, fmt.Sprintf("/api/v1/training-needs?programme=%d", this), nil, http.StatusOK), &n)
	if len(n.Items) != 4 || n.Previous == nil || n.Previous.Year != 2025 {
		t.Fatalf("units %d, previous %+v", len(n.Items), n.Previous)
	}
	a := needsOf(t, n.Items, "A")
	want := []training.Topic{{Clause: "8.5.1", Nonconformities: 2, Repeats: 1}, {Clause: "8.7", Nonconformities: 1, Repeats: 0}}
	if fmt.Sprint(a.Topics) != fmt.Sprint(want) {
		t.Errorf("A's topics %+v, want %+v", a.Topics, want)
	}
	if a.Dossier == nil || a.Dossier.Period != "2026-Q2" || !a.Dossier.OnTimeRate.Below || a.Dossier.Parity.Below {
		t.Errorf("A's dossier %+v, want 2026-Q2 with the on-time rate below target", a.Dossier)
	}
	if len(a.Auditors) != 1 || a.Auditors[0].Username != "auditor2.A" || a.Auditors[0].ExpiresOn != "2026-09-30" {
		t.Errorf("A's expiring auditors %+v, want auditor2.A only", a.Auditors)
	}
	if b := needsOf(t, n.Items, "B"); len(b.Topics) != 0 || b.Dossier != nil || len(b.Auditors) != 0 {
		t.Errorf("B's needs %+v: its finding is about documents, its low figures last year's", b)
	}
	// Last year's programme: nothing categorised, no earlier programme;
	// B's figures of that year are below target.
	var old training.Needs
	decode(t, do(t, e.office, http.MethodGet, "/api/v1/training-needs?programme="+fmt.Sprint(n.Previous.ID), nil, http.StatusOK), &old)
	if b := needsOf(t, old.Items, "B"); old.Previous != nil || len(b.Topics) != 0 || b.Dossier == nil || b.Dossier.Period != "2025" {
		t.Errorf("last year's needs: previous %+v, B %+v", old.Previous, b)
	}

	// The office's page shows the unit, the clause and its counts.
	page := e.app.Login("office", webtest.Password)
	status, body := page.Page("/training-needs?programme=" + fmt.Sprint(this))
	if status != http.StatusOK || !strings.Contains(body, `data-unit="A"`) || !strings.Contains(body, `data-clause="8.5.1"`) ||
		!strings.Contains(body, "2 điểm không phù hợp do kỹ năng") || !strings.Contains(body, "lặp lại 1") || strings.Contains(body, `data-unit="B"`) {
		t.Errorf("the page: %d", status)
	}
	// Opened without a programme, it shows the one with skills findings.
	if _, body := page.Page("/training-needs"); !strings.Contains(body, `data-clause="8.7"`) {
		t.Error("the page without a programme does not open on this year's")
	}
}

// TestNeedsByWho: the office reads every unit; a unit's people their own
// unit only, another unit's being 404; bad parameters are 422 naming the
// programme.
func TestNeedsByWho(t *testing.T) {
	e := newEnv(t)
	id, now := e.programme(t, 2026)
	x := e.submit(t, now["A"], "C30")
	e.analyse(t, "A", x["C30"], findings.CausePeople)
	list := fmt.Sprintf("/api/v1/training-needs?programme=%d", id)
	unitPath := func(u string) string { return fmt.Sprintf("/api/v1/training-needs/units/%s?programme=%d", u, id) }

	auditeeB := e.app.Token("auditee.B", webtest.Password)
	var n training.Needs
	decode(t, do(t, auditeeB, http.MethodGet, list, nil, http.StatusOK), &n)
	if len(n.Items) != 1 || n.Items[0].Unit != "B" {
		t.Errorf("auditee.B reads %+v, want B's only", n.Items)
	}
	do(t, auditeeB, http.MethodGet, unitPath("A"), nil, http.StatusNotFound)
	do(t, e.app.Token("auditor.B", webtest.Password), http.MethodGet, unitPath("A"), nil, http.StatusNotFound)
	var one struct{ Unit training.UnitNeeds }
	decode(t, do(t, e.app.Token("auditee.A", webtest.Password), http.MethodGet, unitPath("A"), nil, http.StatusOK), &one)
	if len(one.Unit.Topics) != 1 || one.Unit.Topics[0].Clause != "8.5.1" {
		t.Errorf("auditee.A reads its own %+v", one.Unit)
	}
	decode(t, do(t, e.office, http.MethodGet, "/api/v1/training-needs/units/A", nil, http.StatusOK), &one)
	if one.Unit.Unit != "A" {
		t.Errorf("the unit's latest programme: %+v", one.Unit)
	}
	for _, bad := range []string{"/api/v1/training-needs", "/api/v1/training-needs?programme=x", "/api/v1/training-needs/units/A?programme=0"} {
		if eb := webtest.DecodeError(t, do(t, e.office, http.MethodGet, bad, nil, http.StatusUnprocessableEntity)); eb.Error.Fields["programme"] == nil {
			t.Errorf("%s: no programme in %+v", bad, eb)
		}
	}
	do(t, e.office, http.MethodGet, "/api/v1/training-needs?programme=999", nil, http.StatusNotFound)
	if status, _ := e.app.Login("auditee.A", webtest.Password).Page("/training-needs"); status != http.StatusForbidden {
		t.Errorf("an auditee opens the office's page: %d", status)
	}
}
