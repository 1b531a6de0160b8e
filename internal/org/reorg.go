package org

import (
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/text"
)

// ChangeColumns are the columns of a change table (CONTRACT.md).
var ChangeColumns = []string{"old_code", "new_code", "new_name", "effective_date"}

// The kinds of change a line of a change table makes.
const (
	// ChangeMerge retires the old unit into the new one (existing or
	// created by the table): several lines with one new code merge units.
	ChangeMerge = "merge"
	// ChangeRename gives a live unit a new name; its code stays.
	ChangeRename = "rename"
	// ChangeKeep names a unit that continues as it is, typically the one
	// others merge into.
	ChangeKeep = "keep"
	// ChangeRetire retires a unit without a successor (new code empty).
	ChangeRetire = "retire"
)

// Change is one checked line of a change table.
type Change struct {
	Line      int    `json:"line"`
	Kind      string `json:"kind"`
	OldCode   string `json:"old_code"`
	OldName   string `json:"old_name"`
	NewCode   string `json:"new_code,omitempty"`
	NewName   string `json:"new_name,omitempty"`
	Effective string `json:"effective_date"` // yyyy-mm-dd
	// Created is true when the table creates NewCode.
	Created bool `json:"created,omitempty"`
	// written is new_name as the line wrote it, kept with a scheduled
	// table to be checked again on its day.
	written string
}

// Plan is what a checked change table will do, in the file's order.
type Plan struct {
	Changes []Change    `json:"changes"`
	Created []UnitInput `json:"-"` // the units the table creates
	// ScheduledFor is the effective date (yyyy-mm-dd) of a table that
	// takes effect after today: it is stored and applied on that day.
	ScheduledFor string `json:"scheduled_for,omitempty"`
	// Stranded are the people of the units the table dissolves without a
	// successor: they stay attached to the dissolved unit, may read its
	// records but no longer act, until the office moves them.
	Stranded []Person `json:"stranded,omitempty"`
}

// Count returns how many lines make a change of kind.
func (p *Plan) Count(kind string) int {
	n := 0
	for _, c := range p.Changes {
		if c.Kind == kind {
			n++
		}
	}
	return n
}

// reorgState is what a change table is checked against: every unit, the
// latest effective date of a recorded change touching each, and today.
type reorgState struct {
	units  map[string]Unit
	latest map[string]string // code → yyyy-mm-dd
	today  string
	// xlsx is set for a spreadsheet, whose date cells arrive as the
	// spreadsheet library writes them (see parseEffective).
	xlsx bool
	// schedule lets a table take effect after today: it is then checked
	// as if it applied now, and scheduled (see Reorg.Apply).
	schedule bool
	// pending are the lines of the tables scheduled and not yet applied,
	// which a new table must not contradict (checkPending).
	pending []pendingLine
	// people are the active users of each unit, for Plan.Stranded.
	people map[string][]Person
}

// lineRow is a line of the table after the checks of its own cells.
type lineRow struct {
	line                 int
	old, new, name, date string
	kind                 string
}

// planChanges checks a whole change table against st and classifies its
// lines. Every problem is reported, keyed row:N:column; the plan is valid
// only when the fields are empty.
func planChanges(t *tabular.Table, st *reorgState) (*Plan, apperr.Fields) {
	f := apperr.Fields{}
	rows := make([]*lineRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		rows = append(rows, checkLine(f, r, st))
	}
	if len(rows) == 0 {
		f.Add("file", apperr.M("import.no_rows"))
		return nil, f
	}
	checkSplits(f, rows)
	targets := checkTargets(f, rows, st)
	when := checkScheduleDate(f, rows, st)
	checkDates(f, rows, st)
	checkPending(f, rows, st)
	if len(f) > 0 {
		return nil, f
	}
	p := buildPlan(rows, st, targets)
	p.ScheduledFor = when
	return p, f
}

