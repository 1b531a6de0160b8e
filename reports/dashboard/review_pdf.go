package dashboard

import (
	"fmt"
	"strconv"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The pack's control block: a record of the unit's quality system.
const (
	reviewForm        = "BM.XXLĐ.01"
	reviewFormEdition = "01"
	reviewFormDate    = "01/01/2026"
	// reviewW is the text width of an A4 page with the decree's margins.
	reviewW = 210.0 - 30 - 15
)

// reviewRenderer draws a pack in one language.
type reviewRenderer struct {
	cat  *i18n.Catalog
	lang string
}

func (rd reviewRenderer) t(key string, kv ...any) string { return rd.cat.T(rd.lang, key, kv...) }

// status writes a status of a kind with the word every page uses.
func (rd reviewRenderer) status(kind, value string) string {
	return rd.cat.Status(rd.lang, kind, value)
}

// pct writes a percentage with one decimal, or a dash for none.
func (rd reviewRenderer) pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return pdfdoc.Percent(rd.lang, *v)
}

// delta writes a signed change in percentage points, or a dash.
func (rd reviewRenderer) delta(v *float64) string {
	if v == nil {
		return "—"
	}
	s := numbers{rd.lang}.Num(*v)
	if *v > 0 {
		s = "+" + s
	}
	return s
}

// ReviewPDF draws a unit's management-review pack: the decree's heading
// with the unit named in full, the period, then each input of §9.3.2 this
// system holds, with "Trang x/y" on every page.
func ReviewPDF(cat *i18n.Catalog, lang string, r *Review) ([]byte, error) {
	rd := reviewRenderer{cat: cat, lang: lang}
	title := rd.t("review.pdf.title", "unit", r.Name, "year", r.Year)
	d, err := pdfdoc.NewDoc(pdfdoc.Options{Title: title, Subject: title, Created: r.Date,
		Control: pdfdoc.Control{Form: reviewForm, Edition: rd.t("review.pdf.edition", "n", reviewFormEdition),
			Date: rd.t("review.pdf.edition_date", "date", reviewFormDate)},
		PageLabel: func(page, pages string) string { return rd.t("review.pdf.page", "page", page, "pages", pages) }})
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name, Number: rd.t("review.pdf.number"),
		NationalA: rd.t("review.pdf.national"), NationalB: rd.t("review.pdf.motto"),
		PlaceDate: pdfdoc.PlaceDate(lang, r.Owner.Place, r.Date),
		Kind:      rd.t("review.pdf.kind"), Subject: rd.t("review.pdf.subject", "year", r.Year, "unit", r.Name)})
	d.Label(rd.t("review.unit"), r.Name+" ("+r.Code+")")
	d.Label(rd.t("review.period"), rd.t("review.period_value", "year", r.Year))
	d.Para(rd.t("review.pdf.basis"), pdfdoc.Justify)
	rd.results(d, r)
	rd.ncs(d, r)
	rd.carried(d, r)
	rd.repeats(d, r)
	rd.figures(d, r)
	d.Space(4)
	d.SignOffBy(rd.t("review.pdf.recipients"), []string{rd.t("review.pdf.to_leaders", "unit", r.Owner.InText), rd.t("review.pdf.to_file")},
		pdfdoc.Signer{Authority: rd.t("review.pdf.sign_for"), Title: rd.t("review.pdf.chairman"), Name: r.Owner.Chairman})
	return d.Bytes()
}

