package org

import (
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// pendingLine is a line of a change table scheduled and not yet applied.
type pendingLine struct {
	schedule             int64
	date, kind, old, new string
}

// retires reports whether the line ends its old unit (merged or dissolved).
func (p pendingLine) retires() bool { return p.kind == ChangeMerge || p.kind == ChangeRetire }

// touches reports whether the line changes code or merges units into it.
func (p pendingLine) touches(code string) bool { return code != "" && (p.old == code || p.new == code) }

// checkScheduleDate returns the effective date of a table that takes effect
// after today, "" for one that applies now. Such a table is applied on one
// day, so every line must carry that date: a table mixing days would be
// half applied in between. A future line in a table that otherwise applies
// now is named as such; among future lines, those that differ from the
// first.
func checkScheduleDate(f apperr.Fields, rows []*lineRow, st *reorgState) string {
	var first, past *lineRow
	for _, r := range rows {
		switch {
		case r.date == "":
		case r.date > st.today && first == nil:
			first = r
		case r.date <= st.today && past == nil:
			past = r
		}
	}
	if first == nil || !st.schedule {
		return ""
	}
	for _, r := range rows {
		key := tabular.RowKey(r.line, "effective_date")
		switch {
		case r.date == "" || r.date == first.date:
			if past != nil && r.date != "" {
				f.Add(key, apperr.M("reorg.err.future_mixed", "date", dmy(r.date), "line", past.line))
			}
		case r.date > st.today:
			if past != nil {
				f.Add(key, apperr.M("reorg.err.future_mixed", "date", dmy(r.date), "line", past.line))
			} else {
				f.Add(key, apperr.M("reorg.err.schedule_one_date", "line", first.line, "date", dmy(first.date)))
			}
		}
	}
	return first.date
}

// checkPending refuses a line that contradicts a scheduled change: one that
// would take effect before a scheduled change of the same unit (the
// scheduled one was checked against the units as they are now), one that
// names a unit a scheduled change merges or dissolves by then, and a
// merger that with a scheduled one would make a cycle.
func checkPending(f apperr.Fields, rows []*lineRow, st *reorgState) {
	for _, r := range rows {
		if r.date == "" {
			continue
		}
		key := func(col string) string { return tabular.RowKey(r.line, col) }
		for _, p := range st.pending {
			switch {
			case p.date > r.date && (p.touches(r.old) || p.touches(r.new)):
				code := r.old
				if !p.touches(code) {
					code = r.new
				}
				f.Add(key("effective_date"), apperr.M("reorg.err.before_scheduled", "code", code, "date", dmy(p.date), "id", p.schedule))
			case !p.retires():
			case p.old == r.old:
				f.Add(key("old_code"), apperr.M("reorg.err.scheduled_retired", "code", r.old, "date", dmy(p.date), "id", p.schedule))
			case p.old == r.new && r.new != r.old && p.new == r.old:
				f.Add(key("new_code"), apperr.M("reorg.err.scheduled_cycle", "cycle", r.old+" → "+r.new+" → "+r.old, "date", dmy(p.date), "id", p.schedule))
			case p.old == r.new && r.new != r.old:
				f.Add(key("new_code"), apperr.M("reorg.err.scheduled_retired", "code", r.new, "date", dmy(p.date), "id", p.schedule))
			}
		}
	}
}
