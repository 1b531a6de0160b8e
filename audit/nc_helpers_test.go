package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mountNC mounts conducting with the corrective-action workflow.
func mountNC(s *web.Server, r *web.Router, d *db.DB) { mountConduct(s, r, d) }

// ncEnv is conductEnv with the workflow mounted and the audit A→X
// submitted with two nonconformities (C10 minor, C24 major) and an
// observation.
type ncEnv struct {
	*conductEnv
	nc    int64 // the minor on C10
	major int64 // the major on C24
}

func newNCEnv(t testing.TB) *ncEnv {
	t.Helper()
	a := webtest.New(t, mountNC)
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
		a.User("auditor."+u, web.RoleAuditor, u)
		a.User("auditee."+u, web.RoleAuditee, u)
	}
	a.User("auditor2.A", web.RoleAuditor, "A")
	a.User("office", web.RoleOffice, "")
	a.User("admin", web.RoleAdmin, "")
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
	ce.conduct = audit.NewConduct(&audit.Store{DB: a.DB, Checklists: &checklist.Store{DB: a.DB}})
	ne := &ncEnv{conductEnv: ce}
	ids := ne.submitAudit(t, map[string]map[string]any{
		"C10": {"result": "minor", "note": "Chưa nhận diện rủi ro trễ hạn"},
		"C24": {"result": "major", "note": "5/20 hồ sơ trễ hạn"},
		"C15": {"result": "observation", "note": "Biển chỉ dẫn đã mờ"},
	})
	ne.nc, ne.major = ids["C10"], ids["C24"]
	return ne
}

// submitAudit answers and submits the env's current audit and returns the
// nonconformities it made by item.
func (e *conductEnv) submitAudit(t testing.TB, overrides map[string]map[string]any) map[string]int64 {
	t.Helper()
	e.answerAll(t, overrides)
	r, b := e.lead.Do(http.MethodPost, e.path("/submit"), nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", r.StatusCode, b)
	}
	var out struct{ Findings []audit.Finding }
	mustDecode(t, b, &out)
	ids := map[string]int64{}
	for _, f := range out.Findings {
		ids[f.ItemID] = f.ID
	}
	return ids
}

func ncPath(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/nonconformities/%d%s", id, rest)
}

// detail reads a nonconformity as the office sees it.
func (e *ncEnv) detail(t testing.TB, id int64) audit.NCDetail {
	t.Helper()
	r, b := e.office.Do(http.MethodGet, ncPath(id, ""), nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("get %d: %d %s", id, r.StatusCode, b)
	}
	var d audit.NCDetail
	mustDecode(t, b, &d)
	return d
}

// expect sends a request and fails unless it answers want.
func expect(t testing.TB, c *webtest.Client, method, path string, body any, want int) []byte {
	t.Helper()
	r, b := c.Do(method, path, body)
	if r.StatusCode != want {
		t.Fatalf("%s %s %v: %d, want %d: %s", method, path, body, r.StatusCode, want, b)
	}
	return b
}

// in a few days: a due date that is never in the past.
func inDays(n int) string { return time.Now().AddDate(0, 0, n).Format(time.DateOnly) }

// photo is a small PNG photo of evidence.
func photo(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
