package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The programme summary's form control block.
const (
	programmeForm = "BM.ĐGNB.05"
)

// ProgrammePDF draws the programme summary.
func (rd *Renderer) ProgrammePDF(r *ProgrammeReport) ([]byte, error) {
	d, err := pdfdoc.NewDoc(pdfdoc.Options{Title: rd.t("report.programme.title", "name", r.Name), Subject: r.Name, Created: r.Date,
		Control:   pdfdoc.Control{Form: programmeForm, Edition: rd.t("report.edition", "n", auditFormEdition), Date: rd.t("report.edition_date", "date", auditFormDate)},
		PageLabel: rd.control})
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name, Number: rd.t("report.number_blank", "symbol", Symbol),
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Owner.Place, r.Date),
		Kind: rd.t("report.audit.kind"), Subject: rd.programmeSubject(r)})
	d.Label(rd.t("report.programme.criteria"), r.Checklist)
	d.Label(rd.t("report.programme.status"), rd.status(i18n.StatusProgramme, r.Status))
	done := 0
	for _, row := range r.Rows {
		if row.HasScore {
			done++
		}
	}
	d.Para(rd.t("report.programme.overall", "audits", len(r.Rows), "done", done, "percent", pdfdoc.Percent(rd.Lang, r.Totals.Percent)), pdfdoc.Justify)
	rd.unitTable(d, r)
	rd.clauseTable(d, r)
	rd.actions(d, r)
	rd.comparison(d, r)
	rd.fairness(d, r)
	rd.conclusions(d, r)
	rd.signOff(d, r.Owner, r.SignerKind, rd.ts(r.Recipients))
	return d.Bytes()
}

// unitTable draws one row per audit: the units in full, the state, the
// counts by grade and the score.
func (rd *Renderer) unitTable(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_units"), pdfdoc.SizeBody)
	grades := []checklist.Result{checklist.Major, checklist.Minor, checklist.Observation, checklist.Improvement}
	cols := []pdfdoc.Column{{Width: 8, Header: "#", Align: pdfdoc.Center}, {Width: 38, Header: rd.t("report.col.unit")},
		{Width: 30, Header: rd.t("report.col.auditor")}, {Width: 21, Header: rd.t("report.col.status")}}
	for _, g := range grades {
		cols = append(cols, pdfdoc.Column{Width: 13, Header: rd.t("report.programme.short." + string(g)), Align: pdfdoc.Center})
	}
	cols = append(cols, pdfdoc.Column{Width: pdfdoc.ContentWidth - 97 - 52, Header: rd.t("report.col.score"), Align: pdfdoc.Right})
	rows := make([][]pdfdoc.Cell, 0, len(r.Rows))
	for i, u := range r.Rows {
		row := []pdfdoc.Cell{{Text: strconv.Itoa(i + 1)}, {Text: u.Auditee.Name + " (" + u.Auditee.Code + ")"},
			{Text: u.Auditor.Name}, {Text: rd.status(i18n.StatusAudit, u.Status)}}
		for _, g := range grades {
			c := pdfdoc.Cell{Text: "–"} // not a result yet: no figure to add up
			if u.Counted {
				c = pdfdoc.Cell{Text: count(u.ByResult[g]), Fill: shade(g, u.ByResult[g])}
			}
			row = append(row, c)
		}
		score := "–"
		if u.HasScore {
			score = pdfdoc.Percent(rd.Lang, u.Score.Percent) + "\n" + strconv.Itoa(u.Score.Favourable) + "/" + strconv.Itoa(u.Score.Applicable)
		}
		rows = append(rows, append(row, pdfdoc.Cell{Text: score}))
	}
	rows = append(rows, rd.totalsRow(r, grades))
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// clauseTable draws the nonconformities of each audited unit by clause,
// shaded by how many there are.
func (rd *Renderer) clauseTable(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_clauses"), pdfdoc.SizeBody)
	if len(r.Sections) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), pdfdoc.Left)
		return
	}
	w := min(14, (pdfdoc.ContentWidth-60)/float64(len(r.Sections)))
	cols := []pdfdoc.Column{{Width: 60, Header: rd.t("report.col.unit")}}
	for _, s := range r.Sections {
		cols = append(cols, pdfdoc.Column{Width: w, Header: s, Align: pdfdoc.Center})
	}
	var rows [][]pdfdoc.Cell
	for _, u := range r.Rows {
		if len(u.NCsBySection) == 0 {
			continue
		}
		row := []pdfdoc.Cell{{Text: u.Auditee.Name}}
		for _, s := range r.Sections {
			n := u.NCsBySection[s]
			row = append(row, pdfdoc.Cell{Text: count(n), Fill: heat(n)})
		}
		rows = append(rows, row)
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// heat shades a count: white for none, deeper red for more.
func heat(n int) *pdfdoc.RGB {
	switch {
	case n <= 0:
		return nil
	case n == 1:
		return &pdfdoc.RGB{R: 252, G: 224, B: 210}
	case n == 2:
		return &pdfdoc.RGB{R: 246, G: 180, B: 160}
	}
	return &pdfdoc.RGB{R: 232, G: 130, B: 110}
}

// actions draws the corrective actions' state and the overdue list.
func (rd *Renderer) actions(d *pdfdoc.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_actions"), pdfdoc.SizeBody)
	if len(r.ByState) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), pdfdoc.Left)
	}
	for _, s := range r.ByState {
		d.Para("- "+rd.t("report.programme.state", "state", rd.status(i18n.StatusNC, s.State), "n", s.N), pdfdoc.Left)
	}
	d.Heading(rd.t("report.programme.h_overdue"), pdfdoc.SizeBody)
	if len(r.Overdue) == 0 {
		d.Para(rd.t("report.none"), pdfdoc.Left)
		return
	}
	cols := []pdfdoc.Column{{Width: 50, Header: rd.t("report.col.unit")}, {Width: 18, Header: rd.t("report.col.clause")},
		{Width: 30, Header: rd.t("report.col.result")}, {Width: 37, Header: rd.t("report.col.status")}, {Width: pdfdoc.ContentWidth - 135, Header: rd.t("report.col.due")}}
	names := map[string]string{}
	for _, u := range r.Rows {
		names[u.Auditee.Code] = u.Auditee.Name
	}
	var rows [][]pdfdoc.Cell
	for _, f := range r.Overdue {
		due := ""
		if f.PlanDue != nil {
			due = web.Day(*f.PlanDue)
		}
		rows = append(rows, []pdfdoc.Cell{{Text: or(names[f.AuditeeUnit], f.AuditeeUnit)}, {Text: f.Clause + " (" + f.ItemID + ")"},
			{Text: rd.t("result." + f.Grade)}, {Text: rd.status(i18n.StatusNC, f.Status)}, {Text: due}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}
