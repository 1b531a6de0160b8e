package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// DecisionDOCX writes the decision forming an audit team as DecisionPDF
// draws it.
func (rd *Renderer) DecisionDOCX(x *Decision) ([]byte, error) {
	opt := rd.docxOptions(rd.t("rounddocs.dec.title", "unit", org.InText(x.Auditee.Name)), x.Programme, decisionForm, x.Date)
	opt.Watermark = rd.watermark(x.Official)
	d := docx.New(opt)
	number, placeDate := rd.officialLines(x.Official, x.Owner.Place, x.Year)
	d.DrawHeading(docx.Heading{ParentBody: x.Owner.ParentName, IssuingBody: x.Owner.Name, Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: placeDate,
		Kind: rd.t("rounddocs.dec.kind"), Subject: rd.t("rounddocs.dec.subject", "unit", org.InText(x.Auditee.Name))})
	d.Font("B", 13)
	signer, named := x.Owner.Profile.Signer("decision")
	d.Para(org.Authority(x.Owner.Name, signer, named), docx.Center)
	d.Font("I", 13)
	if bases := x.Owner.Profile.LegalBases; len(bases) > 0 {
		for _, b := range bases {
			d.Para(rd.t("rounddocs.dec.basis", "basis", b), docx.Justify)
		}
	} else {
		d.Para(rd.t("rounddocs.dec.basis_law"), docx.Justify)
	}
	d.Para(rd.t("rounddocs.dec.basis_programme", "programme", x.Programme), docx.Justify)
	if !x.Plan.Draft() {
		d.Para(rd.t("rounddocs.dec.basis_plan_no", "number", x.Plan.Number, "date", i18n.DateShort(x.Plan.Signed), "body", x.Owner.Name,
			"n", x.Round, "year", x.Year), docx.Justify)
	} else {
		d.Para(rd.t("rounddocs.dec.basis_plan", "n", x.Round), docx.Justify)
	}
	d.Para(rd.t("rounddocs.dec.basis_proposal"), docx.Justify)
	d.Font("B", 13)
	d.Para(rd.t("rounddocs.dec.decides"), docx.Center)
	d.Font("", 13)

	d.Para(rd.t("rounddocs.dec.article1", "auditor", org.InText(x.Auditor.Name), "unit", org.InText(x.Auditee.Name), "date", web.Day(x.Day), "place", x.Place), docx.Justify)
	rows := make([][]docx.Cell, 0, len(x.Members))
	for _, m := range x.Members {
		rows = append(rows, []docx.Cell{{Text: strconv.Itoa(m.No)}, {Text: m.Name, Bold: m.Role == "lead"}, {Text: or(m.Unit, x.Owner.Name)},
			{Text: rd.t("team.role." + m.Role)}})
	}
	(&docx.Table{Columns: []docx.Column{{Width: 9, Header: "#", Align: docx.Center}, {Width: 55, Header: rd.t("rounddocs.col.name")},
		{Width: 55, Header: rd.t("rounddocs.col.unit")}, {Width: docx.ContentWidth - 119, Header: rd.t("rounddocs.col.role")}}}).Draw(d, rows)
	scope := x.Scope
	if scope == "" {
		scope = rd.t("rounddocs.dec.scope_default", "unit", org.InText(x.Auditee.Name))
	}
	d.Para(rd.t("rounddocs.dec.article2", "criteria", x.Criteria, "scope", scope, "body", x.Owner.Name), docx.Justify)
	d.Para(rd.t("rounddocs.dec.article3", "body", x.Owner.Name, "auditor", org.InText(x.Auditor.Name), "unit", org.InText(x.Auditee.Name)), docx.Justify)
	d.Space(4)
	rd.docxSignOff(d, x.Owner, "decision", []string{rd.t("rounddocs.dec.to_article3"), rd.t("rounddocs.to_archive")})
	return d.Bytes()
}
