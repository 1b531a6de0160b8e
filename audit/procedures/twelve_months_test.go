package procedures

import "testing"

// T09's figure is the twelve months ending with the latest period stored,
// from periods inside them that cover each month once; without such a
// cover there is no figure rather than one of another length.
func TestLastTwelveMonths(t *testing.T) {
	f := func(period string, onTime int) Figures {
		return Figures{Unit: "u", Period: period, Received: onTime + 1, OnTime: onTime, Late: 1}
	}
	for _, c := range []struct {
		name   string
		stored []Figures
		onTime int
		end    string
		ok     bool
	}{
		{"a whole year", []Figures{f("2025", 100), f("2024", 7)}, 100, "2025-12", true},
		{"four quarters across a year", []Figures{f("2025-Q4", 10), f("2026-Q1", 20), f("2026-Q2", 30), f("2026-Q3", 40), f("2025", 999)}, 100, "2026-09", true},
		{"a quarter and its months", []Figures{f("2026-Q1", 20), f("2026-01", 5), f("2026-02", 5), f("2026-03", 10),
			f("2026-Q2", 30), f("2026-Q3", 40), f("2025-Q4", 10)}, 100, "2026-09", true},
		{"months and quarters mixed", []Figures{f("2025-10", 3), f("2025-11", 3), f("2025-12", 4), f("2026-Q1", 20), f("2026-Q2", 30), f("2026-Q3", 40)}, 100, "2026-09", true},
		{"the year before the latest quarters", []Figures{f("2025", 100), f("2026-Q1", 20), f("2026-Q2", 30), f("2026-Q3", 40)}, 0, "", false},
		{"a month missing", []Figures{f("2025-Q4", 10), f("2026-Q1", 20), f("2026-04", 5), f("2026-06", 5), f("2026-Q3", 40)}, 0, "", false},
		{"nothing stored", nil, 0, "", false},
	} {
		sum, end, ok := lastTwelveMonths(c.stored)
		if ok != c.ok || sum.OnTime != c.onTime || end != c.end {
			t.Errorf("%s: on time %d to %q (ok %v), want %d to %q (ok %v)", c.name, sum.OnTime, end, ok, c.onTime, c.end, c.ok)
		}
	}
}
