package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The register's control block.
const registerForm = "BM.ĐGNB.08"

// ActionRegisterPDF draws a programme's corrective-action register: the
// counts, then one row per nonconformity with its cause, actions and
// state, the overdue ones marked.
func (rd *Renderer) ActionRegisterPDF(r *ActionRegister) ([]byte, error) {
	d, err := pdfdoc.NewDoc(rd.formOptions(rd.t("pdfform.reg.title", "name", r.Name), r.Name, registerForm, r.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name, Number: "",
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Owner.Place, r.Date),
		Kind: rd.t("pdfform.reg.kind"), Subject: rd.t("pdfform.reg.subject", "name", r.Name)})
	d.Para(rd.t("pdfform.reg.summary", "n", len(r.Rows), "closed", r.Closed, "overdue", r.Overdue, "actions", r.Actions, "done", r.Done), pdfdoc.Justify)
	d.Space(2)
	if len(r.Rows) == 0 {
		d.Para(rd.t("report.audit.no_ncs"), pdfdoc.Left)
		return d.Bytes()
	}
	cols := []pdfdoc.Column{{Width: 8, Header: "#", Align: pdfdoc.Center}, {Width: 30, Header: rd.t("report.col.unit")},
		{Width: 20, Header: rd.t("pdfform.col.clause_grade")}, {Width: 40, Header: rd.t("pdfform.col.nc_cause")},
		{Width: 45, Header: rd.t("pdfform.col.actions")}, {Width: pdfdoc.ContentWidth - 143, Header: rd.t("report.col.status")}}
	rows := make([][]pdfdoc.Cell, 0, len(r.Rows))
	for _, row := range r.Rows {
		nc := row.Statement
		switch {
		case row.RootCause != "" && row.CauseCategory != "":
			nc += "\n" + rd.t("training.reg_cause", "category", rd.t(findings.CauseKey(row.CauseCategory)), "text", row.RootCause)
		case row.RootCause != "":
			nc += "\n" + rd.t("pdfform.reg.cause", "text", row.RootCause)
		}
		status := rd.status(i18n.StatusNC, row.Status)
		if row.PlanDue != "" {
			status += "\n" + rd.t("pdfform.reg.plan_due", "date", web.Day(row.PlanDue))
		}
		var fill *pdfdoc.RGB
		if row.Overdue {
			status += "\n" + rd.t("pdfform.reg.overdue")
			fill = &pdfdoc.RGB{R: 250, G: 210, B: 200}
		}
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(row.No)},
			{Text: row.Auditee.Name + " (" + row.Auditee.Code + ")\n" + rd.t("pdfform.reg.by", "unit", row.Auditor, "n", row.Round)},
			{Text: row.Clause + " (" + row.Item + ")\n" + rd.t("result."+row.Grade), Bold: row.Grade == "major"},
			{Text: nc}, {Text: rd.registerActions(row.Actions)}, {Text: status, Fill: fill}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
	return d.Bytes()
}

// registerActions writes a nonconformity's actions one per paragraph:
// what, who, by when, and when done or that it is overdue.
func (rd *Renderer) registerActions(as []RegisterAction) string {
	if len(as) == 0 {
		return rd.t("pdfform.reg.no_actions")
	}
	lines := make([]string, 0, len(as))
	for _, a := range as {
		state := rd.t("pdfform.reg.action_due", "date", web.Day(a.Due))
		switch {
		case a.Done != "":
			state = rd.t("pdfform.reg.action_done", "date", web.Day(a.Done))
		case a.Overdue:
			state += ", " + rd.t("pdfform.reg.overdue")
		}
		lines = append(lines, strconv.Itoa(a.No)+". "+a.Description+" — "+a.Owner+" ("+state+")")
	}
	return strings.Join(lines, "\n")
}
