package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// programmeFixture is a programme of n audits, one per unit: the first
// half submitted with results, every third with nonconformities in two
// clauses, every fifth of those overdue.
func programmeFixture(n int) ProgrammeInput {
	due := "2026-01-10"
	in := ProgrammeInput{Programme: &audit.Programme{ID: 1, Year: 2026, Name: "Chương trình đánh giá nội bộ chéo năm 2026", Status: audit.ProgrammeActive,
		ChecklistName: "Danh mục kiểm tra ISO 9001:2015 cấp xã", ChecklistVersion: 1},
		Owner: Owner{ID: 1, Name: "UBND tỉnh Lâm Đồng", ParentName: "Bộ Nội vụ", Place: "Đà Lạt"}, Today: fixedDay}
	for i := range n {
		r := findings.AuditResult{AuditID: int64(i + 1), Round: 1, Status: audit.StatusPlanned, AuditeeUnit: fmt.Sprintf("%05d", 20000+i),
			AuditeeName: fmt.Sprintf("Xã Đạ Huoai Số %d", i+1), AuditorUnit: fmt.Sprintf("%05d", 20000+(i+1)%n), AuditorName: fmt.Sprintf("Xã Đạ Huoai Số %d", (i+1)%n+1),
			ByResult: map[string]int{}}
		if i < n/2 {
			r.Status = audit.StatusSubmitted
			r.ByResult = map[string]int{"conform": 50, "minor": i % 3, "major": i % 5 / 4, "observation": 2, "na": 1}
		}
		in.Results = append(in.Results, r)
		if i < n/2 && i%3 == 0 {
			for k, clause := range []string{"8.5.1", "7.5.3", "VN.1"} {
				f := findings.Finding{ID: int64(i*3 + k + 1), AuditID: r.AuditID, AuditeeUnit: r.AuditeeUnit, AuditorUnit: r.AuditorUnit, Clause: clause,
					ItemID: fmt.Sprintf("C%02d", k+1), Grade: "minor", Status: findings.NCOpen}
				if i%5 == 0 {
					f.PlanDue, f.Overdue = &due, true
				}
				in.Findings = append(in.Findings, f)
			}
		}
	}
	return in
}

func TestBuildProgrammeReport(t *testing.T) {
	tests := []struct {
		name          string
		n             int
		rows, scored  int
		sections      string
		overdue, open int
	}{
		{"one unit planned", 1, 1, 0, "", 0, 0},
		{"six units", 6, 6, 3, "7,8,VN", 3, 3},
		{"three hundred units", 300, 300, 150, "7,8,VN", 30, 150},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := BuildProgrammeReport(programmeFixture(tc.n))
			scored := 0
			for _, row := range r.Rows {
				if row.HasScore {
					scored++
				}
			}
			if len(r.Rows) != tc.rows || scored != tc.scored {
				t.Errorf("rows %d scored %d, want %d, %d", len(r.Rows), scored, tc.rows, tc.scored)
			}
			if got := strings.Join(r.Sections, ","); got != tc.sections {
				t.Errorf("sections %q, want %q (numeric order, VN last)", got, tc.sections)
			}
			open := 0
			for _, s := range r.ByState {
				if s.State == findings.NCOpen {
					open = s.N
				}
			}
			if len(r.Overdue) != tc.overdue || open != tc.open {
				t.Errorf("overdue %d open %d, want %d, %d", len(r.Overdue), open, tc.overdue, tc.open)
			}
		})
	}
	r := BuildProgrammeReport(programmeFixture(6))
	if s := r.Rows[0].Score; s.Applicable != 52 || s.Favourable != 52 || r.Rows[1].Score.Favourable != 52 || r.Rows[1].Score.Applicable != 53 {
		t.Errorf("scores %+v, %+v", r.Rows[0].Score, r.Rows[1].Score)
	}
}

// The summary names every unit in full and passes the PDF checks.
func TestProgrammeSummaryPDF(t *testing.T) {
	pdf, err := renderer().ProgrammePDF(BuildProgrammeReport(programmeFixture(40)))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	for _, w := range []string{"Xã Đạ Huoai Số 1 (20000)", "Xã Đạ Huoai Số 40 (20039)", "Đà Lạt, ngày 05 tháng 02 năm 2026", "10/01/2026", "Mới mở: 21"} {
		if !strings.Contains(text, w) {
			t.Errorf("the summary lacks %q", w)
		}
	}
}
