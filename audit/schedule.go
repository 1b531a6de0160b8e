package audit

import (
	"time"

	"github.com/crossaudit/crossaudit/audit/assign"
)

// Schedule gives each pair a planned day inside the window, on the working
// days of cal (no weekend unless a make-up day, no public holiday: nobody
// is audited on 1 January), spreading a round's audits evenly so that no
// auditing unit has two audits on one day when the window allows it.
func Schedule(pairs []assign.Pair, w RoundWindow, cal Calendar) []string {
	days := workingDays(w, cal)
	out := make([]string, len(pairs))
	if len(days) == 0 {
		for i := range out {
			out[i] = w.StartsOn
		}
		return out
	}
	// Auditing units start on successive days; a unit's k-th audit comes a
	// k-th of the window after its first, wrapping around.
	count := map[string]int{}
	for _, p := range pairs {
		count[p.Auditor]++
	}
	first := map[string]int{}
	done := map[string]int{}
	for i, p := range pairs {
		if _, ok := first[p.Auditor]; !ok {
			first[p.Auditor] = len(first)
		}
		stride := max(1, len(days)/count[p.Auditor])
		out[i] = days[(first[p.Auditor]+done[p.Auditor]*stride)%len(days)]
		done[p.Auditor]++
	}
	return out
}

func workingDays(w RoundWindow, cal Calendar) []string {
	start, err1 := time.Parse(time.DateOnly, w.StartsOn)
	end, err2 := time.Parse(time.DateOnly, w.EndsOn)
	if err1 != nil || err2 != nil {
		return nil
	}
	var days []string
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if cal.isWorkday(d) {
			days = append(days, d.Format(time.DateOnly))
		}
	}
	return days
}
