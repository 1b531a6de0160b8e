package reports

import (
	"strconv"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The request form's control block.
const (
	caRequestForm = "BM.ĐGNB.07"
)

// formOptions sets up a controlled form (no draft mark, no verification:
// these forms are filled and signed on paper).
func (rd *Renderer) formOptions(title, subject, form string, created time.Time) pdfdoc.Options {
	return pdfdoc.Options{Title: title, Subject: subject, Created: created,
		Control:   pdfdoc.Control{Form: form, Edition: rd.t("report.edition", "n", auditFormEdition), Date: rd.t("report.edition_date", "date", auditFormDate)},
		PageLabel: rd.control}
}

// CARequestPDF draws the corrective-action request form of one
// nonconformity: part I by the auditing team, part II for the audited
// unit (what it has entered, else ruled lines to write on), part III for
// the lead's verification.
func (rd *Renderer) CARequestPDF(r *CARequest) ([]byte, error) {
	d, err := pdfdoc.NewDoc(rd.formOptions(rd.t("pdfform.ca.title", "n", r.FindingID, "unit", r.Auditee.Name), r.Programme, caRequestForm, r.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name,
		Number:    rd.number(r.Number, findings.FormCARequest.Symbol()),
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Owner.Place, r.Date),
		Kind: rd.t("pdfform.ca.kind"), Subject: rd.t("pdfform.ca.subject", "unit", org.InText(r.Auditee.Name), "year", r.Year)})

	d.Heading(rd.t("pdfform.ca.h_finding"), pdfdoc.SizeBody)
	d.Label(rd.t("report.audit.auditee"), r.Auditee.Name+" ("+r.Auditee.Code+")")
	d.Label(rd.t("report.audit.auditor_unit"), r.Auditor.Name+" ("+r.Auditor.Code+")")
	d.Label(rd.t("pdfform.ca.programme"), r.Programme+", "+rd.t("report.audit.round", "n", r.Round))
	d.Label(rd.t("pdfform.ca.audit_date"), web.Day(r.AuditDate))
	d.Label(rd.t("pdfform.ca.clause"), rd.t("pdfform.ca.clause_value", "clause", r.Clause, "item", r.Item))
	d.Label(rd.t("pdfform.ca.grade"), rd.t("result."+r.Grade))
	d.Label(rd.t("report.audit.statement"), r.Statement)
	if r.Evidence != "" && r.Evidence != r.Statement {
		d.Label(rd.t("report.audit.evidence"), r.Evidence)
	}
	d.Label(rd.t("pdfform.ca.plan_due"), or(web.Day(r.PlanDue), "………………"))
	d.Space(2)
	d.DrawSignatures([]pdfdoc.Signature{{Title: rd.t("pdfform.ca.sign_auditee_received"), Name: ""}, {Title: rd.t("report.audit.sign_lead"), Name: r.Lead}})

	d.Heading(rd.t("pdfform.ca.h_analysis"), pdfdoc.SizeBody)
	rd.answer(d, rd.t("pdfform.ca.root_cause"), r.RootCause, 4)
	rd.causeCategory(d, r)
	if len(r.Whys) > 0 {
		d.Font("", pdfdoc.SizeSmall)
		for i, w := range r.Whys {
			d.Para(rd.t("pdfform.ca.why", "n", i+1, "text", w), pdfdoc.Left)
		}
		d.Font("", pdfdoc.SizeBody)
	}
	rd.answer(d, rd.t("pdfform.ca.correction"), r.Correction, 3)
	rd.answer(d, rd.t("pdfform.ca.similar"), r.SimilarCases, 2)

	d.Heading(rd.t("pdfform.ca.h_actions"), pdfdoc.SizeBody)
	rows := make([][]pdfdoc.Cell, 0, len(r.Actions)+r.Blank)
	for _, a := range r.Actions {
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(a.No)}, {Text: a.Description}, {Text: a.Owner}, {Text: web.Day(a.Due)}, {Text: web.Day(a.Done)}})
	}
	for i := range r.Blank {
		// Two empty lines per blank row: room to write by hand.
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(len(r.Actions) + i + 1)}, {Text: "\n\n"}})
	}
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 9, Header: "#", Align: pdfdoc.Center}, {Width: 70, Header: rd.t("pdfform.col.action")},
		{Width: 38, Header: rd.t("pdfform.col.owner")}, {Width: 24, Header: rd.t("report.col.due"), Align: pdfdoc.Center},
		{Width: pdfdoc.ContentWidth - 141, Header: rd.t("pdfform.col.done"), Align: pdfdoc.Center}}, Size: pdfdoc.SizeTable}).Draw(d, rows)
	d.Space(4)
	d.DrawSignatures([]pdfdoc.Signature{{Title: rd.t("pdfform.ca.sign_auditee"), Name: ""}})

	d.Heading(rd.t("pdfform.ca.h_verify"), pdfdoc.SizeBody)
	rd.verification(d, r.Verification)
	d.DrawSignatures([]pdfdoc.Signature{{Title: rd.t("report.audit.sign_lead"), Name: r.Lead}})
	return d.Bytes()
}

// verification draws the lead's recorded verification, or the empty box
// to fill by hand while there is none.
func (rd *Renderer) verification(d *pdfdoc.Doc, v *CAVerification) {
	if v == nil {
		d.Para(rd.t("pdfform.ca.verify_result"), pdfdoc.Left)
		rd.answer(d, rd.t("pdfform.ca.verify_note"), "", 3)
		return
	}
	d.Para(rd.t("pdfform.ca.verified", "by", or(v.By, "…"), "date", web.Day(v.On)), pdfdoc.Justify)
	if v.Note != "" {
		d.Para(rd.t("pdfform.ca.verified_note", "note", v.Note), pdfdoc.Justify)
	}
	if v.ClosedOn == "" {
		d.Para(rd.t("pdfform.ca.effectiveness_pending"), pdfdoc.Justify)
		return
	}
	d.Para(rd.t("pdfform.ca.effective", "by", or(v.ClosedBy, "…"), "date", web.Day(v.ClosedOn)), pdfdoc.Justify)
	if v.ClosedNote != "" {
		d.Para(rd.t("pdfform.ca.effective_note", "note", v.ClosedNote), pdfdoc.Justify)
	}
}

// answer draws a field of the audited unit: its text when written, else
// ruled lines to write on.
func (rd *Renderer) answer(d *pdfdoc.Doc, label, text string, lines int) {
	d.Font("B", pdfdoc.SizeBody)
	d.KeepLines(2)
	d.Para(label+":", pdfdoc.Left)
	d.Font("", pdfdoc.SizeBody)
	if text != "" {
		d.Para(text, pdfdoc.Justify)
		return
	}
	d.Ruled(lines)
}
