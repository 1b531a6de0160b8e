package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// programmeSubject is the summary's subject line: the programme's name,
// with the year only when the name does not already say it.
func (rd *Renderer) programmeSubject(r *ProgrammeReport) string {
	if strings.Contains(r.Name, strconv.Itoa(r.Year)) {
		return rd.t("report.programme.subject", "name", r.Name)
	}
	return rd.t("report.programme.subject_year", "name", r.Name, "year", r.Year)
}

// ts translates catalogue keys.
func (rd *Renderer) ts(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = rd.t(k)
	}
	return out
}

// totalsRow is the unit table's last row: the sums of the audits that
// count, the same figures as the overall score.
func (rd *Renderer) totalsRow(r *ProgrammeReport, grades []checklist.Result) []pdfdoc.Cell {
	row := []pdfdoc.Cell{{}, {Text: rd.t("report.programme.total"), Bold: true}, {}, {}}
	for _, g := range grades {
		row = append(row, pdfdoc.Cell{Text: strconv.Itoa(r.Totals.ByResult[g]), Bold: true})
	}
	return append(row, pdfdoc.Cell{Text: rd.totalScore(r), Bold: true})
}

// ConclusionsText is the conclusions as printed: the office's, else the
// draft computed from the figures, in the renderer's language.
func (rd *Renderer) ConclusionsText(r *ProgrammeReport) string {
	if !r.Suggested {
		return r.Conclusions
	}
	paras := make([]string, len(r.Draft))
	for i, m := range r.Draft {
		paras[i] = rd.Cat.Msg(rd.Lang, m)
	}
	return strings.Join(paras, "\n")
}

// comparison draws the programme beside the previous one of the same
// organiser, overall and by unit.
func (rd *Renderer) comparison(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_compare"), pdfdoc.SizeBody)
	c := r.Previous
	if c == nil {
		d.Para(rd.t("report.programme.no_previous"), pdfdoc.Left)
		return
	}
	d.Para(rd.t("report.programme.compare_with", "name", c.Name, "year", c.Year), pdfdoc.Justify)
	cols := []pdfdoc.Column{{Width: 52, Header: rd.t("report.col.unit")},
		{Width: 25, Header: rd.t("report.programme.col.score_prev"), Align: pdfdoc.Right}, {Width: 25, Header: rd.t("report.programme.col.score_now"), Align: pdfdoc.Right},
		{Width: 22, Header: rd.t("report.programme.col.nc_prev"), Align: pdfdoc.Center}, {Width: 22, Header: rd.t("report.programme.col.nc_now"), Align: pdfdoc.Center},
		{Width: pdfdoc.ContentWidth - 146, Header: rd.t("report.programme.col.on_time"), Align: pdfdoc.Center}}
	rows := [][]pdfdoc.Cell{rd.compareRow(rd.t("report.programme.overall_row"), c.Overall, true)}
	for _, u := range c.Units {
		rows = append(rows, rd.compareRow(u.Unit.Name, u, false))
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// compareRow is one line of the comparison; closed on time reads
// "previous → now", each as on time over closed.
func (rd *Renderer) compareRow(label string, l ComparisonLine, bold bool) []pdfdoc.Cell {
	row := []pdfdoc.Cell{{Text: label, Bold: bold}}
	for _, t := range rd.compareTexts(l) {
		row = append(row, pdfdoc.Cell{Text: t})
	}
	return row
}

// fairness draws the leniency flags of the dashboard's analysis.
func (rd *Renderer) fairness(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_fairness"), pdfdoc.SizeBody)
	for _, p := range rd.fairnessParas(r) {
		d.Para(p, pdfdoc.Justify)
	}
}

// decimal writes v with prec decimals, with the decimal comma in
// Vietnamese.
func (rd *Renderer) decimal(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if rd.Lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// conclusions draws the conclusions and recommendations, paragraph by
// paragraph.
func (rd *Renderer) conclusions(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_conclusions"), pdfdoc.SizeBody)
	for _, p := range rd.conclusionParas(r) {
		d.Para(p, pdfdoc.Justify)
	}
}
