package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/docx"
)

// docxTotalsRow is totalsRow's twin: is the unit table's last row: the sums of the audits that
// count, the same figures as the overall score.
func (rd *Renderer) docxTotalsRow(r *ProgrammeReport, grades []checklist.Result) []docx.Cell {
	row := []docx.Cell{{}, {Text: rd.t("report.programme.total"), Bold: true}, {}, {}}
	for _, g := range grades {
		row = append(row, docx.Cell{Text: strconv.Itoa(r.Totals.ByResult[g]), Bold: true})
	}
	return append(row, docx.Cell{Text: rd.totalScore(r), Bold: true})
}

// docxComparison is comparison's twin: draws the programme beside the previous one of the same
// organiser, overall and by unit.
func (rd *Renderer) docxComparison(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_compare"), docx.BodySize)
	c := r.Previous
	if c == nil {
		d.Para(rd.t("report.programme.no_previous"), docx.Left)
		return
	}
	d.Para(rd.t("report.programme.compare_with", "name", c.Name, "year", c.Year), docx.Justify)
	cols := []docx.Column{{Width: 52, Header: rd.t("report.col.unit")},
		{Width: 25, Header: rd.t("report.programme.col.score_prev"), Align: docx.Right}, {Width: 25, Header: rd.t("report.programme.col.score_now"), Align: docx.Right},
		{Width: 22, Header: rd.t("report.programme.col.nc_prev"), Align: docx.Center}, {Width: 22, Header: rd.t("report.programme.col.nc_now"), Align: docx.Center},
		{Width: docx.ContentWidth - 146, Header: rd.t("report.programme.col.on_time"), Align: docx.Center}}
	rows := [][]docx.Cell{rd.docxCompareRow(rd.t("report.programme.overall_row"), c.Overall, true)}
	for _, u := range c.Units {
		rows = append(rows, rd.docxCompareRow(u.Unit.Name, u, false))
	}
	(&docx.Table{Columns: cols, Size: docx.TableSize}).Draw(d, rows)
}

// docxCompareRow is compareRow's twin: is one line of the comparison; closed on time reads
// "previous → now", each as on time over closed.
func (rd *Renderer) docxCompareRow(label string, l ComparisonLine, bold bool) []docx.Cell {
	row := []docx.Cell{{Text: label, Bold: bold}}
	for _, t := range rd.compareTexts(l) {
		row = append(row, docx.Cell{Text: t})
	}
	return row
}

// docxFairness is fairness's twin: draws the leniency flags of the dashboard's analysis.
func (rd *Renderer) docxFairness(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_fairness"), docx.BodySize)
	for _, p := range rd.fairnessParas(r) {
		d.Para(p, docx.Justify)
	}
}

// docxConclusions is conclusions's twin: draws the conclusions and recommendations, paragraph by
// paragraph.
func (rd *Renderer) docxConclusions(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_conclusions"), docx.BodySize)
	for _, p := range rd.conclusionParas(r) {
		d.Para(p, docx.Justify)
	}
}
