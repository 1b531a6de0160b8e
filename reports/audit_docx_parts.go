package reports

import (
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// docxCriteria is criteria's twin: it names the audit criteria: the standard and the checklist
// version, then the legal texts the organiser's profile lists (a generic
// line when it lists none).
func (rd *Renderer) docxCriteria(d *docx.Doc, r *AuditReport) {
	value, bases := rd.criteriaTexts(r)
	d.Label(rd.t("report.audit.criteria"), value)
	for _, b := range bases {
		d.Para(b, docx.Justify)
	}
}

// docxMeasures is measures' twin: it writes the measure items: the value found against the target
// and whether it meets it.
func (rd *Renderer) docxMeasures(d *docx.Doc, r *AuditReport) {
	if len(r.Measures) == 0 {
		return
	}
	d.Heading(rd.t("report.audit.h_measures"), docx.BodySize)
	cols := []docx.Column{{Width: 14, Header: rd.t("report.col.item")}, {Width: docx.ContentWidth - 14 - 26 - 26 - 24, Header: rd.t("report.col.measure")},
		{Width: 26, Header: rd.t("report.col.value"), Align: docx.Center}, {Width: 26, Header: rd.t("report.col.target"), Align: docx.Center},
		{Width: 24, Header: rd.t("report.col.met"), Align: docx.Center}}
	rows := make([][]docx.Cell, 0, len(r.Measures))
	for _, m := range r.Measures {
		t := rd.measureTexts(m)
		cell := docx.Cell{Text: t[4]}
		if missed(m) {
			cell.Bold, cell.Fill = true, &docx.RGB{R: 250, G: 210, B: 200}
		}
		rows = append(rows, []docx.Cell{{Text: t[0]}, {Text: t[1]}, {Text: t[2]}, {Text: t[3]}, cell})
	}
	(&docx.Table{Columns: cols, Size: docx.TableSize}).Draw(d, rows)
}

// docxThreeParts is threeParts' twin: it writes a finding as a nonconformity statement is written:
// the requirement, the objective evidence and what is not met. What is not
// met is the auditor's statement; while the auditor has not written one
// (the text submission put there restates the question), ruled lines are
// left for it rather than printing a suggestion as if it were written.
// Observations and improvements print their statement as a description.
func (rd *Renderer) docxThreeParts(d *docx.Doc, nc NCDetail) {
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
		// Room for the auditor to write what is not met.
		d.Label(rd.t("report.audit.not_met"), "……………………………………………………………………")
	}
}
