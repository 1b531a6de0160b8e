package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// registerFixture is a programme of three audits with n nonconformities
// spread over them, given in reverse order; every second has two actions,
// the first done, the second overdue; the third is closed.
func registerFixture(n int) ActionRegisterInput {
	in := programmeFixture(3)
	out := ActionRegisterInput{Programme: in.Programme, Owner: in.Owner, Results: in.Results, Today: fixedDay}
	done := time.Date(2026, 1, 30, 18, 0, 0, 0, time.UTC) // 31/01 in Hà Nội
	due := "2026-01-15"
	for i := n - 1; i >= 0; i-- {
		res := in.Results[i%3]
		nc := &findings.NCDetail{Finding: findings.Finding{ID: int64(100 + i), AuditID: res.AuditID, AuditeeUnit: res.AuditeeUnit, AuditorUnit: res.AuditorUnit,
			Clause: "8.5.1", ItemID: "C07", Grade: "minor", Statement: "Hồ sơ trễ hạn không có Phiếu xin lỗi", Status: findings.NCPlanAccepted, RoundN: 1, PlanDue: &due},
			RootCause: "Chưa phân công người theo dõi"}
		if i%2 == 1 {
			nc.Actions = []findings.NCAction{{Description: "Gửi Phiếu xin lỗi", OwnerName: "Lê Thị Mai", DueDate: "2026-01-25", DoneAt: &done},
				{Description: "Tập huấn công chức một cửa", Owner: "auditee.x", DueDate: "2026-02-01", Overdue: true}}
			nc.Overdue = true
		}
		if i == 2 {
			nc.Status = findings.NCClosed
		}
		if i == 3 {
			people := findings.CausePeople
			nc.CauseCategory = &people
		}
		out.NCs = append(out.NCs, nc)
	}
	return out
}

func TestBuildActionRegister(t *testing.T) {
	tests := []struct {
		name                                string
		n                                   int
		rows, closed, overdue, actions, fin int
		order                               []int64
	}{
		{"none", 0, 0, 0, 0, 0, 0, nil},
		{"one", 1, 1, 0, 0, 0, 0, []int64{100}},
		{"five over three audits, by audit then id", 5, 5, 1, 2, 4, 2, []int64{100, 103, 101, 104, 102}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := BuildActionRegister(registerFixture(tc.n))
			if len(r.Rows) != tc.rows || r.Closed != tc.closed || r.Overdue != tc.overdue || r.Actions != tc.actions || r.Done != tc.fin {
				t.Fatalf("rows %d closed %d overdue %d actions %d done %d, want %d %d %d %d %d", len(r.Rows), r.Closed, r.Overdue, r.Actions, r.Done,
					tc.rows, tc.closed, tc.overdue, tc.actions, tc.fin)
			}
			for i, id := range tc.order {
				if r.Rows[i].FindingID != id || r.Rows[i].No != i+1 {
					t.Errorf("row %d is finding %d no %d, want %d", i, r.Rows[i].FindingID, r.Rows[i].No, id)
				}
			}
		})
	}
	r := BuildActionRegister(registerFixture(2))
	row := r.Rows[1]
	if row.Auditee.Name != "Xã Đạ Huoai Số 2" || row.Auditor != "Xã Đạ Huoai Số 3" || len(row.Actions) != 2 {
		t.Fatalf("row %+v", row)
	}
	if a := row.Actions[0]; a.Done != "2026-01-31" || a.Owner != "Lê Thị Mai" || a.Overdue {
		t.Errorf("done action %+v", a)
	}
	if a := row.Actions[1]; a.Done != "" || a.Owner != "auditee.x" || !a.Overdue {
		t.Errorf("overdue action %+v", a)
	}
}

// The register lists every nonconformity with its cause and actions in
// Vietnamese and passes the PDF checks, also when there is none.
func TestActionRegisterPDF(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		want []string
	}{
		{"forty", 40, []string{"SỔ THEO DÕI HÀNH ĐỘNG KHẮC PHỤC", "Tổng số điểm không phù hợp: 40; đã đóng: 1; quá hạn: 20.",
			"Xã Đạ Huoai Số 1 (20000)", "Đánh giá: Xã Đạ Huoai Số 2, đợt 1", "Nguyên nhân: Chưa phân công người theo dõi", "Nguyên nhân (Con người và kỹ năng): Chưa phân công người theo dõi",
			"1. Gửi Phiếu xin lỗi — Lê Thị Mai (xong 31/01/2026)", "2. Tập huấn công chức một cửa — auditee.x (hạn 01/02/2026, QUÁ HẠN)",
			"Kế hoạch được chấp nhận", "Hạn kế hoạch: 15/01/2026", "Đã đóng", "8.5.1 (C07)", "BM.ĐGNB.08", "Trang 1/"}},
		{"none", 0, []string{"Tổng số điểm không phù hợp: 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().ActionRegisterPDF(BuildActionRegister(registerFixture(tc.n)))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			text := pdftest.Text(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the register lacks %q", w)
				}
			}
			if strings.Contains(text, "pdfform.") {
				t.Error("a catalogue key is printed raw")
			}
		})
	}
}
