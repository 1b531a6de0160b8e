package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// caFixture is a minor nonconformity of the audit fixture, with the given
// analysis and actions.
func caFixture(rootCause string, whys []string, actions []findings.NCAction) CARequestInput {
	in := fixture(8, 2, 0)
	due := "2026-02-12"
	nc := &findings.NCDetail{Finding: findings.Finding{ID: 42, AuditID: 7, AuditeeUnit: "24961", AuditorUnit: "24967", Clause: "8.5.1",
		ItemID: "C02", Grade: "minor", Statement: "Chọn mẫu 20 hồ sơ: 3 hồ sơ quá hạn, không có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
		Evidence: "Sổ theo dõi hồ sơ (Mẫu 06)", Status: findings.NCOpen, PlanDue: &due},
		RootCause: rootCause, Whys: whys, Actions: actions}
	return CARequestInput{NC: nc, Plan: in.Plan, Owner: in.Owner, Today: fixedDay}
}

func TestBuildCARequest(t *testing.T) {
	done := time.Date(2026, 2, 20, 20, 0, 0, 0, time.UTC) // 21/02 in Hà Nội
	two := []findings.NCAction{
		{ID: 1, Description: "Lập Phiếu xin lỗi cho hồ sơ trễ hạn", Owner: "auditee.24961", OwnerName: "Lê Thị Mai", DueDate: "2026-03-01", DoneAt: &done},
		{ID: 2, Description: "Tập huấn công chức một cửa", Owner: "auditee.24961b", DueDate: "2026-03-15"},
	}
	tests := []struct {
		name      string
		in        CARequestInput
		actions   int
		blank     int
		whys      int
		firstDone string
		owner     string
	}{
		{"nothing written yet: blank rows to fill by hand", caFixture("", []string{""}, nil), 0, 3, 0, "", ""},
		{"two actions, one done (its day in Hà Nội)", caFixture("Chưa phân công theo dõi hạn", []string{"Không theo dõi", "", "Chưa phân công"}, two), 2, 1, 2, "2026-02-21", "Lê Thị Mai"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := BuildCARequest(tc.in)
			if len(r.Actions) != tc.actions || r.Blank != tc.blank || len(r.Whys) != tc.whys {
				t.Fatalf("actions %d blank %d whys %d, want %d, %d, %d", len(r.Actions), r.Blank, len(r.Whys), tc.actions, tc.blank, tc.whys)
			}
			if r.Lead != "Nguyễn Thị Hồng Nhung" || r.Auditee.Name != "Xã Hiệp An" || r.PlanDue != "2026-02-12" || r.AuditDate != "2026-01-20" {
				t.Errorf("frame %+v", r)
			}
			if tc.actions > 0 {
				if a := r.Actions[0]; a.No != 1 || a.Done != tc.firstDone || a.Owner != tc.owner {
					t.Errorf("first action %+v", a)
				}
				if a := r.Actions[1]; a.No != 2 || a.Done != "" || a.Owner != "auditee.24961b" {
					t.Errorf("second action %+v (an owner without a name shows the username)", a)
				}
			}
		})
	}
}

// The form carries the finding and the unit's answer in Vietnamese, with
// the parts to sign, and passes the PDF checks; a form still blank shows
// its part II headings with room to write.
func TestCARequestPDF(t *testing.T) {
	actions := []findings.NCAction{{ID: 1, Description: "Lập Phiếu xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ trễ hạn", OwnerName: "Lê Thị Mai", DueDate: "2026-03-01"}}
	filled := BuildCARequest(caFixture("Chưa phân công người theo dõi hạn giải quyết hồ sơ", []string{"Vì sao trễ hạn? Không ai theo dõi"}, actions))
	filled.Correction = "Đã gửi Phiếu xin lỗi cho 3 công dân ngày 06/02/2026."
	filled.Number = "4/PYC-HĐKP"
	filled.CauseCategory = findings.CausePeople
	blank := BuildCARequest(caFixture("", nil, nil))
	for _, tc := range []struct {
		name string
		r    *CARequest
		want []string
	}{
		{"filled", filled, []string{"PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC", "Số: 4/PYC-HĐKP", "Đức Trọng, ngày 05 tháng 02 năm 2026",
			"Đơn vị được đánh giá: Xã Hiệp An (24961)", "8.5.1 (mục C02)", "Không phù hợp nhẹ", "Hạn gửi kế hoạch khắc phục: 12/02/2026",
			"Chưa phân công người theo dõi hạn giải quyết hồ sơ", "Nhóm nguyên nhân: Con người và kỹ năng", "Tại sao 1: Vì sao trễ hạn? Không ai theo dõi",
			"Đã gửi Phiếu xin lỗi cho 3 công dân ngày 06/02/2026.", "Lập Phiếu xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ trễ hạn",
			"Lê Thị Mai", "01/03/2026", "Nguyễn Thị Hồng Nhung", "THỦ TRƯỞNG ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ", "BM.ĐGNB.07", "Trang 1/"}},
		{"blank", blank, []string{"Số: /PYC-HĐKP", "II. NGUYÊN NHÂN VÀ KHẮC PHỤC (do đơn vị được đánh giá ghi)", "Nguyên nhân gốc rễ:",
			"Nhóm nguyên nhân (khoanh tròn): Con người và kỹ năng / Phương pháp và quy trình", "Biện pháp xử lý tức thời:", "IV. KIỂM TRA XÁC NHẬN (do trưởng đoàn đánh giá ghi)", "[ ] Đạt [ ] Chưa đạt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().CARequestPDF(tc.r)
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
			if strings.Contains(text, "pdfform.") || strings.Contains(text, "training.") {
				t.Error("a catalogue key is printed raw")
			}
		})
	}
}
