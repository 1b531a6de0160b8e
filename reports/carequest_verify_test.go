package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// TestCARequestVerification: a verified and closed nonconformity prints
// who verified it, when, and the effectiveness note instead of the empty
// box; one that is only implemented keeps the box to fill by hand.
func TestCARequestVerification(t *testing.T) {
	verified := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC) // 03/03 in Hà Nội
	closed := time.Date(2026, 4, 10, 3, 0, 0, 0, time.UTC)
	in := caFixture("Chưa phân công người theo dõi hạn", nil, nil)
	in.NC.Status = findings.NCClosed
	in.NC.History = []findings.NCTransition{
		{From: findings.NCImplemented, To: findings.NCVerified, Actor: "lead", ActorName: "Nguyễn Thị Hồng Nhung", At: verified, Note: "Đã kiểm tra 10 hồ sơ"},
		{From: findings.NCVerified, To: findings.NCClosed, Actor: "lead", ActorName: "Nguyễn Thị Hồng Nhung", At: closed, Note: "Không còn hồ sơ trễ hạn trong quý"},
	}
	open := caFixture("", nil, nil)
	open.NC.Status = findings.NCImplemented
	for _, tc := range []struct {
		name      string
		in        CARequestInput
		want, not []string
	}{
		{"closed", in, []string{"[x] Đạt", "03/03/2026", "Nguyễn Thị Hồng Nhung", "Đã kiểm tra 10 hồ sơ", "có hiệu lực, đóng ngày 10/04/2026",
			"Không còn hồ sơ trễ hạn trong quý"}, []string{"[ ] Đạt [ ] Chưa đạt"}},
		{"implemented, not verified", open, []string{"[ ] Đạt [ ] Chưa đạt", "Nhận xét về hiệu lực của hành động khắc phục:"}, []string{"[x] Đạt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().CARequestPDF(BuildCARequest(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			text := pdftest.Text(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the form lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("the form prints %q", w)
				}
			}
		})
	}
}
