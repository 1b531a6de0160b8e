package reports_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// The reconciliation ends with conclusions, the organiser's signer and
// the recipients; ?gaps=1 leaves out the units without a gap.
func TestReconcileConclusionsAndGapsOnly(t *testing.T) {
	a := demoApp(t)
	c := a.Token("office", demo.Password)
	resp, all := c.Do(http.MethodGet, "/procedures/export.pdf", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	text := pdftest.Text(t, all)
	for _, w := range []string{"KẾT LUẬN VÀ KIẾN NGHỊ", "đơn vị có chênh lệch", "Nơi nhận:", "Lưu: VT", "Lê Thị Cúc", "TRƯỞNG PHÒNG NỘI VỤ"} {
		if !strings.Contains(text, w) {
			t.Errorf("the reconciliation lacks %q", w)
		}
	}
	resp, gaps := c.Do(http.MethodGet, "/procedures/export.pdf?gaps=1", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export gaps=1: %d", resp.StatusCode)
	}
	pdftest.Check(t, gaps)
	gtext := pdftest.Text(t, gaps)
	rows, err := a.DB.R.Query(`SELECT name FROM units WHERE retired_at IS NULL ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	left := 0
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text, name) && !strings.Contains(gtext, name) {
			left++
		}
	}
	ov, err := (&procedures.Store{DB: a.DB}).Overview(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	clean := 0
	for _, u := range ov.Units {
		if u.Missing() == 0 {
			clean++
		}
	}
	if left != clean || !strings.Contains(gtext, "chỉ liệt kê các đơn vị có chênh lệch") {
		t.Errorf("?gaps=1 left out %d units, want the %d without a gap", left, clean)
	}
}
