package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The audit report's form control block (an ISO record is a controlled
// form): code, edition, date of the edition.
const (
	auditForm        = "BM.ĐGNB.03"
	auditFormEdition = "01"
	auditFormDate    = "01/01/2026"
	// Symbol is the symbol of an audit report's number, "12/BC-ĐGNB".
	Symbol = "BC-ĐGNB"
)

// Renderer draws the documents in one language with the catalogues.
type Renderer struct {
	Cat  *i18n.Catalog
	Lang string
}

func (rd *Renderer) t(key string, kv ...any) string { return rd.Cat.T(rd.Lang, key, kv...) }

// status writes a status of a kind with the word every page uses.
func (rd *Renderer) status(kind, value string) string { return rd.Cat.Status(rd.Lang, kind, value) }

// Verification is what every page of an issued report carries: its code
// and the address where anyone can check it, also as a QR code.
type Verification = pdfdoc.Verification

func (rd *Renderer) control(page, pages string) string {
	return rd.t("report.page", "page", page, "pages", pages)
}

func (rd *Renderer) options(r *AuditReport, v *Verification) pdfdoc.Options {
	opt := pdfdoc.Options{Title: rd.t("report.audit.title", "unit", r.AuditeeUnit.Name), Subject: r.Programme, Created: r.Date,
		Control:   pdfdoc.Control{Form: auditForm, Edition: rd.t("report.edition", "n", auditFormEdition), Date: rd.t("report.edition_date", "date", auditFormDate)},
		PageLabel: rd.control, Verify: v}
	if r.Draft {
		opt.Watermark = rd.t("report.draft")
	}
	return opt
}

// AuditPDF draws the audit report; v is the verification of an issued
// report (nil on a draft).
func (rd *Renderer) AuditPDF(r *AuditReport, v *Verification) ([]byte, error) {
	d, err := pdfdoc.NewDoc(rd.options(r, v))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	number := rd.t("report.number_blank", "symbol", Symbol)
	if r.Number != "" {
		number = rd.t("report.number", "number", r.Number)
	}
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.ParentBody, IssuingBody: or(r.IssuingBody, rd.t("report.audit.team_body")), Number: number,
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Place, r.Date),
		Kind: rd.t("report.audit.kind"), Subject: rd.t("report.audit.subject", "unit", org.InText(r.AuditeeUnit.Name), "year", r.Year)})
	if r.Replaces != "" {
		d.Font("I", pdfdoc.SizeSmall)
		d.Para(rd.t("report.audit.replaces", "number", r.Replaces, "reason", r.RevisionReason), pdfdoc.Center)
		d.Space(2)
	}
	rd.auditFrame(d, r)
	rd.auditResults(d, r)
	rd.auditFindings(d, r)
	rd.auditClose(d, r)
	return d.Bytes()
}

// auditFrame draws objectives, scope, criteria, client, dates, team and
// participants.
func (rd *Renderer) auditFrame(d *pdfdoc.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_general"), pdfdoc.SizeBody)
	d.Label(rd.t("report.audit.client"), r.Organiser+" — "+r.Programme+", "+rd.t("report.audit.round", "n", r.Round))
	d.Label(rd.t("report.audit.auditee"), r.AuditeeUnit.Name+" ("+r.AuditeeUnit.Code+")")
	d.Label(rd.t("report.audit.auditor_unit"), r.AuditorUnit.Name+" ("+r.AuditorUnit.Code+")")
	d.Label(rd.t("report.audit.objectives"), or(r.Objectives, rd.t("report.audit.objectives_default")))
	d.Label(rd.t("report.audit.scope"), or(r.Scope, rd.t("report.audit.scope_default", "unit", org.InText(r.AuditeeUnit.Name))))
	rd.criteria(d, r)
	dates := web.Day(r.PlannedDate)
	if r.OpeningDate != "" && r.OpeningDate != r.PlannedDate {
		dates = web.Day(r.OpeningDate)
	}
	d.Label(rd.t("report.audit.dates"), dates)
	d.Label(rd.t("report.audit.place"), or(r.AuditPlace, r.AuditeeUnit.Name))

	d.Heading(rd.t("report.audit.h_team"), pdfdoc.SizeBody)
	for _, m := range r.Team {
		d.Para("- "+m.DisplayName+" — "+rd.t("team.role."+m.Role), pdfdoc.Left)
	}
	d.Label(rd.t("report.audit.participants"), or(r.Participants, rd.t("report.none")))
	if r.Guide != "" {
		d.Label(rd.t("report.audit.guide"), r.Guide)
	}
	if r.Representative != "" {
		d.Label(rd.t("report.audit.representative"), r.Representative)
	}
}

