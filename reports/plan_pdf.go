package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// planForm is the round plan's control block.
const planForm = "BM.ĐGNB.01"

// RoundPlanPDF draws a round's plan under the administrative heading:
// objectives, scope, criteria and dates, the schedule, the teams, how it
// is carried out, the recipients and the signature.
func (rd *Renderer) RoundPlanPDF(p *RoundPlan) ([]byte, error) {
	opt := rd.formOptions(rd.t("rounddocs.plan.title", "n", p.Round, "programme", p.Programme), p.Programme, planForm, p.Date)
	opt.Watermark = rd.watermark(p.Official)
	d, err := pdfdoc.NewDoc(opt)
	if err != nil {
		return nil, err
	}
	d.AddPage()
	number, placeDate := rd.officialLines(p.Official, p.Owner.Place, p.Year)
	d.DrawHeading(pdfdoc.Heading{ParentBody: p.Owner.ParentName, IssuingBody: p.Owner.Name, Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: placeDate,
		Kind: rd.t("rounddocs.plan.kind"), Subject: rd.t("rounddocs.plan.subject", "n", p.Round, "programme", p.Programme)})

	d.Heading(rd.t("rounddocs.plan.h_objectives"), pdfdoc.SizeBody)
	d.Para(or(p.Objectives, rd.t("rounddocs.plan.objectives_default")), pdfdoc.Justify)

	d.Heading(rd.t("rounddocs.plan.h_scope"), pdfdoc.SizeBody)
	d.Label(rd.t("rounddocs.plan.scope"), rd.t("rounddocs.plan.scope_value", "units", p.Units, "audits", len(p.Rows)))
	d.Label(rd.t("rounddocs.plan.criteria"), rd.t("rounddocs.plan.criteria_value", "checklist", p.Criteria))
	d.Label(rd.t("rounddocs.plan.window"), rd.t("rounddocs.plan.window_value", "from", web.Day(p.From), "to", web.Day(p.To)))
	if p.Cancelled > 0 {
		d.Label(rd.t("rounddocs.plan.cancelled"), strconv.Itoa(p.Cancelled))
	}

	d.Heading(rd.t("rounddocs.plan.h_schedule"), pdfdoc.SizeBody)
	sched := make([][]pdfdoc.Cell, 0, len(p.Rows))
	for _, r := range p.Rows {
		sched = append(sched, []pdfdoc.Cell{{Text: strconv.Itoa(r.No)}, {Text: web.Day(r.Date)}, {Text: r.Auditor.Name + " (" + r.Auditor.Code + ")"},
			{Text: r.Auditee.Name + " (" + r.Auditee.Code + ")"}, {Text: r.Place}})
	}
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 9, Header: "#", Align: pdfdoc.Center}, {Width: 25, Header: rd.t("rounddocs.col.date"), Align: pdfdoc.Center},
		{Width: 45, Header: rd.t("rounddocs.col.auditor")}, {Width: 45, Header: rd.t("rounddocs.col.auditee")},
		{Width: pdfdoc.ContentWidth - 124, Header: rd.t("rounddocs.col.place")}}, Size: pdfdoc.SizeTable}).Draw(d, sched)

	d.Heading(rd.t("rounddocs.plan.h_teams"), pdfdoc.SizeBody)
	teams := make([][]pdfdoc.Cell, 0, len(p.Rows))
	for _, r := range p.Rows {
		// One cell per team, the lead on its first line: the team reads
		// as one block, on paper and to a text extractor alike.
		team := make([]string, 0, len(r.Members)+1)
		if r.Lead != "" {
			team = append(team, rd.member(PlanMember{Name: r.Lead, Role: audit.TeamLead, Unit: r.LeadUnit}))
		}
		for _, m := range r.Members {
			team = append(team, rd.member(m))
		}
		teams = append(teams, []pdfdoc.Cell{{Text: strconv.Itoa(r.No)}, {Text: r.Auditee.Name + " (" + r.Auditee.Code + ")"},
			{Text: or(strings.Join(team, "\n"), "—")}})
	}
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 9, Header: "#", Align: pdfdoc.Center}, {Width: 50, Header: rd.t("rounddocs.col.auditee")},
		{Width: pdfdoc.ContentWidth - 59, Header: rd.t("rounddocs.col.team")}}, Size: pdfdoc.SizeTable}).Draw(d, teams)

	d.Heading(rd.t("rounddocs.plan.h_conduct"), pdfdoc.SizeBody)
	for _, k := range []string{"rounddocs.plan.conduct_1", "rounddocs.plan.conduct_2", "rounddocs.plan.conduct_3"} {
		d.Para(rd.t(k), pdfdoc.Justify)
	}
	d.Space(4)
	rd.signOff(d, p.Owner, "plan", []string{rd.t("rounddocs.plan.to_units"), rd.t("rounddocs.plan.to_teams"), rd.t("rounddocs.to_archive")})
	return d.Bytes()
}

// number writes a document's number line: the allocated number, or a blank
// to fill by hand before the symbol.
func (rd *Renderer) number(n, symbol string) string {
	if n == "" {
		return rd.t("report.number_blank", "symbol", symbol)
	}
	return rd.t("report.number", "number", n)
}

// member writes a team member as a plan lists them: name, role and unit.
func (rd *Renderer) member(m PlanMember) string {
	s := m.Name + " — " + rd.t("team.role."+m.Role)
	if m.Unit != "" {
		s += " (" + m.Unit + ")"
	}
	return s
}
