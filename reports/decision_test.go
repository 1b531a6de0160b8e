package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// decisionFixture is the audit fixture's plan with a team of three, one
// of them office staff without a unit.
func decisionFixture(edit func(*DecisionInput)) DecisionInput {
	a := fixture(4, 1, 0)
	in := DecisionInput{Plan: a.Plan, Owner: a.Owner, Today: fixedDay,
		Official:  Official{Kind: org.OutgoingDecision, Number: "5/QĐ-UBND", Signed: fixedDay, Symbol: "UBND"},
		RoundPlan: Official{Kind: org.OutgoingPlan, Symbol: "UBND"},
		Team: []PlanMember{{Name: "Nguyễn Thị Hồng Nhung", Role: audit.TeamLead, Unit: "Xã Liên Hiệp"},
			{Name: "Trần Văn Đức", Role: audit.TeamAuditor, Unit: "Xã Liên Hiệp"}, {Name: "Hoàng Minh Tuấn", Role: "expert"}}}
	if edit != nil {
		edit(&in)
	}
	return in
}

func TestBuildDecision(t *testing.T) {
	tests := []struct {
		name    string
		in      DecisionInput
		members string
		place   string
		scope   string
	}{
		{"the team in order, the audit's place", decisionFixture(nil), "1 Nguyễn Thị Hồng Nhung lead,2 Trần Văn Đức auditor,3 Hoàng Minh Tuấn expert",
			"Trụ sở UBND xã Hiệp An", ""},
		{"no place: the audited unit; the scope trimmed", decisionFixture(func(in *DecisionInput) {
			p := *in.Plan
			p.Place, p.Scope = "", "  Bộ phận một cửa  "
			in.Plan = &p
		}), "1 Nguyễn Thị Hồng Nhung lead,2 Trần Văn Đức auditor,3 Hoàng Minh Tuấn expert", "Xã Hiệp An", "Bộ phận một cửa"},
		{"no team yet", decisionFixture(func(in *DecisionInput) { in.Team = nil }), "", "Trụ sở UBND xã Hiệp An", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := BuildDecision(tc.in)
			var ms []string
			for _, m := range d.Members {
				ms = append(ms, itoa(m.No)+" "+m.Name+" "+m.Role)
			}
			if got := strings.Join(ms, ","); got != tc.members {
				t.Errorf("members %s, want %s", got, tc.members)
			}
			if d.Place != tc.place || d.Scope != tc.scope {
				t.Errorf("place %q scope %q, want %q %q", d.Place, d.Scope, tc.place, tc.scope)
			}
			if d.Auditee.Name != "Xã Hiệp An" || d.Auditor.Code != "24967" || d.Day != "2026-01-20" || d.Official.Number != "5/QĐ-UBND" {
				t.Errorf("decision %+v", d)
			}
		})
	}
}

// The decision reads as a Vietnamese administrative decision: heading and
// number, authority, bases, the three articles with the members, the
// signature and the recipients.
func TestDecisionPDF(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   DecisionInput
		want []string
	}{
		{"numbered, citing the plan", decisionFixture(func(in *DecisionInput) {
			in.RoundPlan.Number, in.RoundPlan.Signed = "2/KH-UBND", fixedDay.AddDate(0, 0, -3)
		}), []string{
			"UBND TỈNH LÂM ĐỒNG", "UBND HUYỆN ĐỨC TRỌNG", "Số: 5/QĐ-UBND", "Đức Trọng, ngày 05 tháng 02 năm 2026", "QUYẾT ĐỊNH",
			"Về việc thành lập Đoàn đánh giá nội bộ chéo tại xã Hiệp An", "Căn cứ Quyết định số 19/2014/QĐ-TTg",
			"Căn cứ Chương trình đánh giá nội bộ chéo năm 2026;", "Căn cứ Kế hoạch số 2/KH-UBND ngày 02/02/2026 của UBND huyện Đức Trọng về đánh giá nội bộ chéo đợt 1 năm 2026;", "QUYẾT ĐỊNH:",
			"Điều 1. Thành lập Đoàn đánh giá nội bộ chéo của xã Liên Hiệp để đánh giá Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại xã Hiệp An vào ngày 20/01/2026, tại Trụ sở UBND xã Hiệp An",
			"Nguyễn Thị Hồng Nhung", "Trưởng đoàn", "Trần Văn Đức", "Chuyên gia đánh giá", "Hoàng Minh Tuấn", "Chuyên gia kỹ thuật",
			"Điều 2. Đoàn đánh giá có nhiệm vụ đánh giá theo chuẩn mực Danh mục kiểm tra ISO 9001:2015 cấp xã — v1, phạm vi: việc giải quyết thủ tục hành chính tại xã Hiệp An",
			"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND huyện Đức Trọng, Chủ tịch UBND xã Liên Hiệp, Chủ tịch UBND xã Hiệp An", "TM. UBND HUYỆN ĐỨC TRỌNG", "Như Điều 3", "BM.ĐGNB.04", "Trang 1/"}},
		{"a draft, the plan not registered", decisionFixture(func(in *DecisionInput) { in.Official.Number, in.Official.Signed = "", time.Time{} }), []string{
			"DỰ THẢO", "Số: /QĐ-UBND", "Đức Trọng, ngày tháng năm 2026", "Căn cứ Kế hoạch đánh giá nội bộ chéo đợt 1;"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().DecisionPDF(BuildDecision(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			text := pdftest.Text(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the decision lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "rounddocs.") {
				t.Error("a catalogue key is printed raw")
			}
		})
	}
}

// Hostile text in every field a person types (names, places, the
// programme, the scope) never breaks the plan or the decision.
func TestRoundDocsHostileText(t *testing.T) {
	rd := renderer()
	pl := planFixture(func(in *RoundPlanInput) {
		in.Round.Programme, in.Round.Objectives, in.Round.Owner.Name = hostile, hostile, hostile
		in.Audits[0].Place, in.Audits[0].Auditee.Name = hostile, hostile
		in.Audits[0].Team[0].Name, in.Audits[0].Team[1].Name, in.Audits[0].Team[1].Unit = hostile, hostile, hostile
	})
	de := decisionFixture(func(in *DecisionInput) {
		p := *in.Plan
		p.Place, p.Scope, p.ProgrammeName, p.AuditeeUnitName = hostile, hostile, hostile, hostile
		in.Plan = &p
		in.Team[0].Name, in.Team[2].Unit = hostile, hostile
	})
	for name, draw := range map[string]func() ([]byte, error){
		"plan":     func() ([]byte, error) { return rd.RoundPlanPDF(BuildRoundPlan(pl)) },
		"decision": func() ([]byte, error) { return rd.DecisionPDF(BuildDecision(de)) },
	} {
		t.Run(name, func(t *testing.T) {
			pdf, err := draw()
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			if text := pdftest.Text(t, pdf); !strings.Contains(text, "Nguyễn") {
				t.Error("the decomposed name is not drawn composed")
			}
		})
	}
}
