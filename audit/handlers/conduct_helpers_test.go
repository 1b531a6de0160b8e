package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// conductEnv is env with a confirmed round: audit A→X is the one under
// test, conducted by auditor.A (lead) and auditor2.A (auditor).
type conductEnv struct {
	*env
	auditID  int64
	auditee  string // the unit A audits
	lead     *webtest.Client
	member   *webtest.Client
	auditeeC *webtest.Client
	st       *findings.Store
}

func newConductEnv(t testing.TB) *conductEnv {
	t.Helper()
	return newConductEnvN(t, []string{"A", "B", "C", "D", "E", "F"})
}

// newConductEnvN is newConductEnv over the given units (A among them).
func newConductEnvN(t testing.TB, units []string) *conductEnv {
	t.Helper()
	return newConductEnvOn(t, mount, units)
}

// newConductEnvOn is newConductEnv over the given units, on an app with
// what mount registers.
func newConductEnvOn(t testing.TB, mount webtest.Mounter, units []string) *conductEnv {
	t.Helper()
	return newConductEnvSeeded(t, mount, units, checklist.Seed)
}

// newConductEnvSeeded is newConductEnvOn with the built-in checklist seeded
// by seed (an earlier binary's seeding, for the upgrade's tests).
func newConductEnvSeeded(t testing.TB, mount webtest.Mounter, units []string, seed func(context.Context, *db.DB) error) *conductEnv {
	t.Helper()
	a := webtest.New(t, mount)
	ctx := context.Background()
	if err := seed(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	id, err := checklist.BuiltinID(ctx, a.DB)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{app: a, checklist: id, units: units}
	for i, u := range e.units {
		a.Unit(u, "Xã "+u, fmt.Sprintf("Cụm %d", i%2+1))
		a.User("auditor."+u, role.Auditor, u)
		a.User("auditee."+u, role.Auditee, u)
	}
	a.User("auditor2.A", role.Auditor, "A")
	a.User("office", role.Office, "")
	a.User("admin", role.Admin, "")
	e.office = a.Token("office", webtest.Password)
	ce := &conductEnv{env: e}
	for _, u := range e.units {
		ce.certifyTB(t, "auditor."+u, "2020-01-01")
	}
	ce.certifyTB(t, "auditor2.A", "2021-01-01")
	ce.confirmRound(t)
	ce.lead = a.Token("auditor.A", webtest.Password)
	ce.member = a.Token("auditor2.A", webtest.Password)
	ce.auditeeC = a.Token("auditee."+ce.auditee, webtest.Password)
	ce.st = findings.Open(a.DB)
	return ce
}

func (e *conductEnv) certifyTB(t testing.TB, username, from string) {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/certificates", map[string]string{
		"username": username, "course": "Đánh giá viên nội bộ ISO 9001", "certificate_no": "CC-" + username, "issued_on": from, "expires_on": "2099-12-31"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("certify %s: %d %s", username, resp.StatusCode, body)
	}
}

func (e *conductEnv) confirmRound(t testing.TB) {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/programmes", map[string]any{
		"name": "Đánh giá chéo 2026", "year": 2026, "checklist_id": e.checklist, "units": e.units,
		"rounds": []map[string]string{{"starts_on": "2026-06-01", "ends_on": "2026-06-30"}}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("programme: %d %s", resp.StatusCode, body)
	}
	var p audit.Programme
	mustDecode(t, body, &p)
	if resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", p.ID), map[string]any{"seed": 7, "clusters": "any"}); resp.StatusCode != http.StatusCreated {
		t.Fatalf("preview: %d %s", resp.StatusCode, body)
	}
	resp, body = e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.AuditSummary }
	mustDecode(t, body, &out)
	for _, a := range out.Audits {
		if a.AuditorUnit == "A" {
			e.auditID, e.auditee = a.ID, a.AuditeeUnit
		}
	}
	if e.auditID == 0 {
		t.Fatal("A audits nobody")
	}
}

func mustDecode(t testing.TB, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// path is a path under the audit's API.
func (e *conductEnv) path(rest string) string {
	return fmt.Sprintf("/api/v1/audits/%d%s", e.auditID, rest)
}

// put saves an answer and returns the status and body.
func (e *conductEnv) put(c *webtest.Client, item string, body map[string]any) (int, []byte) {
	resp, b := c.Do(http.MethodPut, e.path("/answers/"+item), body)
	return resp.StatusCode, b
}

// version reads the version of a 200 answer.
func version(t testing.TB, body []byte) int64 {
	t.Helper()
	var out struct{ Version int64 }
	mustDecode(t, body, &out)
	return out.Version
}

// items returns the audit's item codes and kinds, in order.
func (e *conductEnv) items(t testing.TB) []findings.ItemView {
	t.Helper()
	resp, body := e.office.Do(http.MethodGet, e.path(""), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("get audit: %d %s", resp.StatusCode, body)
	}
	var v findings.AuditView
	mustDecode(t, body, &v)
	return v.Items
}

// answerAll answers every item through the API so that the audit may be
// submitted: conform with a note, measure items with a value meeting their
// target; overrides maps item codes to other answers.
func (e *conductEnv) answerAll(t testing.TB, overrides map[string]map[string]any) {
	t.Helper()
	for _, it := range e.items(t) {
		body := map[string]any{"result": "conform", "note": "Đã kiểm tra hồ sơ, đạt yêu cầu.", "version": 0}
		if it.Kind == "measure" {
			body["value"] = targetValue(it.Target)
		}
		if o, ok := overrides[it.ItemID]; ok {
			body = o
			if _, ok := body["version"]; !ok {
				body["version"] = 0
			}
		}
		if it.Answer != nil && it.Answer.Version > 0 {
			body["version"] = it.Answer.Version
		}
		if status, b := e.put(e.lead, it.ItemID, body); status != http.StatusOK {
			t.Fatalf("answer %s: %d %s", it.ItemID, status, b)
		}
	}
}

// targetValue is a value that meets a target of the built-in checklist
// (0 when there is none).
func targetValue(target string) float64 {
	tg, err := checklist.ParseTarget(target)
	if err != nil || !tg.Set() {
		return 0
	}
	switch tg.Op {
	case ">":
		return tg.Value + 1
	case "<":
		return tg.Value - 1
	}
	return tg.Value
}

func (e *conductEnv) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *conductEnv) status(t testing.TB) string {
	t.Helper()
	var s string
	if err := e.app.DB.R.QueryRow(`SELECT status FROM audits WHERE id = ?`, e.auditID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