// results draws the scores by round up to the period and the trend.
func (rd reviewRenderer) results(d *pdfdoc.Doc, r *Review) {
	d.Heading(rd.t("review.h_results"), pdfdoc.SizeBody)
	if !r.HasAudits() {
		d.Para(rd.t("review.no_audits", "year", r.Year), pdfdoc.Justify)
	} else {
		d.Para(withCaveat(rd.t("review.score_line", "year", r.Year, "score", rd.pct(r.Score), "nc", r.Counts.NC(), "n", r.Counts.Applicable(),
			"audits", r.Audits), rd.scoreCaveat(r)), pdfdoc.Justify)
		if r.Trend != nil {
			d.Para(withCaveat(rd.t("review.trend_line", "previous", rd.pct(r.Previous), "delta", rd.delta(r.Trend)), rd.trendCaveat(r)), pdfdoc.Justify)
		} else {
			d.Para(rd.t("review.no_previous"), pdfdoc.Justify)
		}
	}
	if len(r.Rounds) == 0 {
		return
	}
	d.Space(2)
	cols := []pdfdoc.Column{{Width: 40, Header: rd.t("review.col.round")}, {Width: 25, Header: rd.t("review.col.score"), Align: pdfdoc.Right},
		{Width: 40, Header: rd.t("review.col.counts"), Align: pdfdoc.Center}, {Width: 30, Header: rd.t("review.col.average"), Align: pdfdoc.Right},
		{Width: reviewW - 135, Header: rd.t("review.col.change"), Align: pdfdoc.Right}}
	rows := make([][]pdfdoc.Cell, 0, len(r.Rounds))
	for _, p := range r.Rounds {
		score := pdfdoc.Cell{Text: rd.pct(p.Score), Bold: p.InPeriod}
		if p.Flagged(FlagLenientAuditor) {
			// The mark a reader meets in the table, explained below it.
			score.Text += "\n" + rd.t("signals.review.round_flag")
			score.Fill = &pdfdoc.RGB{R: 255, G: 236, B: 179}
		}
		rows = append(rows, []pdfdoc.Cell{{Text: rd.t("review.year_round", "year", p.Year, "n", p.Round), Bold: p.InPeriod},
			score, {Text: rd.t("review.counts_value", "nc", p.Counts.NC(), "n", p.Counts.Applicable())},
			{Text: rd.pct(p.Average)}, {Text: rd.delta(p.Change)}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
	if r.AnyRoundFlagged() {
		d.Para(rd.t("fairness.flag_legend"), pdfdoc.Justify)
	}
}

// withCaveat writes a figure's sentence followed by its caveat, if any, in
// one paragraph: the caveat stands next to the figure it qualifies.
func withCaveat(line, caveat string) string {
	if caveat == "" {
		return line
	}
	return line + " " + caveat
}

// ncs draws the period's nonconformities with their follow-up.
func (rd reviewRenderer) ncs(d *pdfdoc.Doc, r *Review) {
	d.Heading(rd.t("review.h_ncs"), pdfdoc.SizeBody)
	t := r.Tally
	if t.Total == 0 {
		d.Para(rd.t("review.no_ncs", "year", r.Year), pdfdoc.Justify)
		return
	}
	d.Para(rd.t("review.tally", "n", t.Total, "major", t.Major, "minor", t.Minor, "open", t.Open, "overdue", t.Overdue,
		"on_time", t.ClosedOnTime, "late", t.ClosedLate, "undated", t.ClosedNoDue), pdfdoc.Justify)
	if t.OnTimeRate != nil {
		d.Para(rd.t("review.on_time_rate", "rate", rd.pct(t.OnTimeRate)), pdfdoc.Justify)
	}
	d.Space(2)
	rd.ncTable(d, r.NCs, false)
}

// carried draws the earlier periods' nonconformities still open.
func (rd reviewRenderer) carried(d *pdfdoc.Doc, r *Review) {
	d.Heading(rd.t("review.h_carried"), pdfdoc.SizeBody)
	if len(r.Carried) == 0 {
		d.Para(rd.t("review.no_carried"), pdfdoc.Justify)
		return
	}
	rd.ncTable(d, r.Carried, true)
}

// repeats draws the period's repeat findings.
func (rd reviewRenderer) repeats(d *pdfdoc.Doc, r *Review) {
	d.Heading(rd.t("review.h_repeats"), pdfdoc.SizeBody)
	if len(r.Repeats) == 0 {
		d.Para(rd.t("review.no_repeats"), pdfdoc.Justify)
		return
	}
	rd.ncTable(d, r.Repeats, false)
}

// ncTable draws nonconformities: number, clause and grade, statement,
// workflow state with the plan's due date, actions, follow-up.
func (rd reviewRenderer) ncTable(d *pdfdoc.Doc, list []ReviewNC, withYear bool) {
	cols := []pdfdoc.Column{{Width: 12, Header: rd.t("review.col.number"), Align: pdfdoc.Center},
		{Width: 24, Header: rd.t("review.col.clause")}, {Width: 55, Header: rd.t("review.col.statement")},
		{Width: 30, Header: rd.t("review.col.state")}, {Width: 20, Header: rd.t("review.col.actions"), Align: pdfdoc.Center},
		{Width: reviewW - 141, Header: rd.t("review.col.follow_up")}}
	rows := make([][]pdfdoc.Cell, 0, len(list))
	for _, n := range list {
		statement := n.Statement
		if n.RepeatOf != nil {
			statement += "\n" + rd.t("review.pdf.repeat_of", "id", *n.RepeatOf)
		}
		clause := n.Clause + " (" + n.Item + ")\n" + rd.t("result."+n.Grade)
		if withYear {
			clause += "\n" + rd.t("review.year_round", "year", n.Year, "n", n.Round)
		}
		state := rd.status(i18n.StatusNC, n.Status)
		if n.PlanDue != nil {
			state += "\n" + rd.t("review.plan_due", "date", web.Day(*n.PlanDue))
		}
		actions := "—"
		if n.Actions.Total > 0 {
			actions = rd.t("review.actions_value", "done", n.Actions.Done, "n", n.Actions.Total)
		}
		var fill *pdfdoc.RGB
		if n.State == ReviewOverdue || n.State == ReviewClosedLate {
			fill = &pdfdoc.RGB{R: 250, G: 210, B: 200}
		}
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.FormatInt(n.ID, 10)}, {Text: clause, Bold: n.Grade == "major"}, {Text: statement},
			{Text: state}, {Text: actions}, {Text: rd.t("review.state." + n.State), Fill: fill}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// figures draws the period's dossier figures against the target: the
// year summed, then the stored periods behind it.
func (rd reviewRenderer) figures(d *pdfdoc.Doc, r *Review) {
	d.Heading(rd.t("review.h_figures"), pdfdoc.SizeBody)
	if r.Dossier == nil {
		d.Para(rd.t("review.no_figures", "year", r.Year), pdfdoc.Justify)
		return
	}
	d.Para(rd.dossierLine(r), pdfdoc.Justify)
	d.Space(2)
	cols := []pdfdoc.Column{{Width: 22, Header: rd.t("review.col.period")}, {Width: 20, Header: rd.t("review.col.received"), Align: pdfdoc.Right},
		{Width: 20, Header: rd.t("review.col.on_time"), Align: pdfdoc.Right}, {Width: 16, Header: rd.t("review.col.late"), Align: pdfdoc.Right},
		{Width: 25, Header: rd.t("review.col.on_time_rate"), Align: pdfdoc.Right}, {Width: 18, Header: rd.t("review.col.paper"), Align: pdfdoc.Right},
		{Width: 20, Header: rd.t("review.col.electronic"), Align: pdfdoc.Right}, {Width: reviewW - 141, Header: rd.t("review.col.parity"), Align: pdfdoc.Right}}
	rows := make([][]pdfdoc.Cell, 0, len(r.Figures))
	for _, f := range r.Figures {
		period := rd.cat.Period(rd.lang, f.Period)
		if f.Unit != r.Code {
			period += "\n" + f.Unit
		}
		rows = append(rows, []pdfdoc.Cell{{Text: period}, {Text: fmt.Sprint(f.Received)}, {Text: fmt.Sprint(f.OnTime)},
			{Text: fmt.Sprint(f.Late)}, rd.rate(f.OnTimeRate), {Text: fmt.Sprint(f.Paper)}, {Text: fmt.Sprint(f.Electronic)}, rd.rate(f.Parity)})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// dossierLine sums up the year's figures in one sentence.
func (rd reviewRenderer) dossierLine(r *Review) string {
	x := r.Dossier
	line := rd.t("review.dossier_line", "year", r.Year, "periods", periodList(rd.cat, rd.lang, x.Periods), "received", x.Received,
		"on_time", rd.rateText(x.OnTimeRate), "parity", rd.rateText(x.Parity), "target", pdfdoc.Percent(rd.lang, r.Target))
	if x.Flagged() {
		return line + " " + rd.t("review.dossier_below")
	}
	return line + " " + rd.t("review.dossier_ok")
}

// rateText writes a rate, or a dash when no dossier makes it.
func (rd reviewRenderer) rateText(r procedures.Rate) string {
	if !r.Known {
		return "—"
	}
	return pdfdoc.Percent(rd.lang, r.Pct)
}

// rate is a rate's cell: a dash when unknown, shaded and marked when
// below the target.
func (rd reviewRenderer) rate(r procedures.Rate) pdfdoc.Cell {
	if !r.Known {
		return pdfdoc.Cell{Text: "—"}
	}
	c := pdfdoc.Cell{Text: pdfdoc.Percent(rd.lang, r.Pct)}
	if r.Below {
		c.Text += "\n" + rd.t("review.below_target")
		c.Fill = &pdfdoc.RGB{R: 250, G: 210, B: 200}
		c.Bold = true
	}
	return c
}
