package reports

import (
	"strconv"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// AuditDOCX writes the audit report as AuditPDF draws it; v is the
// verification of an issued report, printed at every page's foot (nil on
// a draft, which is marked DỰ THẢO in every header instead).
func (rd *Renderer) AuditDOCX(r *AuditReport, v *Verification) ([]byte, error) {
	opt := rd.docxOptions(rd.t("report.audit.title", "unit", r.AuditeeUnit.Name), r.Programme, auditForm, r.Date)
	if r.Draft {
		opt.Watermark = rd.t("report.draft")
	}
	if v != nil {
		opt.Footer = v.Label
	}
	d := docx.New(opt)
	number := rd.t("report.number_blank", "symbol", Symbol)
	if r.Number != "" {
		number = rd.t("report.number", "number", r.Number)
	}
	d.DrawHeading(docx.Heading{ParentBody: r.ParentBody, IssuingBody: or(r.IssuingBody, rd.t("report.audit.team_body")), Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Place, r.Date),
		Kind: rd.t("report.audit.kind"), Subject: rd.t("report.audit.subject", "unit", org.InText(r.AuditeeUnit.Name), "year", r.Year)})
	if r.Replaces != "" {
		d.Font("I", 12)
		d.Para(rd.t("report.audit.replaces", "number", r.Replaces, "reason", r.RevisionReason), docx.Center)
		d.Font("", 13)
	}
	rd.docxAuditFrame(d, r)
	rd.docxAuditResults(d, r)
	rd.docxAuditFindings(d, r)
	rd.docxAuditClose(d, r)
	return d.Bytes()
}

// docxAuditFrame is auditFrame's twin.
func (rd *Renderer) docxAuditFrame(d *docx.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_general"), 13)
	d.Label(rd.t("report.audit.client"), r.Organiser+" — "+r.Programme+", "+rd.t("report.audit.round", "n", r.Round))
	d.Label(rd.t("report.audit.auditee"), r.AuditeeUnit.Name+" ("+r.AuditeeUnit.Code+")")
	d.Label(rd.t("report.audit.auditor_unit"), r.AuditorUnit.Name+" ("+r.AuditorUnit.Code+")")
	d.Label(rd.t("report.audit.objectives"), or(r.Objectives, rd.t("report.audit.objectives_default")))
	d.Label(rd.t("report.audit.scope"), or(r.Scope, rd.t("report.audit.scope_default", "unit", org.InText(r.AuditeeUnit.Name))))
	rd.docxCriteria(d, r)
	dates := web.Day(r.PlannedDate)
	if r.OpeningDate != "" && r.OpeningDate != r.PlannedDate {
		dates = web.Day(r.OpeningDate)
	}
	d.Label(rd.t("report.audit.dates"), dates)
	d.Label(rd.t("report.audit.place"), or(r.AuditPlace, r.AuditeeUnit.Name))

	d.Heading(rd.t("report.audit.h_team"), 13)
	for _, m := range r.Team {
		d.Para("- "+m.DisplayName+" — "+rd.t("team.role."+m.Role), docx.Left)
	}
	d.Label(rd.t("report.audit.participants"), or(r.Participants, rd.t("report.none")))
	if r.Guide != "" {
		d.Label(rd.t("report.audit.guide"), r.Guide)
	}
	if r.Representative != "" {
		d.Label(rd.t("report.audit.representative"), r.Representative)
	}
}

// docxAuditResults is auditResults' twin.
func (rd *Renderer) docxAuditResults(d *docx.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_results"), 13)
	s := r.Score
	d.Para(rd.t("report.audit.score", "percent", pdfdoc.Percent(rd.Lang, s.Percent), "n", s.Favourable, "of", s.Applicable), docx.Justify)
	cols := []docx.Column{{Width: 45, Header: rd.t("report.col.clause")}}
	w := (docx.ContentWidth - 45 - 16) / float64(len(checklist.Results))
	for _, res := range checklist.Results {
		cols = append(cols, docx.Column{Width: w, Header: rd.t("result." + string(res)), Align: docx.Center})
	}
	cols = append(cols, docx.Column{Width: 16, Header: rd.t("report.col.total"), Align: docx.Center})
	var rows [][]docx.Cell
	for _, c := range r.ByClause {
		row := []docx.Cell{{Text: c.Clause + ". " + title(rd.Lang, c.TitleVI, c.TitleEN)}}
		for _, res := range checklist.Results {
			row = append(row, docx.Cell{Text: count(c.ByResult[res]), Fill: docxFill(shade(res, c.ByResult[res]))})
		}
		rows = append(rows, append(row, docx.Cell{Text: strconv.Itoa(c.Total)}))
	}
	total := []docx.Cell{{Text: rd.t("report.col.all"), Bold: true}}
	n := 0
	for _, res := range checklist.Results {
		total = append(total, docx.Cell{Text: strconv.Itoa(s.ByResult[res]), Bold: true})
		n += s.ByResult[res]
	}
	rows = append(rows, append(total, docx.Cell{Text: strconv.Itoa(n), Bold: true}))
	(&docx.Table{Columns: cols}).Draw(d, rows)
	rd.docxMeasures(d, r)
}

