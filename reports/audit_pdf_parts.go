package reports

import (
	"strings"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// criteria names the audit criteria: the standard and the checklist
// version, then the legal texts the organiser's profile lists (a generic
// line when it lists none).
func (rd *Renderer) criteria(d *pdfdoc.Doc, r *AuditReport) {
	value, bases := rd.criteriaTexts(r)
	d.Label(rd.t("report.audit.criteria"), value)
	for _, b := range bases {
		d.Para(b, pdfdoc.Justify)
	}
}

// criteriaTexts are the criteria's value and the legal texts under it,
// one "- …;" line each, the last ending with a full stop.
func (rd *Renderer) criteriaTexts(r *AuditReport) (string, []string) {
	if len(r.LegalBases) == 0 {
		return rd.t("report.audit.criteria_value", "checklist", r.Criteria), nil
	}
	lines := make([]string, len(r.LegalBases))
	for i, b := range r.LegalBases {
		end := ";"
		if i == len(r.LegalBases)-1 {
			end = "."
		}
		lines[i] = "- " + strings.TrimRight(strings.TrimSpace(b), ";.") + end
	}
	return rd.t("report.audit.criteria_value_legal", "checklist", r.Criteria), lines
}

// measures draws the measure items: the value found against the target
// and whether it meets it.
func (rd *Renderer) measures(d *pdfdoc.Doc, r *AuditReport) {
	if len(r.Measures) == 0 {
		return
	}
	d.Heading(rd.t("report.audit.h_measures"), pdfdoc.SizeBody)
	cols := []pdfdoc.Column{{Width: 14, Header: rd.t("report.col.item")}, {Width: pdfdoc.ContentWidth - 14 - 26 - 26 - 24, Header: rd.t("report.col.measure")},
		{Width: 26, Header: rd.t("report.col.value"), Align: pdfdoc.Center}, {Width: 26, Header: rd.t("report.col.target"), Align: pdfdoc.Center},
		{Width: 24, Header: rd.t("report.col.met"), Align: pdfdoc.Center}}
	rows := make([][]pdfdoc.Cell, 0, len(r.Measures))
	for _, m := range r.Measures {
		t := rd.measureTexts(m)
		cell := pdfdoc.Cell{Text: t[4]}
		if missed(m) {
			cell.Bold, cell.Fill = true, &pdfdoc.RGB{R: 250, G: 210, B: 200}
		}
		rows = append(rows, []pdfdoc.Cell{{Text: t[0]}, {Text: t[1]}, {Text: t[2]}, {Text: t[3]}, cell})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// measureTexts are a measure's cells: its code, question, the value found,
// the target in words and whether it is met ("–" where there is none).
func (rd *Renderer) measureTexts(m MeasureRow) []string {
	comma := rd.Lang != i18n.EN
	value, met := "–", "–"
	if m.Value != nil {
		value = findings.Quantity(findings.FormatValue(*m.Value, comma), m.Unit)
	}
	if m.Met != nil {
		met = rd.t("report.audit.met_no")
		if *m.Met {
			met = rd.t("report.audit.met_yes")
		}
	}
	return []string{m.Code, m.Question, value, or(findings.TargetText(rd.t, m.Target, m.Unit, comma), "–"), met}
}

// missed reports whether a measure's value misses its target.
func missed(m MeasureRow) bool { return m.Met != nil && !*m.Met }

// repeat names the earlier nonconformity a finding repeats: where and in
// which round it was raised, and the report that issued it.
func (rd *Renderer) repeat(e findings.Earlier) string {
	if e.Report != "" {
		return rd.t("report.audit.repeat_report", "item", e.Item, "unit", e.AuditeeName, "round", e.Round, "year", e.Year, "report", e.Report)
	}
	return rd.t("report.audit.repeat", "item", e.Item, "unit", e.AuditeeName, "round", e.Round, "year", e.Year)
}

// threeParts writes a finding as a nonconformity statement is written:
// the requirement, the objective evidence and what is not met. What is not
// met is the auditor's statement; while the auditor has not written one
// (the text submission put there restates the question), ruled lines are
// left for it rather than printing a suggestion as if it were written.
// Observations and improvements print their statement as a description.
func (rd *Renderer) threeParts(d *pdfdoc.Doc, nc NCDetail) {
	comma := rd.Lang != i18n.EN
	d.Label(rd.t("report.audit.requirement"), nc.Draft.Requirement(rd.t, rd.Lang, comma))
	d.Label(rd.t("report.audit.evidence"), or(nc.Draft.EvidenceText(rd.t, comma), rd.t("report.none")))
	isNC := conduct.IsNonconformity(checklist.Result(nc.Grade))
	switch {
	case nc.Draft.Written && isNC:
		d.Label(rd.t("report.audit.not_met"), nc.Statement)
	case nc.Draft.Written:
		d.Label(rd.t("report.audit.statement"), nc.Statement)
	case isNC:
		d.Label(rd.t("report.audit.not_met"), "")
		d.Ruled(2)
	}
}