// checkLine checks the cells of one line.
func checkLine(f apperr.Fields, r tabular.Row, st *reorgState) *lineRow {
	lr := &lineRow{line: r.Line, old: r.Get("old_code"), new: r.Get("new_code"), name: r.Get("new_name")}
	key := func(col string) string { return tabular.RowKey(r.Line, col) }
	switch u, known := st.units[lr.old]; {
	case lr.old == "":
		f.Add(key("old_code"), apperr.M("validation.required"))
	case !known:
		f.Add(key("old_code"), apperr.M("reorg.err.unknown_unit", "code", lr.old))
	case u.Retired && u.Successor != "":
		f.Add(key("old_code"), apperr.M("reorg.err.already_merged", "code", lr.old, "successor", u.Successor))
	case u.Retired:
		f.Add(key("old_code"), apperr.M("reorg.err.already_retired", "code", lr.old))
	}
	switch {
	case lr.new != "" && !ValidCode(lr.new):
		f.Add(key("new_code"), apperr.M("validation.code_chars"))
	case lr.new == "" && lr.name != "":
		f.Add(key("new_code"), apperr.M("reorg.err.name_without_code"))
	}
	if !text.Valid(lr.name) || len(lr.name) > 200 {
		f.Add(key("new_name"), apperr.M("validation.control_chars"))
	}
	raw := r.Get("effective_date")
	day, ok := parseEffective(raw, st.xlsx)
	switch {
	case raw == "":
		f.Add(key("effective_date"), apperr.M("validation.required"))
	case !ok:
		f.Add(key("effective_date"), apperr.M("reorg.err.date", "value", raw))
	case day > st.today && !st.schedule:
		f.Add(key("effective_date"), apperr.M("reorg.err.future", "date", dmy(day)))
	}
	lr.date = day
	switch {
	case lr.new == "":
		lr.kind = ChangeRetire
	case lr.new != lr.old:
		lr.kind = ChangeMerge
	case lr.name != "" && lr.name != st.units[lr.old].Name:
		lr.kind = ChangeRename
	default:
		lr.kind = ChangeKeep
	}
	return lr
}

// checkSplits refuses a unit named by several lines: a split cannot be
// applied from a table, because a unit's audits, nonconformities and
// people cannot be divided between several successors automatically.
func checkSplits(f apperr.Fields, rows []*lineRow) {
	byOld := map[string][]*lineRow{}
	for _, r := range rows {
		if r.old != "" {
			byOld[r.old] = append(byOld[r.old], r)
		}
	}
	for _, group := range byOld {
		if len(group) < 2 {
			continue
		}
		first := group[0]
		for _, r := range group[1:] {
			if r.new == first.new { // not a split: the same change twice
				if r.name == first.name || r.name == "" || first.name == "" {
					f.Add(tabular.RowKey(r.line, "old_code"), apperr.M("reorg.err.duplicate", "line", first.line))
				} else {
					f.Add(tabular.RowKey(r.line, "new_name"), apperr.M("reorg.err.name_mismatch", "line", first.line, "name", first.name))
				}
				continue
			}
			lines := make([]string, len(group))
			for i, g := range group {
				lines[i] = strconv.Itoa(g.line)
			}
			msg := apperr.M("reorg.err.split", "code", r.old, "lines", strings.Join(lines, ", "))
			f.Add(tabular.RowKey(first.line, "old_code"), msg)
			f.Add(tabular.RowKey(r.line, "old_code"), msg)
		}
	}
}

// target is a unit that lines merge into, with the name it ends up with
// and the line that first names it.
type target struct {
	code, name string
	line       int
	exists     bool
}

// checkTargets checks what the lines merge into or rename to: a name that
// agrees across lines, a live unit of the same name or a new code, never a
// unit that the table itself retires (a chain, or a cycle).
func checkTargets(f apperr.Fields, rows []*lineRow, st *reorgState) map[string]*target {
	own := map[string]*lineRow{} // the first line naming each old code
	for _, r := range rows {
		if _, seen := own[r.old]; !seen && r.old != "" {
			own[r.old] = r
		}
	}
	targets := map[string]*target{}
	for _, r := range rows {
		if r.new == "" || !ValidCode(r.new) {
			continue
		}
		t := targets[r.new]
		if t == nil {
			u, exists := st.units[r.new]
			t = &target{code: r.new, line: r.line, exists: exists, name: u.Name}
			if self := own[r.new]; self != nil && self.new == r.new && self.name != "" {
				t.name = self.name // the unit is renamed by its own line
			}
			targets[r.new] = t
		}
		key := func(col string) string { return tabular.RowKey(r.line, col) }
		u, exists := st.units[r.new]
		switch self := own[r.new]; {
		case r.new == r.old:
		case exists && u.Retired:
			f.Add(key("new_code"), apperr.M("reorg.err.target_retired", "code", r.new))
			continue
		case self != nil && self.new != r.new:
			if cycle := cycleFrom(r, own); cycle != "" {
				f.Add(key("new_code"), apperr.M("reorg.err.cycle", "cycle", cycle))
			} else if self.new == "" {
				f.Add(key("new_code"), apperr.M("reorg.err.target_retired_here", "code", r.new, "line", self.line))
			} else {
				f.Add(key("new_code"), apperr.M("reorg.err.chain", "code", r.new, "successor", self.new, "line", self.line))
			}
			continue
		case exists && self == nil && r.name != "" && r.name != u.Name:
			f.Add(key("new_code"), apperr.M("reorg.err.name_collision", "code", r.new, "name", u.Name))
			continue
		}
		switch {
		case r.name == "":
		case t.name == "":
			t.name = r.name
		case r.name != t.name:
			f.Add(key("new_name"), apperr.M("reorg.err.name_mismatch", "line", t.line, "name", t.name))
		}
	}
	for _, t := range targets {
		if !t.exists && t.name == "" {
			f.Add(tabular.RowKey(t.line, "new_name"), apperr.M("reorg.err.name_required", "code", t.code))
		}
	}
	return targets
}

