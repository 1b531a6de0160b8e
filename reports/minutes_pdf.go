package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The minutes' control block.
const (
	minutesForm = "BM.ĐGNB.06"
)

// MinutesPDF draws the closing-meeting minutes: time and place, who
// attended, the findings and the score, the audited unit's opinion, and
// the signatures.
func (rd *Renderer) MinutesPDF(m *Minutes) ([]byte, error) {
	d, err := pdfdoc.NewDoc(rd.formOptions(rd.t("pdfform.min.title", "unit", m.Auditee.Name), m.Programme, minutesForm, m.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: m.Owner.Name, IssuingBody: rd.t("pdfform.min.body"),
		Number: rd.number(m.Number, findings.FormMinutes.Symbol()), NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"),
		PlaceDate: pdfdoc.PlaceDate(rd.Lang, m.Owner.Place, m.Date), Kind: rd.t("pdfform.min.kind"),
		Subject: rd.t("pdfform.min.subject", "unit", org.InText(m.Auditee.Name))})
	d.Para(rd.t("pdfform.min.opening", "date", web.Day(m.Day), "place", m.Place, "auditor", org.InText(m.Auditor.Name), "unit", org.InText(m.Auditee.Name),
		"programme", m.Programme, "round", m.Round), pdfdoc.Justify)

	d.Heading(rd.t("pdfform.min.h_attendance"), pdfdoc.SizeBody)
	d.Font("B", pdfdoc.SizeBody)
	d.Para(rd.t("pdfform.min.team"), pdfdoc.Left)
	d.Font("", pdfdoc.SizeBody)
	for _, t := range m.Team {
		d.Para("- "+t.DisplayName+" — "+rd.t("team.role."+t.Role), pdfdoc.Left)
	}
	d.Font("B", pdfdoc.SizeBody)
	d.Para(rd.t("pdfform.min.auditee", "unit", m.Auditee.Name), pdfdoc.Left)
	d.Font("", pdfdoc.SizeBody)
	if m.Participants != "" {
		d.Para(m.Participants, pdfdoc.Justify)
	} else {
		d.Ruled(3)
	}

	d.Heading(rd.t("pdfform.min.h_results"), pdfdoc.SizeBody)
	d.Para(rd.t("pdfform.min.counts", "major", m.Count(checklist.Major), "minor", m.Count(checklist.Minor), "observation", m.Count(checklist.Observation),
		"improvement", m.Count(checklist.Improvement), "percent", pdfdoc.Percent(rd.Lang, m.Score.Percent), "n", m.Score.Favourable, "of", m.Score.Applicable), pdfdoc.Justify)
	d.Space(2)
	if len(m.Findings) == 0 {
		d.Para(rd.t("pdfform.min.no_findings"), pdfdoc.Left)
	} else {
		rows := make([][]pdfdoc.Cell, 0, len(m.Findings))
		for _, f := range m.Findings {
			rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(f.No)}, {Text: f.Clause + " (" + f.Item + ")"},
				{Text: rd.t("result." + string(f.Grade)), Bold: conduct.IsNonconformity(f.Grade), Fill: shade(f.Grade, 1)}, {Text: f.Evidence}})
		}
		(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 9, Header: "#", Align: pdfdoc.Center}, {Width: 26, Header: rd.t("report.col.clause")},
			{Width: 30, Header: rd.t("report.col.result")}, {Width: pdfdoc.ContentWidth - 65, Header: rd.t("pdfform.min.col_finding")}}, Size: pdfdoc.SizeTable}).Draw(d, rows)
	}
	d.Space(2)
	d.Para(rd.t("pdfform.min.next"), pdfdoc.Justify)

	d.Heading(rd.t("pdfform.min.h_opinion"), pdfdoc.SizeBody)
	switch c := m.Closing; {
	case c == nil:
		d.Para(rd.t("pdfform.min.opinion_blank"), pdfdoc.Left)
		d.Ruled(4)
	case c.Agreed:
		d.Para(rd.t("pdfform.min.agreed", "who", c.Representative), pdfdoc.Justify)
	default:
		d.Para(rd.t("pdfform.min.disagreed", "who", c.Representative), pdfdoc.Justify)
		d.Para(c.Disagreement, pdfdoc.Justify)
	}
	d.Space(2)
	d.Para(rd.t("pdfform.min.closing"), pdfdoc.Justify)
	d.Space(4)
	rep := ""
	if m.Closing != nil {
		rep = m.Closing.Representative
	}
	d.DrawSignatures([]pdfdoc.Signature{{Title: rd.t("report.audit.sign_auditee"), Name: rep, Image: m.signatureImage(conduct.SignerRepresentative)},
		{Title: rd.t("report.audit.sign_lead"), Name: m.Lead, Image: m.signatureImage(conduct.SignerLead)}})
	return d.Bytes()
}

// signatureImage is a signer's drawn signature ready to print, nil when
// the signer signs by hand (or the stored image cannot be drawn).
func (m *Minutes) signatureImage(signer string) *pdfdoc.Photo {
	s, ok := m.Signatures[signer]
	if !ok {
		return nil
	}
	p, ok := pdfdoc.PreparePhoto(s.PNG)
	if !ok {
		return nil
	}
	return &p
}
