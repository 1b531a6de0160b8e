package reports

import (
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// minutesFixture is the audit fixture (8 items: C01 major, C02 minor, C03
// an observation, C08 not applicable) as the minutes read it.
func minutesFixture(edit func(*MinutesInput)) MinutesInput {
	a := fixture(8, 2, 0)
	in := MinutesInput{Plan: a.Plan, Sheet: a.Sheet, Meeting: a.Meeting, Findings: a.Findings, Owner: a.Owner, Today: fixedDay}
	if edit != nil {
		edit(&in)
	}
	return in
}

func TestBuildMinutes(t *testing.T) {
	tests := []struct {
		name    string
		in      MinutesInput
		grades  string // the findings' grades in order
		percent string
		closing bool
	}{
		{"submitted: majors first, the closing recorded", minutesFixture(nil), "major,minor,observation", "55,6%", true},
		{"in progress: what the answers found so far, nothing recorded", minutesFixture(func(in *MinutesInput) {
			in.Findings, in.Meeting.Closing = nil, nil
			in.Plan.Status = audit.StatusInProgress
		}), "major,minor,observation", "55,6%", false},
		{"a grade the lead corrected counts as corrected", minutesFixture(func(in *MinutesInput) {
			in.Findings = append([]findings.Finding(nil), in.Findings...)
			in.Findings[1].Grade = string(checklist.Observation)
		}), "major,observation,observation", "66,7%", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := BuildMinutes(tc.in)
			var grades []string
			for i, f := range m.Findings {
				grades = append(grades, string(f.Grade))
				if f.No != i+1 {
					t.Errorf("finding %d numbered %d", i, f.No)
				}
			}
			if got := strings.Join(grades, ","); got != tc.grades {
				t.Errorf("grades %s, want %s", got, tc.grades)
			}
			if got := pdfdoc.Percent("vi", m.Score.Percent); got != tc.percent {
				t.Errorf("score %s, want %s", got, tc.percent)
			}
			if (m.Closing != nil) != tc.closing || m.Lead != "Nguyễn Thị Hồng Nhung" || m.Day != "2026-01-20" || m.Place != "Trụ sở UBND xã Hiệp An" {
				t.Errorf("minutes %+v", m)
			}
		})
	}
}

// The minutes carry the meeting in Vietnamese with the findings and the
// unit's disagreement, or lines to write its opinion on, and pass the PDF
// checks.
func TestMinutesPDF(t *testing.T) {
	blank := minutesFixture(func(in *MinutesInput) { in.Findings, in.Meeting.Closing, in.Meeting.Participants = nil, nil, "" })
	for _, tc := range []struct {
		name string
		in   MinutesInput
		want []string
	}{
		{"recorded", minutesFixture(func(in *MinutesInput) { in.Number = "3/BB-ĐGNB" }), []string{"BIÊN BẢN", "Họp kết thúc đánh giá nội bộ chéo tại xã Hiệp An", "Số: 3/BB-ĐGNB",
			"Hôm nay, ngày 20/01/2026", "tại Trụ sở UBND xã Hiệp An, đoàn đánh giá của xã Liên Hiệp", "Nguyễn Thị Hồng Nhung — Trưởng đoàn",
			"Trần Văn Đức — Chuyên gia đánh giá", "Chủ tịch UBND xã, công chức Bộ phận một cửa",
			"1 điểm không phù hợp nặng, 1 điểm không phù hợp nhẹ, 1 điểm lưu ý, 0 cơ hội cải tiến; điểm đánh giá 55,6% (5/7",
			"Chọn mẫu 20 hồ sơ: 2 hồ sơ quá hạn", "Phó Chủ tịch UBND xã Hiệp An", "Đơn vị đề nghị hạ điểm C01 xuống mức nhẹ.",
			"ĐẠI DIỆN ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ", "BM.ĐGNB.06", "Trang 1/"}},
		{"to fill on site", blank, []string{"Số: /BB-ĐGNB", "[ ] Thống nhất với các phát hiện [ ] Không thống nhất, cụ thể:", "2. Đại diện Xã Hiệp An:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().MinutesPDF(BuildMinutes(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			text := pdftest.Text(t, pdf)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the minutes lack %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "pdfform.") {
				t.Error("a catalogue key is printed raw")
			}
		})
	}
}
