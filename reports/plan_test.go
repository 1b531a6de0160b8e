package reports

import (
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// planFixture is a confirmed round of three audits: one planned on the
// 3rd without a place, one in progress on the 5th with a full team, one
// cancelled.
func planFixture(edit func(*RoundPlanInput)) RoundPlanInput {
	in := RoundPlanInput{
		Round: RoundInfo{ID: 3, N: 1, Status: audit.RoundConfirmed, StartsOn: "2026-03-02", EndsOn: "2026-03-13", ProgrammeID: 1,
			Programme: "Chương trình đánh giá nội bộ chéo năm 2026", Year: 2026, Criteria: "Danh mục kiểm tra ISO 9001:2015 cấp xã — v1",
			Owner: Owner{ID: 1, Name: "UBND huyện Đức Trọng", ParentName: "UBND tỉnh Lâm Đồng", Place: "Đức Trọng"}},
		Audits: []PlanAudit{
			{AuditID: 11, Status: audit.StatusInProgress, Date: "2026-03-05", Place: "Trụ sở UBND xã Hiệp An",
				Auditor: Unit{"24967", "Xã Liên Hiệp"}, Auditee: Unit{"24961", "Xã Hiệp An"},
				Team: []PlanMember{{Name: "Nguyễn Thị Hồng Nhung", Role: audit.TeamLead, Unit: "Xã Liên Hiệp"},
					{Name: "Trần Văn Đức", Role: audit.TeamAuditor, Unit: "Xã Liên Hiệp"}, {Name: "Lê Thị Ánh", Role: "observer"}}},
			{AuditID: 12, Status: audit.StatusPlanned, Date: "2026-03-03", Auditor: Unit{"24964", "Xã Hiệp Thạnh"}, Auditee: Unit{"24967", "Xã Liên Hiệp"},
				Team: []PlanMember{{Name: "Phạm Quốc Bảo", Role: audit.TeamLead, Unit: "Xã Hiệp Thạnh"}}},
			{AuditID: 13, Status: audit.StatusCancelled, Date: "2026-03-04", Auditor: Unit{"24961", "Xã Hiệp An"}, Auditee: Unit{"24970", "Xã Ninh Gia"}},
		},
		Official: Official{Kind: org.OutgoingPlan, Number: "2/KH-UBND", Signed: fixedDay, Symbol: "UBND"},
		Today:    fixedDay,
	}
	if edit != nil {
		edit(&in)
	}
	return in
}

func TestBuildRoundPlan(t *testing.T) {
	tests := []struct {
		name      string
		in        RoundPlanInput
		order     string // audit ids in schedule order
		units     int
		cancelled int
		leads     string
		members   int // of the first row
		place     string
	}{
		{"by day; cancelled left out; place falls back to the unit", planFixture(nil), "12,11", 3, 1, "Phạm Quốc Bảo,Nguyễn Thị Hồng Nhung", 0, "Xã Liên Hiệp"},
		{"same day: by audited unit's code", planFixture(func(in *RoundPlanInput) { in.Audits[1].Date = "2026-03-05" }), "11,12", 3, 1,
			"Nguyễn Thị Hồng Nhung,Phạm Quốc Bảo", 2, "Trụ sở UBND xã Hiệp An"},
		{"a team without a lead lists everyone as members", planFixture(func(in *RoundPlanInput) {
			in.Audits = in.Audits[:1]
			in.Audits[0].Team = []PlanMember{{Name: "Trần Văn Đức", Role: audit.TeamAuditor}}
		}), "11", 2, 0, "", 1, "Trụ sở UBND xã Hiệp An"},
		{"no audits", planFixture(func(in *RoundPlanInput) { in.Audits = nil }), "", 0, 0, "", -1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := BuildRoundPlan(tc.in)
			var ids, leads []string
			for i, r := range p.Rows {
				ids = append(ids, itoa(int(r.AuditID)))
				if r.Lead != "" {
					leads = append(leads, r.Lead)
				}
				if r.No != i+1 {
					t.Errorf("row %d numbered %d", i, r.No)
				}
			}
			if got := strings.Join(ids, ","); got != tc.order {
				t.Errorf("order %s, want %s", got, tc.order)
			}
			if got := strings.Join(leads, ","); got != tc.leads {
				t.Errorf("leads %s, want %s", got, tc.leads)
			}
			if p.Units != tc.units || p.Cancelled != tc.cancelled {
				t.Errorf("%d units, %d cancelled; want %d, %d", p.Units, p.Cancelled, tc.units, tc.cancelled)
			}
			if tc.members >= 0 && (len(p.Rows) == 0 || len(p.Rows[0].Members) != tc.members || p.Rows[0].Place != tc.place) {
				t.Errorf("first row %+v, want %d members at %q", p.Rows, tc.members, tc.place)
			}
			if p.Official.Number != "2/KH-UBND" || p.Round != 1 || p.From != "2026-03-02" || p.To != "2026-03-13" {
				t.Errorf("plan %+v", p)
			}
		})
	}
}