// auditResults draws the score and the summaries by result and by clause.
func (rd *Renderer) auditResults(d *pdfdoc.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_results"), pdfdoc.SizeBody)
	s := r.Score
	d.Para(rd.t("report.audit.score", "percent", pdfdoc.Percent(rd.Lang, s.Percent), "n", s.Favourable, "of", s.Applicable), pdfdoc.Justify)
	d.Space(2)
	cols := []pdfdoc.Column{{Width: 45, Header: rd.t("report.col.clause")}}
	w := (pdfdoc.ContentWidth - 45 - 16) / float64(len(checklist.Results))
	for _, res := range checklist.Results {
		cols = append(cols, pdfdoc.Column{Width: w, Header: rd.t("result." + string(res)), Align: pdfdoc.Center})
	}
	cols = append(cols, pdfdoc.Column{Width: 16, Header: rd.t("report.col.total"), Align: pdfdoc.Center})
	var rows [][]pdfdoc.Cell
	for _, c := range r.ByClause {
		row := []pdfdoc.Cell{{Text: c.Clause + ". " + title(rd.Lang, c.TitleVI, c.TitleEN)}}
		for _, res := range checklist.Results {
			row = append(row, pdfdoc.Cell{Text: count(c.ByResult[res]), Fill: shade(res, c.ByResult[res])})
		}
		rows = append(rows, append(row, pdfdoc.Cell{Text: strconv.Itoa(c.Total)}))
	}
	total := []pdfdoc.Cell{{Text: rd.t("report.col.all"), Bold: true}}
	n := 0
	for _, res := range checklist.Results {
		total = append(total, pdfdoc.Cell{Text: strconv.Itoa(s.ByResult[res]), Bold: true})
		n += s.ByResult[res]
	}
	rows = append(rows, append(total, pdfdoc.Cell{Text: strconv.Itoa(n), Bold: true}))
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
	rd.measures(d, r)
}

// auditFindings draws the findings table and each finding in detail.
func (rd *Renderer) auditFindings(d *pdfdoc.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_items"), pdfdoc.SizeBody)
	cols := []pdfdoc.Column{{Width: 16, Header: rd.t("report.col.clause")}, {Width: 13, Header: rd.t("report.col.item")},
		{Width: 56, Header: rd.t("report.col.question")}, {Width: 24, Header: rd.t("report.col.result")},
		{Width: pdfdoc.ContentWidth - 109, Header: rd.t("report.col.evidence")}}
	rows := make([][]pdfdoc.Cell, 0, len(r.Items))
	for _, it := range r.Items {
		res := ""
		if it.Result != "" {
			res = rd.t("result." + string(it.Result))
		}
		rows = append(rows, []pdfdoc.Cell{{Text: it.Clause}, {Text: it.Code}, {Text: it.Question},
			{Text: res, Bold: conduct.IsNonconformity(it.Result), Fill: shade(it.Result, 1)}, {Text: it.Evidence}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)

	d.Heading(rd.t("report.audit.h_ncs"), pdfdoc.SizeBody)
	if len(r.NCs) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), pdfdoc.Left)
	}
	for _, nc := range r.NCs {
		rd.detail(d, nc, "report.audit.nc_title")
	}
	if len(r.Others) > 0 {
		d.Heading(rd.t("report.audit.h_others"), pdfdoc.SizeBody)
		for _, o := range r.Others {
			rd.detail(d, o, "report.audit.other_title")
		}
	}
}

