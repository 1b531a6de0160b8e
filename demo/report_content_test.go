package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// This year's issued reports show what `serve --demo` should: a measured
// value against its target that is not met, a nonconformity as requirement,
// evidence and what is not met, a repeat named with last year's report,
// and the audit team signing under its own letterhead.
func TestDemoReportContents(t *testing.T) {
	d, _ := loaded(t)
	rows, err := d.R.Query(`SELECT b.data FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id
		JOIN audits a ON a.id = r.audit_id JOIN rounds o ON o.id = a.round_id JOIN programmes p ON p.id = o.programme_id
		WHERE p.year = ? ORDER BY r.id`, time.Now().Year())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all strings.Builder
	for rows.Next() {
		var pdf []byte
		if err := rows.Scan(&pdf); err != nil {
			t.Fatal(err)
		}
		all.WriteString(pdftest.Text(t, pdf))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	text := all.String()
	for _, w := range []string{"Kết quả các chỉ tiêu đo lường", "Không đạt", "Yêu cầu:", "Bằng chứng:", "Không đáp ứng:",
		"Lặp lại điểm không phù hợp", "(Báo cáo số ", "ĐOÀN ĐÁNH GIÁ NỘI BỘ CHÉO", "TM. ĐOÀN ĐÁNH GIÁ"} {
		if !strings.Contains(text, w) {
			t.Errorf("this year's issued reports lack %q", w)
		}
	}
}
