package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ProgrammeDOCX writes the programme summary as ProgrammePDF draws it.
func (rd *Renderer) ProgrammeDOCX(r *ProgrammeReport) ([]byte, error) {
	d := docx.New(rd.docxOptions(rd.t("report.programme.title", "name", r.Name), r.Name, programmeForm, r.Date))
	d.DrawHeading(docx.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name, Number: rd.t("report.number_blank", "symbol", Symbol),
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
	d.Para(rd.t("report.programme.overall", "audits", len(r.Rows), "done", done, "percent", pdfdoc.Percent(rd.Lang, r.Totals.Percent)), docx.Justify)
	rd.docxUnitTable(d, r)
	rd.docxClauseTable(d, r)
	rd.docxActions(d, r)
	rd.docxComparison(d, r)
	rd.docxFairness(d, r)
	rd.docxConclusions(d, r)
	rd.docxSignOff(d, r.Owner, r.SignerKind, rd.ts(r.Recipients))
	return d.Bytes()
}

// docxUnitTable is unitTable's twin.
func (rd *Renderer) docxUnitTable(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_units"), 13)
	grades := []checklist.Result{checklist.Major, checklist.Minor, checklist.Observation, checklist.Improvement}
	cols := []docx.Column{{Width: 8, Header: "#", Align: docx.Center}, {Width: 38, Header: rd.t("report.col.unit")},
		{Width: 30, Header: rd.t("report.col.auditor")}, {Width: 21, Header: rd.t("report.col.status")}}
	for _, g := range grades {
		cols = append(cols, docx.Column{Width: 13, Header: rd.t("report.programme.short." + string(g)), Align: docx.Center})
	}
	cols = append(cols, docx.Column{Width: docx.ContentWidth - 97 - 52, Header: rd.t("report.col.score"), Align: docx.Right})
	rows := make([][]docx.Cell, 0, len(r.Rows))
	for i, u := range r.Rows {
		row := []docx.Cell{{Text: strconv.Itoa(i + 1)}, {Text: u.Auditee.Name + " (" + u.Auditee.Code + ")"},
			{Text: u.Auditor.Name}, {Text: rd.status(i18n.StatusAudit, u.Status)}}
		for _, g := range grades {
			c := docx.Cell{Text: "–"} // not a result yet: no figure to add up
			if u.Counted {
				c = docx.Cell{Text: count(u.ByResult[g]), Fill: docxFill(shade(g, u.ByResult[g]))}
			}
			row = append(row, c)
		}
		score := "–"
		if u.HasScore {
			score = pdfdoc.Percent(rd.Lang, u.Score.Percent) + "\n" + strconv.Itoa(u.Score.Favourable) + "/" + strconv.Itoa(u.Score.Applicable)
		}
		rows = append(rows, append(row, docx.Cell{Text: score}))
	}
	rows = append(rows, rd.docxTotalsRow(r, grades))
	(&docx.Table{Columns: cols}).Draw(d, rows)
}

// docxClauseTable is clauseTable's twin.
func (rd *Renderer) docxClauseTable(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_clauses"), 13)
	if len(r.Sections) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), docx.Left)
		return
	}
	w := min(14, (docx.ContentWidth-60)/float64(len(r.Sections)))
	cols := []docx.Column{{Width: 60, Header: rd.t("report.col.unit")}}
	for _, s := range r.Sections {
		cols = append(cols, docx.Column{Width: w, Header: s, Align: docx.Center})
	}
	var rows [][]docx.Cell
	for _, u := range r.Rows {
		if len(u.NCsBySection) == 0 {
			continue
		}
		row := []docx.Cell{{Text: u.Auditee.Name}}
		for _, s := range r.Sections {
			n := u.NCsBySection[s]
			row = append(row, docx.Cell{Text: count(n), Fill: docxFill(heat(n))})
		}
		rows = append(rows, row)
	}
	(&docx.Table{Columns: cols}).Draw(d, rows)
}

// docxActions is actions' twin.
func (rd *Renderer) docxActions(d *docx.Doc, r *ProgrammeReport) {
	d.Heading(rd.t("report.programme.h_actions"), 13)
	if len(r.ByState) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), docx.Left)
	}
	for _, s := range r.ByState {
		d.Para("- "+rd.t("report.programme.state", "state", rd.status(i18n.StatusNC, s.State), "n", s.N), docx.Left)
	}
	d.Heading(rd.t("report.programme.h_overdue"), 13)
	if len(r.Overdue) == 0 {
		d.Para(rd.t("report.none"), docx.Left)
		return
	}
	cols := []docx.Column{{Width: 50, Header: rd.t("report.col.unit")}, {Width: 18, Header: rd.t("report.col.clause")},
		{Width: 30, Header: rd.t("report.col.result")}, {Width: 37, Header: rd.t("report.col.status")}, {Width: docx.ContentWidth - 135, Header: rd.t("report.col.due")}}
	names := map[string]string{}
	for _, u := range r.Rows {
		names[u.Auditee.Code] = u.Auditee.Name
	}
	var rows [][]docx.Cell
	for _, f := range r.Overdue {
		due := ""
		if f.PlanDue != nil {
			due = web.Day(*f.PlanDue)
		}
		rows = append(rows, []docx.Cell{{Text: or(names[f.AuditeeUnit], f.AuditeeUnit)}, {Text: f.Clause + " (" + f.ItemID + ")"},
			{Text: rd.t("result." + f.Grade)}, {Text: rd.status(i18n.StatusNC, f.Status)}, {Text: due}})
	}
	(&docx.Table{Columns: cols}).Draw(d, rows)
}