func (rd *Renderer) detail(d *pdfdoc.Doc, nc NCDetail, key string) {
	d.Font("B", pdfdoc.SizeBody)
	d.KeepLines(3)
	d.Para(rd.t(key, "n", nc.No, "grade", rd.t("result."+nc.Grade), "clause", nc.Clause, "item", nc.Item), pdfdoc.Left)
	d.Font("", pdfdoc.SizeBody)
	if nc.Repeat != nil {
		d.Font("I", pdfdoc.SizeBody)
		d.Para(rd.repeat(*nc.Repeat), pdfdoc.Left)
		d.Font("", pdfdoc.SizeBody)
	}
	rd.threeParts(d, nc)
	for i, ph := range nc.Photos {
		d.Font("I", pdfdoc.SizeSmall)
		d.Para(rd.t("report.audit.photo", "n", i+1), pdfdoc.Left)
		d.Image(ph, 90, 65)
	}
	for _, f := range nc.Files {
		d.Font("I", pdfdoc.SizeSmall)
		d.Para(rd.t("report.audit.file", "name", f), pdfdoc.Left)
	}
	d.Font("", pdfdoc.SizeBody)
	d.Space(2)
}

// auditClose draws the conclusions, disagreements, the sampling statement,
// the signatures and the recipients.
func (rd *Renderer) auditClose(d *pdfdoc.Doc, r *AuditReport) {
	d.Heading(rd.t("report.audit.h_conclusion"), pdfdoc.SizeBody)
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
		"majors", majors, "minors", minors, "others", len(r.Others), "verdict", rd.t(verdict)), pdfdoc.Justify)
	if len(r.NCs) > 0 {
		d.Para(rd.t("report.audit.follow_up"), pdfdoc.Justify)
	}
	d.Heading(rd.t("report.audit.h_disagreement"), pdfdoc.SizeBody)
	switch {
	case r.Agreed == nil:
		d.Para(rd.t("report.audit.no_closing"), pdfdoc.Justify)
	case *r.Agreed:
		d.Para(rd.t("report.audit.agreed", "who", r.Representative), pdfdoc.Justify)
	default:
		d.Para(r.Disagreement, pdfdoc.Justify)
	}
	// The last section, the signatures and the recipients stay on one
	// page, so that the signatures never stand alone on the last one.
	sigs := []pdfdoc.Signature{{Title: rd.t("report.audit.sign_auditee"), Name: r.Representative},
		{Title: rd.t("report.audit.sign_team"), Name: r.Lead}}
	to := []string{r.AuditeeUnit.Name, r.AuditorUnit.Name, r.Organiser, rd.t("report.audit.archive")}
	sampling := rd.t("report.audit.sampling")
	d.Keep(d.HeadingHeight(rd.t("report.audit.h_sampling"), pdfdoc.SizeBody) + d.ParaHeight("", pdfdoc.SizeBody, sampling) + 4 +
		d.SignaturesHeight(sigs) + d.RecipientsHeight(rd.t("report.recipients"), to))
	d.Heading(rd.t("report.audit.h_sampling"), pdfdoc.SizeBody)
	d.Para(sampling, pdfdoc.Justify)
	d.Space(4)
	d.DrawSignatures(sigs)
	d.DrawRecipients(rd.t("report.recipients"), to)
}

func or(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

func title(lang, vi, en string) string {
	if lang == i18n.EN && en != "" {
		return en
	}
	return vi
}

func count(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

// shade colours a result cell: nonconformities red, observations amber,
// the darker the more there are.
func shade(res checklist.Result, n int) *pdfdoc.RGB {
	if n == 0 {
		return nil
	}
	switch res {
	case checklist.Major:
		return &pdfdoc.RGB{R: 240, G: 170, B: 170}
	case checklist.Minor:
		return &pdfdoc.RGB{R: 250, G: 210, B: 200}
	case checklist.Observation:
		return &pdfdoc.RGB{R: 252, G: 236, B: 200}
	}
	return nil
}
