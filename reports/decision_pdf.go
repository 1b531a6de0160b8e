package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// decisionForm is the decision's control block.
const decisionForm = "BM.ĐGNB.04"

// DecisionPDF draws the decision forming an audit team: the heading, the
// authority and the legal bases, article 1 forming the team with its
// members, article 2 its task, article 3 who carries it out, then the
// signature and the recipients.
func (rd *Renderer) DecisionPDF(x *Decision) ([]byte, error) {
	opt := rd.formOptions(rd.t("rounddocs.dec.title", "unit", org.InText(x.Auditee.Name)), x.Programme, decisionForm, x.Date)
	opt.Watermark = rd.watermark(x.Official)
	d, err := pdfdoc.NewDoc(opt)
	if err != nil {
		return nil, err
	}
	d.AddPage()
	number, placeDate := rd.officialLines(x.Official, x.Owner.Place, x.Year)
	d.DrawHeading(pdfdoc.Heading{ParentBody: x.Owner.ParentName, IssuingBody: x.Owner.Name, Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: placeDate,
		Kind: rd.t("rounddocs.dec.kind"), Subject: rd.t("rounddocs.dec.subject", "unit", org.InText(x.Auditee.Name))})
	d.Font("B", pdfdoc.SizeBody)
	signer, named := x.Owner.Profile.Signer("decision")
	d.Para(org.Authority(x.Owner.Name, signer, named), pdfdoc.Center)
	d.Space(2)
	d.Font("I", pdfdoc.SizeBody)
	if bases := x.Owner.Profile.LegalBases; len(bases) > 0 {
		for _, b := range bases {
			d.Para(rd.t("rounddocs.dec.basis", "basis", b), pdfdoc.Justify)
		}
	} else {
		d.Para(rd.t("rounddocs.dec.basis_law"), pdfdoc.Justify)
	}
	d.Para(rd.t("rounddocs.dec.basis_programme", "programme", x.Programme), pdfdoc.Justify)
	if !x.Plan.Draft() {
		d.Para(rd.t("rounddocs.dec.basis_plan_no", "number", x.Plan.Number, "date", i18n.DateShort(x.Plan.Signed), "body", x.Owner.Name,
			"n", x.Round, "year", x.Year), pdfdoc.Justify)
	} else {
		d.Para(rd.t("rounddocs.dec.basis_plan", "n", x.Round), pdfdoc.Justify)
	}
	d.Para(rd.t("rounddocs.dec.basis_proposal"), pdfdoc.Justify)
	d.Space(2)
	d.Font("B", pdfdoc.SizeBody)
	d.Para(rd.t("rounddocs.dec.decides"), pdfdoc.Center)
	d.Font("", pdfdoc.SizeBody)
	d.Space(2)

	d.Para(rd.t("rounddocs.dec.article1", "auditor", org.InText(x.Auditor.Name), "unit", org.InText(x.Auditee.Name), "date", web.Day(x.Day), "place", x.Place), pdfdoc.Justify)
	rows := make([][]pdfdoc.Cell, 0, len(x.Members))
	for _, m := range x.Members {
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(m.No)}, {Text: m.Name, Bold: m.Role == "lead"}, {Text: or(m.Unit, x.Owner.Name)},
			{Text: rd.t("team.role." + m.Role)}})
	}
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 9, Header: "#", Align: pdfdoc.Center}, {Width: 55, Header: rd.t("rounddocs.col.name")},
		{Width: 55, Header: rd.t("rounddocs.col.unit")}, {Width: pdfdoc.ContentWidth - 119, Header: rd.t("rounddocs.col.role")}}, Size: pdfdoc.SizeTable}).Draw(d, rows)
	d.Space(2)
	scope := x.Scope
	if scope == "" {
		scope = rd.t("rounddocs.dec.scope_default", "unit", org.InText(x.Auditee.Name))
	}
	d.Para(rd.t("rounddocs.dec.article2", "criteria", x.Criteria, "scope", scope, "body", x.Owner.Name), pdfdoc.Justify)
	d.Para(rd.t("rounddocs.dec.article3", "body", x.Owner.Name, "auditor", org.InText(x.Auditor.Name), "unit", org.InText(x.Auditee.Name)), pdfdoc.Justify)
	d.Space(4)
	rd.signOff(d, x.Owner, "decision", []string{rd.t("rounddocs.dec.to_article3"), rd.t("rounddocs.to_archive")})
	return d.Bytes()
}
