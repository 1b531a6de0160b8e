package handlers_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

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
	ce := newConductEnv(t)
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
	var out struct{ Findings []findings.Finding }
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
func (e *ncEnv) detail(t testing.TB, id int64) findings.NCDetail {
	t.Helper()
	r, b := e.office.Do(http.MethodGet, ncPath(id, ""), nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("get %d: %d %s", id, r.StatusCode, b)
	}
	var d findings.NCDetail
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
func inDays(n int) string { return time.Now().In(i18n.Zone).AddDate(0, 0, n).Format(time.DateOnly) }

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
