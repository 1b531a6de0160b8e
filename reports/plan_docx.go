package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/web"
)

// RoundPlanDOCX writes a round's plan as RoundPlanPDF draws it.
func (rd *Renderer) RoundPlanDOCX(p *RoundPlan) ([]byte, error) {
	opt := rd.docxOptions(rd.t("rounddocs.plan.title", "n", p.Round, "programme", p.Programme), p.Programme, planForm, p.Date)
	opt.Watermark = rd.watermark(p.Official)
	d := docx.New(opt)
	number, placeDate := rd.officialLines(p.Official, p.Owner.Place, p.Year)
	d.DrawHeading(docx.Heading{ParentBody: p.Owner.ParentName, IssuingBody: p.Owner.Name, Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: placeDate,
		Kind: rd.t("rounddocs.plan.kind"), Subject: rd.t("rounddocs.plan.subject", "n", p.Round, "programme", p.Programme)})

	d.Heading(rd.t("rounddocs.plan.h_objectives"), 13)
	d.Para(or(p.Objectives, rd.t("rounddocs.plan.objectives_default")), docx.Justify)

	d.Heading(rd.t("rounddocs.plan.h_scope"), 13)
	d.Label(rd.t("rounddocs.plan.scope"), rd.t("rounddocs.plan.scope_value", "units", p.Units, "audits", len(p.Rows)))
	d.Label(rd.t("rounddocs.plan.criteria"), rd.t("rounddocs.plan.criteria_value", "checklist", p.Criteria))
	d.Label(rd.t("rounddocs.plan.window"), rd.t("rounddocs.plan.window_value", "from", web.Day(p.From), "to", web.Day(p.To)))
	if p.Cancelled > 0 {
		d.Label(rd.t("rounddocs.plan.cancelled"), strconv.Itoa(p.Cancelled))
	}

	d.Heading(rd.t("rounddocs.plan.h_schedule"), 13)
	sched := make([][]docx.Cell, 0, len(p.Rows))
	for _, r := range p.Rows {
		sched = append(sched, []docx.Cell{{Text: strconv.Itoa(r.No)}, {Text: web.Day(r.Date)}, {Text: r.Auditor.Name + " (" + r.Auditor.Code + ")"},
			{Text: r.Auditee.Name + " (" + r.Auditee.Code + ")"}, {Text: r.Place}})
	}
	(&docx.Table{Columns: []docx.Column{{Width: 9, Header: "#", Align: docx.Center}, {Width: 25, Header: rd.t("rounddocs.col.date"), Align: docx.Center},
		{Width: 45, Header: rd.t("rounddocs.col.auditor")}, {Width: 45, Header: rd.t("rounddocs.col.auditee")},
		{Width: docx.ContentWidth - 124, Header: rd.t("rounddocs.col.place")}}}).Draw(d, sched)

	d.Heading(rd.t("rounddocs.plan.h_teams"), 13)
	teams := make([][]docx.Cell, 0, len(p.Rows))
	for _, r := range p.Rows {
		team := make([]string, 0, len(r.Members)+1)
		if r.Lead != "" {
			team = append(team, rd.member(PlanMember{Name: r.Lead, Role: audit.TeamLead, Unit: r.LeadUnit}))
		}
		for _, m := range r.Members {
			team = append(team, rd.member(m))
		}
		teams = append(teams, []docx.Cell{{Text: strconv.Itoa(r.No)}, {Text: r.Auditee.Name + " (" + r.Auditee.Code + ")"},
			{Text: or(strings.Join(team, "\n"), "—")}})
	}
	(&docx.Table{Columns: []docx.Column{{Width: 9, Header: "#", Align: docx.Center}, {Width: 50, Header: rd.t("rounddocs.col.auditee")},
		{Width: docx.ContentWidth - 59, Header: rd.t("rounddocs.col.team")}}}).Draw(d, teams)

	d.Heading(rd.t("rounddocs.plan.h_conduct"), 13)
	for _, k := range []string{"rounddocs.plan.conduct_1", "rounddocs.plan.conduct_2", "rounddocs.plan.conduct_3"} {
		d.Para(rd.t(k), docx.Justify)
	}
	d.Space(4)
	rd.docxSignOff(d, p.Owner, "plan", []string{rd.t("rounddocs.plan.to_units"), rd.t("rounddocs.plan.to_teams"), rd.t("rounddocs.to_archive")})
	return d.Bytes()
}
