package reports

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// decisionForm is the decision's control block.
const decisionForm = "BM.ĐGNB.04"

// DecisionPDF draws the decision forming an audit team: the heading, the
// authority and the legal bases, article 1 forming the team with its
// members, article 2 its task, article 3 who carries it out, then the
// signature and the recipients.
func (rd *Renderer) DecisionPDF(x *Decision) ([]byte, error) {
	d, err := NewDoc(rd.formOptions(rd.t("rounddocs.dec.title", "unit", x.Auditee.Name), x.Programme, decisionForm, x.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(Heading{ParentBody: x.Owner.ParentName, IssuingBody: x.Owner.Name, Number: rd.number(x.Number, decisionSymbol),
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: PlaceDate(rd.Lang, x.Owner.Place, x.Date),
		Kind: rd.t("rounddocs.dec.kind"), Subject: rd.t("rounddocs.dec.subject", "unit", x.Auditee.Name)})
	d.Font("B", 13)
	d.Para(strings.ToUpper(x.Owner.Name), Center)
	d.Space(2)
	d.Font("I", 12)
	d.Para(rd.t("rounddocs.dec.basis_law"), Justify)
	d.Para(rd.t("rounddocs.dec.basis_programme", "programme", x.Programme), Justify)
	if x.PlanNumber != "" {
		d.Para(rd.t("rounddocs.dec.basis_plan_no", "number", x.PlanNumber, "n", x.Round), Justify)
	} else {
		d.Para(rd.t("rounddocs.dec.basis_plan", "n", x.Round), Justify)
	}
	d.Para(rd.t("rounddocs.dec.basis_proposal"), Justify)
	d.Space(2)
	d.Font("B", 13)
	d.Para(rd.t("rounddocs.dec.decides"), Center)
	d.Font("", 12)
	d.Space(2)

	d.Para(rd.t("rounddocs.dec.article1", "auditor", x.Auditor.Name, "unit", x.Auditee.Name, "date", web.Day(x.Day), "place", x.Place), Justify)
	rows := make([][]Cell, 0, len(x.Members))
	for _, m := range x.Members {
		rows = append(rows, []Cell{{Text: strconv.Itoa(m.No)}, {Text: m.Name, Bold: m.Role == "lead"}, {Text: or(m.Unit, x.Owner.Name)},
			{Text: rd.t("team.role." + m.Role)}})
	}
	(&Table{Columns: []Column{{Width: 9, Header: "#", Align: Center}, {Width: 55, Header: rd.t("rounddocs.col.name")},
		{Width: 55, Header: rd.t("rounddocs.col.unit")}, {Width: contentW - 119, Header: rd.t("rounddocs.col.role")}}, Size: 11}).Draw(d, rows)
	d.Space(2)
	scope := x.Scope
	if scope == "" {
		scope = rd.t("rounddocs.dec.scope_default", "unit", x.Auditee.Name)
	}
	d.Para(rd.t("rounddocs.dec.article2", "criteria", x.Criteria, "scope", scope, "body", x.Owner.Name), Justify)
	d.Para(rd.t("rounddocs.dec.article3", "auditor", x.Auditor.Name, "unit", x.Auditee.Name), Justify)
	d.Space(4)
	d.signOff(rd.t("report.recipients"), []string{rd.t("rounddocs.dec.to_article3"), rd.t("rounddocs.to_archive")},
		rd.t("rounddocs.sign_for", "body", x.Owner.Name))
	return d.Bytes()
}

// decisionPDF serves the decision forming an audit's team to staff and to
// whoever may read the audit (its team, its audited unit; 404 otherwise:
// the plan and team are what the audited unit reads before submission),
// numbered the first time it is printed.
func (a *API) decisionPDF(c echo.Context) error {
	p, err := planReadable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.DecisionInput(ctx, p)
	if err != nil {
		return err
	}
	n, err := a.numbers().Number(ctx, FormDecision, p.ID, in.Owner.ID)
	if err != nil {
		return err
	}
	in.Number = n.Number
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).DecisionPDF(BuildDecision(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "quyet-dinh-thanh-lap-doan-"+strconv.FormatInt(p.ID, 10)+".pdf", "")
}

// planReadable loads the audit if the caller may read its plan and team
// (CONTRACT.md, "read an audit"), else 404.
func planReadable(c echo.Context, s *findings.Store) (*audit.Audit, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	p, err := s.Audits.Audit(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !audit.CanRead(auth.UserOf(c), p) {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	return p, nil
}