// docxAuditFindings is auditFindings' twin, the photos included.
func (rd *Renderer) docxAuditFindings(d *docx.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_items"), 13)
	cols := []docx.Column{{Width: 16, Header: rd.t("report.col.clause")}, {Width: 13, Header: rd.t("report.col.item")},
		{Width: 56, Header: rd.t("report.col.question")}, {Width: 24, Header: rd.t("report.col.result")},
		{Width: docx.ContentWidth - 109, Header: rd.t("report.col.evidence")}}
	rows := make([][]docx.Cell, 0, len(r.Items))
	for _, it := range r.Items {
		res := ""
		if it.Result != "" {
			res = rd.t("result." + string(it.Result))
		}
		rows = append(rows, []docx.Cell{{Text: it.Clause}, {Text: it.Code}, {Text: it.Question},
			{Text: res, Bold: conduct.IsNonconformity(it.Result), Fill: docxFill(shade(it.Result, 1))}, {Text: it.Evidence}})
	}
	(&docx.Table{Columns: cols}).Draw(d, rows)

	d.Heading(rd.t("report.audit.h_ncs"), 13)
	if len(r.NCs) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), docx.Left)
	}
	for _, nc := range r.NCs {
		rd.docxDetail(d, nc, "report.audit.nc_title")
	}
	if len(r.Others) > 0 {
		d.Heading(rd.t("report.audit.h_others"), 13)
		for _, o := range r.Others {
			rd.docxDetail(d, o, "report.audit.other_title")
		}
	}
}

// docxDetail is detail's twin.
func (rd *Renderer) docxDetail(d *docx.Doc, nc NCDetail, key string) {
	d.Font("B", 13)
	d.Title(rd.t(key, "n", nc.No, "grade", rd.t("result."+nc.Grade), "clause", nc.Clause, "item", nc.Item), docx.Left)
	d.Font("", 13)
	if nc.Repeat != nil {
		d.Font("I", 13)
		d.Para(rd.repeat(*nc.Repeat), docx.Left)
		d.Font("", 13)
	}
	rd.docxThreeParts(d, nc)
	for i, ph := range nc.Photos {
		d.Font("I", 11)
		d.Para(rd.t("report.audit.photo", "n", i+1), docx.Left)
		d.Image(ph.Data, ph.Type, ph.Width, ph.Height, 90, 65)
	}
	for _, f := range nc.Files {
		d.Font("I", 11)
		d.Para(rd.t("report.audit.file", "name", f), docx.Left)
	}
	d.Font("", 13)
}

// docxAuditClose is auditClose's twin.
func (rd *Renderer) docxAuditClose(d *docx.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_conclusion"), 13)
	majors, minors := 0, 0
	for _, nc := range r.NCs {
		if nc.Grade == string(checklist.Major) {
			majors++
		} else {
			minors++
		}
	}
	verdict := "report.audit.verdict_met"
	switch {
	case majors > 0:
		verdict = "report.audit.verdict_not_met"
	case minors > 0:
		verdict = "report.audit.verdict_mostly"
	}
	d.Para(rd.t("report.audit.conclusion", "unit", org.InText(r.AuditeeUnit.Name), "percent", pdfdoc.Percent(rd.Lang, r.Score.Percent),
		"majors", majors, "minors", minors, "others", len(r.Others), "verdict", rd.t(verdict)), docx.Justify)
	if len(r.NCs) > 0 {
		d.Para(rd.t("report.audit.follow_up"), docx.Justify)
	}
	d.Heading(rd.t("report.audit.h_disagreement"), 13)
	switch {
	case r.Agreed == nil:
		d.Para(rd.t("report.audit.no_closing"), docx.Justify)
	case *r.Agreed:
		d.Para(rd.t("report.audit.agreed", "who", r.Representative), docx.Justify)
	default:
		d.Para(r.Disagreement, docx.Justify)
	}
	d.Heading(rd.t("report.audit.h_sampling"), 13)
	d.Para(rd.t("report.audit.sampling"), docx.Justify)
	d.Space(4)
	d.DrawSignatures([]docx.Signature{{Title: rd.t("report.audit.sign_auditee"), Name: r.Representative},
		{Title: rd.t("report.audit.sign_team"), Name: r.Lead}})
	d.DrawRecipients(rd.t("report.recipients"), []string{r.AuditeeUnit.Name, r.AuditorUnit.Name, r.Organiser,
		rd.t("report.audit.archive")})
}

// docxFill is a PDF cell's shading for a DOCX cell.
func docxFill(c *pdfdoc.RGB) *docx.RGB {
	if c == nil {
		return nil
	}
	return &docx.RGB{R: c.R, G: c.G, B: c.B}
}
