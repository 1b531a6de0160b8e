package dashboard

import (
	"math"
	"strings"

	"github.com/crossaudit/crossaudit/internal/i18n"
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

// sheetKeys are the words naming each export, the page's and the XLSX
// sheet's (31 letters at most, as Excel allows).
var sheetKeys = map[string]string{
	ExportNCs: "dashboard.export.nonconformities", ExportResults: "dashboard.export.results",
	ExportActions: "dashboard.export.actions", ExportLeague: "dashboard.export.league",
}

// gradeKeys are the words of the two grades of a nonconformity, those of
// the register's pages.
var gradeKeys = map[string]string{"minor": "result.minor", "major": "result.major"}

// Table is an export in one language: a header row and rows whose cells
// are text (string), whole numbers (int, int64), Score, Day, or "" for an
// empty cell.
type Table struct {
	Name   string // the kind
	Sheet  string // the kind's words, the XLSX sheet's name
	Lang   string
	Header []string
	Rows   [][]any
}

// Day is a calendar day, yyyy-mm-dd ("" for none): a real date in XLSX,
// written as people read it in a CSV (see WriteCSV).
type Day string

// Score is a figure with one decimal: a score or a change, in percentage
// points.
type Score float64

// score rounds a computed figure to the one decimal the page shows.
func score(x float64) Score { return Score(math.Round(x*10) / 10) }

// words writes an export's words in one language.
type words struct {
	cat  *i18n.Catalog
	lang string
}

func (w words) t(key string) string { return w.cat.T(w.lang, key) }

// status is the word every page uses for a status (i18n.StatusMsg).
func (w words) status(kind, value string) string { return w.cat.Status(w.lang, kind, value) }

func (w words) yesNo(b bool) string {
	if b {
		return w.t("words.yes")
	}
	return w.t("words.no")
}

// grade is a grade's word; a grade without one comes as it is.
func (w words) grade(g string) string {
	if key, ok := gradeKeys[g]; ok {
		return w.t(key)
	}
	return g
}

// header writes the columns' catalogue keys as words.
func (w words) header(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = w.t(k)
	}
	return out
}

func optDay(s *string) Day {
	if s == nil {
		return ""
	}
	return Day(*s)
}

func optID(n *int64) any {
	if n == nil {
		return ""
	}
	return *n
}

// ExportTable builds one export of the dashboard as filtered on screen, in
// lang: the headers, grades, yes and no in words, each status as its code
// and, after it, the word every page uses for it, units as their code and
// name. kind is one of ExportKinds. The columns are the same in every
// language, in the same order.
func ExportTable(d *Dashboard, kind string, cat *i18n.Catalog, lang string) Table {
	w := words{cat, lang}
	t := Table{Name: kind, Sheet: w.t(sheetKeys[kind]), Lang: lang}
	name := func(code string) string { return d.Names[code] }
	switch kind {
	case ExportResults:
		t.Header = w.header("exports.col.audit_id", "exports.col.round", "exports.col.auditor_unit", "exports.col.auditor_name",
			"exports.col.auditee_unit", "exports.col.auditee_name", "exports.col.status", "exports.col.status_name", "exports.col.planned_date",
			"exports.col.applicable", "exports.col.conform", "exports.col.observation", "exports.col.improvement", "exports.col.minor",
			"exports.col.major", "exports.col.na", "exports.col.score")
		for _, r := range d.Results {
			row := []any{r.AuditID, r.Round, r.Auditor, name(r.Auditor), r.Auditee, name(r.Auditee), r.Status,
				w.status(i18n.StatusAudit, r.Status), Day(r.PlannedDate)}
			c := r.Counts
			if s, ok := c.Score(); ok && r.HasResult() {
				row = append(row, c.Applicable(), c.Conform, c.Observation, c.Improvement, c.Minor, c.Major, c.NA, score(s))
			} else { // no results before submission
				row = append(row, "", "", "", "", "", "", "", "")
			}
			t.Rows = append(t.Rows, row)
		}
	case ExportLeague:
		leagueTable(d, w, &t)
	case ExportActions:
		t.Header = w.header("exports.col.nonconformity_id", "exports.col.audit_id", "exports.col.auditee_unit", "exports.col.auditee_name",
			"exports.col.grade", "exports.col.status", "exports.col.status_name", "exports.col.plan_due", "exports.col.overdue",
			"exports.col.closed", "exports.col.closed_on_time", "exports.col.closed_on")
		for _, n := range d.NCs {
			t.Rows = append(t.Rows, []any{n.ID, n.AuditID, n.Auditee, name(n.Auditee), w.grade(n.Grade), n.Status,
				w.status(i18n.StatusNC, n.Status), optDay(n.PlanDue), w.yesNo(n.Overdue), w.yesNo(n.Closed()),
				w.yesNo(n.ClosedOnTime()), Day(n.ClosedOn)})
		}
	default:
		t.Name, t.Sheet = ExportNCs, w.t(sheetKeys[ExportNCs])
		t.Header = w.header("exports.col.id", "exports.col.round", "exports.col.audit_id", "exports.col.auditee_unit",
			"exports.col.auditee_name", "exports.col.auditor_unit", "exports.col.auditor_name", "exports.col.clause", "exports.col.item_id",
			"exports.col.grade", "exports.col.statement", "exports.col.status", "exports.col.status_name", "exports.col.plan_due",
			"exports.col.overdue", "exports.col.repeat_of")
		for _, n := range d.NCs {
			t.Rows = append(t.Rows, []any{n.ID, n.Round, n.AuditID, n.Auditee, name(n.Auditee), n.Auditor, name(n.Auditor),
				n.Clause, n.Item, w.grade(n.Grade), n.Statement, n.Status, w.status(i18n.StatusNC, n.Status), optDay(n.PlanDue),
				w.yesNo(n.Overdue), optID(n.RepeatOf)})
		}
	}
	return t
}

// leagueTable is the league table as on screen; a row summing units merged
// into the unit names them by code and by name, and the last column says
// whether the result came from an audit the fairness analysis flags.
func leagueTable(d *Dashboard, w words, t *Table) {
	t.Header = w.header("exports.col.rank", "exports.col.unit", "exports.col.name", "exports.col.round", "exports.col.score",
		"exports.col.applicable", "exports.col.nonconforming", "exports.col.minor", "exports.col.major", "exports.col.change",
		"exports.col.audit_id", "exports.col.merged_from", "exports.col.merged_from_names", "exports.col.lenient_auditor")
	for _, st := range d.League {
		row := []any{"", st.Unit, d.Names[st.Unit], "", "", "", "", "", "", "", "", strings.Join(st.MergedFrom, ", "),
			joinNames(d.Names, st.MergedFrom), w.yesNo(st.Flagged(FlagLenientAuditor))}
		if st.Score != nil {
			c := st.Counts
			row[0], row[3], row[4], row[5], row[6], row[7], row[8] = st.Rank, st.Round, score(*st.Score), c.Applicable(), c.NC(), c.Minor, c.Major
			row[10] = st.AuditID
		}
		if st.Change != nil {
			row[9] = score(*st.Change)
		}
		t.Rows = append(t.Rows, row)
	}
}