// The plan reads as a Vietnamese administrative plan: the heading with
// its number, scope and criteria, the schedule, the teams with their
// leads and members, the signature; a plan not yet numbered prints a
// blank number.
func TestRoundPlanPDF(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   RoundPlanInput
		want []string
	}{
		{"numbered", planFixture(nil), []string{"UBND TỈNH LÂM ĐỒNG", "UBND HUYỆN ĐỨC TRỌNG", "Số: 2/KH-UBND",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đức Trọng, ngày 05 tháng 02 năm 2026", "KẾ HOẠCH",
			"Đánh giá nội bộ chéo đợt 1 — Chương trình đánh giá nội bộ chéo năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
			"Đánh giá sự phù hợp và hiệu lực của Hệ thống quản lý chất lượng", "3 đơn vị, 2 cuộc đánh giá",
			"TCVN ISO 9001:2015; Danh mục kiểm tra ISO 9001:2015 cấp xã — v1", "từ ngày 02/03/2026 đến ngày 13/03/2026",
			"III. LỊCH ĐÁNH GIÁ", "03/03/2026", "05/03/2026", "Trụ sở UBND xã Hiệp An", "IV. ĐOÀN ĐÁNH GIÁ", "Nguyễn Thị Hồng Nhung",
			"Phạm Quốc Bảo — Trưởng đoàn (Xã Hiệp Thạnh)", "Nguyễn Thị Hồng Nhung — Trưởng đoàn (Xã Liên Hiệp)", "Trần Văn Đức — Chuyên gia đánh giá (Xã Liên Hiệp)", "Lê Thị Ánh — Quan sát viên", "V. TỔ CHỨC THỰC HIỆN",
			"TM. UBND HUYỆN ĐỨC TRỌNG", "Nơi nhận:", "Lưu: VT", "BM.ĐGNB.01", "Trang 1/"}},
		{"not yet numbered, the programme's objectives", planFixture(func(in *RoundPlanInput) {
			in.Official, in.Round.Objectives = Official{Kind: org.OutgoingPlan, Symbol: "UBND"}, "Kiểm tra việc tiếp nhận hồ sơ trực tuyến toàn trình."
		}), []string{"DỰ THẢO", "Số: /KH-UBND", "Đức Trọng, ngày tháng năm 2026", "Kiểm tra việc tiếp nhận hồ sơ trực tuyến toàn trình."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().RoundPlanPDF(BuildRoundPlan(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			text := pdftest.Text(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the plan lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "rounddocs.") || strings.Contains(text, "Xã Ninh Gia") {
				t.Error("a catalogue key, or the cancelled audit, is printed")
			}
		})
	}
}

// The same round gives the same bytes: the creation date is fixed.
func TestRoundPlanReproducible(t *testing.T) {
	a, err := renderer().RoundPlanPDF(BuildRoundPlan(planFixture(nil)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := renderer().RoundPlanPDF(BuildRoundPlan(planFixture(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Error("the same plan drew different bytes")
	}
}
