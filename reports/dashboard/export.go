package dashboard

import (
	"bytes"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// Export kinds and formats.
const (
	ExportNCs     = "nonconformities"
	ExportResults = "results"
	ExportActions = "actions"
	ExportLeague  = "league"
	FormatCSV     = "csv"
	FormatXLSX    = "xlsx"
)

// ExportKinds lists the exports, in the order the page offers them.
var ExportKinds = []string{ExportNCs, ExportResults, ExportActions, ExportLeague}

// Table is an export: a header row and rows of strings and numbers.
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
}

func opt(s *string) any {
	if s == nil {
		return ""
	}
	return *s
}

func optID(n *int64) any {
	if n == nil {
		return ""
	}
	return *n
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ExportTable builds one export of the dashboard as filtered on screen.
// kind is one of ExportKinds. Each status comes as its code and, in
// status_name, the word every page uses for it (say writes it: a status
// kind of i18n and the value), as units come with their code and name.
func ExportTable(d *Dashboard, kind string, say func(kind, value string) string) Table {
	name := func(code string) string { return d.Names[code] }
	switch kind {
	case ExportResults:
		t := Table{Name: kind, Header: []string{"audit_id", "round", "auditor_unit", "auditor_name", "auditee_unit", "auditee_name", "status",
			"status_name", "planned_date", "applicable", "conform", "observation", "improvement", "minor", "major", "na", "score"}}
		for _, r := range d.Results {
			row := []any{r.AuditID, r.Round, r.Auditor, name(r.Auditor), r.Auditee, name(r.Auditee), r.Status, say(i18n.StatusAudit, r.Status),
				r.PlannedDate}
			c := r.Counts
			if s, ok := c.Score(); ok && r.HasResult() {
				row = append(row, c.Applicable(), c.Conform, c.Observation, c.Improvement, c.Minor, c.Major, c.NA, math.Round(s*10)/10)
			} else { // no results before submission
				row = append(row, "", "", "", "", "", "", "", "")
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	case ExportLeague:
		return leagueTable(d)
	case ExportActions:
		t := Table{Name: kind, Header: []string{"nonconformity_id", "audit_id", "auditee_unit", "auditee_name", "grade", "status", "status_name",
			"plan_due", "overdue", "closed", "closed_on_time", "closed_on"}}
		for _, n := range d.NCs {
			t.Rows = append(t.Rows, []any{n.ID, n.AuditID, n.Auditee, name(n.Auditee), n.Grade, n.Status, say(i18n.StatusNC, n.Status), opt(n.PlanDue),
				yesNo(n.Overdue), yesNo(n.Closed()), yesNo(n.ClosedOnTime()), n.ClosedOn})
		}
		return t
	}
	t := Table{Name: ExportNCs, Header: []string{"id", "round", "audit_id", "auditee_unit", "auditee_name", "auditor_unit", "auditor_name",
		"clause", "item_id", "grade", "statement", "status", "status_name", "plan_due", "overdue", "repeat_of"}}
	for _, n := range d.NCs {
		t.Rows = append(t.Rows, []any{n.ID, n.Round, n.AuditID, n.Auditee, name(n.Auditee), n.Auditor, name(n.Auditor),
			n.Clause, n.Item, n.Grade, n.Statement, n.Status, say(i18n.StatusNC, n.Status), opt(n.PlanDue), yesNo(n.Overdue), optID(n.RepeatOf)})
	}
	return t
}

// leagueTable is the league table as on screen; a row summing units merged
// into the unit names them in merged_from (codes) and merged_from_names.
func leagueTable(d *Dashboard) Table {
	t := Table{Name: ExportLeague, Header: []string{"rank", "unit", "name", "round", "score", "applicable", "nonconforming", "minor", "major",
		"change", "audit_id", "merged_from", "merged_from_names"}}
	for _, st := range d.League {
		row := []any{"", st.Unit, d.Names[st.Unit], "", "", "", "", "", "", "", "", strings.Join(st.MergedFrom, ", "), joinNames(d.Names, st.MergedFrom)}
		if st.Score != nil {
			c := st.Counts
			row[0], row[3], row[4], row[5], row[6], row[7], row[8] = st.Rank, st.Round, math.Round(*st.Score*10)/10, c.Applicable(), c.NC(), c.Minor, c.Major
			row[10] = st.AuditID
		}
		if st.Change != nil {
			row[9] = math.Round(*st.Change*10) / 10
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// WriteCSV writes the table as UTF-8 CSV with a byte-order mark, so that
// Excel opens Vietnamese text correctly, through tabular's writer: names
// and statements are people's text and never run as formulas, while the
// figures the dashboard computed stay numbers.
func WriteCSV(w io.Writer, t Table) error {
	cw := tabular.NewCSVWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.WriteValues(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteXLSX writes the table as one sheet, numbers as numbers, the header
// bold and frozen.
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Name
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, row := range t.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}