// cycleFrom follows the table's merges from r and returns the cycle it runs
// into, written "A → B → A", or "" when it ends.
func cycleFrom(r *lineRow, own map[string]*lineRow) string {
	path := []string{r.old}
	seen := map[string]bool{r.old: true}
	cur := r
	for cur != nil && cur.new != "" && cur.new != cur.old {
		path = append(path, cur.new)
		if seen[cur.new] {
			return strings.Join(path, " → ")
		}
		seen[cur.new] = true
		cur = own[cur.new]
	}
	return ""
}

// checkDates refuses a change that would take effect before one already
// recorded for the same unit, and lines into one unit on different dates.
func checkDates(f apperr.Fields, rows []*lineRow, st *reorgState) {
	first := map[string]*lineRow{}
	for _, r := range rows {
		if r.date == "" || (r.date > st.today && !st.schedule) {
			continue
		}
		key := tabular.RowKey(r.line, "effective_date")
		for _, code := range []string{r.old, r.new} {
			if last := st.latest[code]; code != "" && last > r.date {
				f.Add(key, apperr.M("reorg.err.before_existing", "code", code, "date", dmy(last)))
			}
		}
		if r.new == "" {
			continue
		}
		if p := first[r.new]; p == nil {
			first[r.new] = r
		} else if p.date != r.date {
			f.Add(key, apperr.M("reorg.err.date_mismatch", "line", p.line, "date", dmy(p.date)))
		}
	}
}

// buildPlan turns checked lines into the plan, with the units to create.
func buildPlan(rows []*lineRow, st *reorgState, targets map[string]*target) *Plan {
	p := &Plan{}
	created := map[string]bool{}
	for _, r := range rows {
		c := Change{Line: r.line, Kind: r.kind, OldCode: r.old, OldName: st.units[r.old].Name, NewCode: r.new, Effective: r.date, written: r.name}
		if t := targets[r.new]; t != nil {
			c.NewName = t.name
			c.Created = !t.exists
			if c.Created && !created[r.new] {
				created[r.new] = true
				p.Created = append(p.Created, newUnitInput(t, rows, st))
			}
		}
		if c.Kind == ChangeKeep {
			c.NewName = c.OldName
		}
		if c.Kind == ChangeRetire {
			p.Stranded = append(p.Stranded, st.people[c.OldCode]...)
		}
		p.Changes = append(p.Changes, c)
	}
	return p
}

// newUnitInput is a unit created by the table: its kind said by its name
// ("Xã …", "Phường …") or else its first predecessor's, and the cluster most
// of its predecessors share.
func newUnitInput(t *target, rows []*lineRow, st *reorgState) UnitInput {
	in := UnitInput{Code: t.code, Name: t.name, Kind: KindFromName(t.name)}
	votes := map[string]int{}
	best := ""
	for _, r := range rows {
		if r.new != t.code {
			continue
		}
		u := st.units[r.old]
		if in.Kind == "" {
			in.Kind = u.Kind
		}
		votes[u.Cluster]++
		if len(votes) == 1 || votes[u.Cluster] > votes[best] { // ties go to the first
			best = u.Cluster
		}
	}
	in.Cluster = best
	return in
}

// KindFromName reads a unit's kind from the word its Vietnamese name
// starts with, "" when the name does not say.
func KindFromName(name string) string {
	n := text.Fold(name)
	for _, p := range []struct{ prefix, kind string }{{"thi tran ", "town"}, {"phuong ", "ward"}, {"xa ", "commune"}} {
		if strings.HasPrefix(n, p.prefix) {
			return p.kind
		}
	}
	return ""
}

// parseEffective reads an effective date written dd/mm/yyyy (as Vietnamese
// documents do), yyyy-mm-dd, or as the day number a spreadsheet stores. In
// a spreadsheet, a cell typed as a date in the locale's short format (Excel's
// built-in format 14) is rendered by the spreadsheet library as mm-dd-yy
// whatever the locale, so that form is read month first there, and only
// there: in a CSV it would be ambiguous.
func parseEffective(s string, xlsx bool) (string, bool) {
	s = text.Clean(s)
	layouts := []string{"02/01/2006", "2/1/2006", time.DateOnly}
	if xlsx {
		layouts = append(layouts, "01-02-06")
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	// Excel counts days from 30 December 1899; 20000 is 1954, 80000 2119.
	if n, err := strconv.Atoi(s); err == nil && n >= 20000 && n <= 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly), true
	}
	return "", false
}

// dmy writes a stored day as dd/mm/yyyy for a message.
func dmy(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}
