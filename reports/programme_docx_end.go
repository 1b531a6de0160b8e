package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// docxTotalsRow is totalsRow's twin: is the unit table's last row: the sums of the audits that
// count, the same figures as the overall score.
func (rd *Renderer) docxTotalsRow(r *ProgrammeReport, grades []checklist.Result) []docx.Cell {
	row := []docx.Cell{{}, {Text: rd.t("report.programme.total"), Bold: true}, {}, {}}
	for _, g := range grades {
		row = append(row, docx.Cell{Text: strconv.Itoa(r.Totals.ByResult[g]), Bold: true})
	}
	score := "–"
	if r.Totals.Applicable > 0 {
		score = pdfdoc.Percent(rd.Lang, r.Totals.Percent) + "\n" + strconv.Itoa(r.Totals.Favourable) + "/" + strconv.Itoa(r.Totals.Applicable)
	}
	return append(row, docx.Cell{Text: score, Bold: true})
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
	score := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return pdfdoc.Percent(rd.Lang, *v)
	}
	nc := func(n int, has bool) string {
		if !has {
			return "–"
		}
		return strconv.Itoa(n)
	}
	onTime := strconv.Itoa(l.PrevOnTime) + "/" + strconv.Itoa(l.PrevClosed) + " → " + strconv.Itoa(l.OnTime) + "/" + strconv.Itoa(l.Closed)
	return []docx.Cell{{Text: label, Bold: bold}, {Text: score(l.PrevScore)}, {Text: score(l.Score)},
		{Text: nc(l.PrevNC, l.HadPrevious)}, {Text: nc(l.NC, l.HasResult)}, {Text: onTime}}
}

// docxFairness is fairness's twin: draws the leniency flags of the dashboard's analysis.
func (rd *Renderer) docxFairness(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_fairness"), docx.BodySize)
	f := r.Fairness
	if f == nil {
		d.Para(rd.t("report.programme.fairness_unknown"), docx.Justify)
		return
	}
	d.Para(rd.t("report.programme.fairness_scope", "audits", f.Audits, "units", f.UnitsTested, "pairs", f.PairsTested), docx.Justify)
	if len(f.Units) == 0 && len(f.Pairs) == 0 {
		d.Para(rd.t("report.programme.fairness_none"), docx.Justify)
		return
	}
	index := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return rd.decimal(*v, 2)
	}
	for _, u := range f.Units {
		d.Para("- "+rd.t("report.programme.fairness_unit", "unit", org.InText(u.Auditor.Name), "found", u.Findings,
			"expected", rd.decimal(u.Expected, 1), "index", index(u.Index)), docx.Justify)
	}
	for _, p := range f.Pairs {
		d.Para("- "+rd.t("report.programme.fairness_pair", "a", org.InText(p.A.Name), "b", org.InText(p.B.Name), "found", p.Findings,
			"expected", rd.decimal(p.Expected, 1), "index", index(p.Index)), docx.Justify)
	}
}

// docxConclusions is conclusions's twin: draws the conclusions and recommendations, paragraph by
// paragraph.
func (rd *Renderer) docxConclusions(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_conclusions"), docx.BodySize)
	for _, p := range strings.Split(rd.ConclusionsText(r), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.Para(p, docx.Justify)
		}
	}
}
