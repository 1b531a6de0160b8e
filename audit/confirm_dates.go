package audit

import (
	"time"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// RoundDates are the days the office chose in a round's preview, keyed by
// PairKey: they replace the scheduler's proposal for those pairs when the
// round is confirmed. The preview holds only the pairs, and the schedule is
// recomputed on every look, so the chosen days travel with the
// confirmation (its form, its JSON) and are checked again there.
type RoundDates map[string]string

// PairKey names a pair in RoundDates: "auditor->auditee".
func PairKey(p assign.Pair) string { return p.Auditor + "->" + p.Auditee }

// DateField is the field that names a pair's chosen day in a 422:
// "dates[auditor->auditee]", the same name the confirmation form posts.
func DateField(key string) string { return "dates[" + key + "]" }

// dayRefusal says why day cannot be an audit's day: not a date, a day off
// in the working-day calendar, or outside the window from..to (no window
// when either is ""). ok is false when the day is refused.
func dayRefusal(cal Calendar, day, from, to string) (apperr.Msg, bool) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return apperr.M("validation.date"), false
	}
	if !cal.IsWorkday(day) {
		return apperr.M("audit.day_off", "date", i18n.ShowDay(day)), false
	}
	if from != "" && to != "" && (day < from || day > to) {
		return apperr.M("audit.outside_window", "from", i18n.ShowDay(from), "to", i18n.ShowDay(to)), false
	}
	return apperr.Msg{}, true
}

// applyDates puts the chosen days over the scheduled ones, checking each
// against the calendar and the round's window; a key that names no pair of
// the round is refused too. Every refusal is reported at once, each under
// its pair's DateField. A chosen day equal to the scheduled one, or blank,
// keeps the schedule.
func applyDates(r *Round, days []string, chosen RoundDates, cal Calendar) error {
	f := apperr.Fields{}
	known := map[string]bool{}
	for i, p := range r.Pairs {
		key := PairKey(p)
		known[key] = true
		day, ok := chosen[key]
		if !ok || day == "" || day == days[i] {
			continue
		}
		if msg, ok := dayRefusal(cal, day, r.StartsOn, r.EndsOn); !ok {
			f.Add(DateField(key), msg)
			continue
		}
		days[i] = day
	}
	for key := range chosen {
		if !known[key] {
			f.Add(DateField(key), apperr.M("dates.not_a_pair"))
		}
	}
	return f.Err()
}
