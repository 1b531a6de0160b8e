package reports_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// The reconciliation documents follow the rules of the downloads beside
// them: the whole owner's for admin, office and auditors; a unit's for
// them and the unit's own auditee, 404 for another unit's auditee and for
// a unit that does not exist. A demo unit's document lists its gaps.
func TestReconcileEndpoints(t *testing.T) {
	a := demoApp(t)
	ug, err := (&procedures.Store{DB: a.DB}).Unit(context.Background(), "24961")
	if err != nil {
		t.Fatal(err)
	}
	if len(ug.Gaps) == 0 {
		t.Fatal("the demo unit 24961 has no gap")
	}
	unit := "/procedures/units/24961/export.pdf"
	for _, tc := range []struct {
		who       string
		path      string
		want      int
		wantTexts []string
	}{
		{"office", "/procedures/export.pdf", 200, []string{"I. TỔNG HỢP THEO ĐƠN VỊ", ug.UnitName + " (24961)"}},
		{"admin", "/procedures/export.pdf", 200, nil},
		{"auditor.24964", "/procedures/export.pdf", 200, nil},
		{"auditee.24961", "/procedures/export.pdf", 403, nil},
		{"office", unit, 200, []string{"BÁO CÁO", ug.UnitName, ug.Gaps[0].Code, "I. SỐ LIỆU HỒ SƠ"}},
		{"auditor.24964", unit, 200, nil},
		{"auditee.24961", unit, 200, []string{ug.UnitName}},
		{"auditee.24964", unit, 404, nil},
		{"office", "/procedures/units/99999/export.pdf", 404, nil},
	} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, tc.path, nil)
		wantStatus(t, tc.who+" "+tc.path, resp, body, tc.want)
		if tc.want != 200 {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("%s %s: served as %s", tc.who, tc.path, ct)
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
			t.Errorf("%s %s: Content-Disposition %q", tc.who, tc.path, cd)
		}
		if len(tc.wantTexts) > 0 {
			txt := pdftest.Text(t, body)
			for _, w := range tc.wantTexts {
				if !strings.Contains(txt, w) {
					t.Errorf("%s %s: the document lacks %q", tc.who, tc.path, w)
				}
			}
		}
	}
	for _, p := range []string{"/procedures/export.pdf", unit} {
		// A page path: the anonymous visitor is sent to sign in.
		resp, body := a.Anonymous().Do(http.MethodGet, p, nil)
		wantStatus(t, "anonymous "+p, resp, body, 303)
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
			t.Errorf("anonymous %s: sent to %q", p, loc)
		}
	}
}
