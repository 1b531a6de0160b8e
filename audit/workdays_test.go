package audit

import "testing"

func TestCalendarWorkdays(t *testing.T) {
	cal := Calendar{
		// Tết 2026 (16-20 Feb, Mon-Fri) and 30/4-1/5 (Thu, Fri).
		Holidays: map[string]bool{"2026-02-16": true, "2026-02-17": true, "2026-02-18": true, "2026-02-19": true, "2026-02-20": true,
			"2026-04-30": true, "2026-05-01": true, "2025-04-30": true, "2025-05-01": true, "2025-05-02": true},
		// A make-up Saturday.
		Workdays: map[string]bool{"2025-04-26": true},
	}
	tests := []struct {
		name string
		day  string
		n    int
		want string
	}{
		{"zero is the day itself", "2026-03-04", 0, "2026-03-04"},
		{"next working day from a Wednesday", "2026-03-04", 1, "2026-03-05"},
		{"Friday to Monday skips the weekend", "2026-03-06", 1, "2026-03-09"},
		{"a Saturday counts from Monday", "2026-03-07", 1, "2026-03-09"},
		{"15 working days, three weekends", "2026-03-02", 15, "2026-03-23"},
		{"a week of Tết is skipped", "2026-02-13", 1, "2026-02-23"},
		{"15 working days across Tết", "2026-02-10", 15, "2026-03-10"},
		{"the holidays of 30/4 and 1/5", "2026-04-29", 1, "2026-05-04"},
		{"a make-up Saturday counts", "2025-04-25", 1, "2025-04-26"},
		{"then 30/4-2/5 and a weekend are skipped", "2025-04-26", 3, "2025-05-05"},
		{"back 3 working days", "2026-03-23", -3, "2026-03-18"},
		{"back across a weekend", "2026-03-09", -1, "2026-03-06"},
		{"back across Tết", "2026-02-23", -1, "2026-02-13"},
		{"month and year ends", "2026-12-31", 1, "2027-01-01"},
		{"not a date", "31/12/2026", 1, ""},
	}
	for _, tt := range tests {
		if got := cal.AddWorkdays(tt.day, tt.n); got != tt.want {
			t.Errorf("%s: AddWorkdays(%s, %d) = %q, want %q", tt.name, tt.day, tt.n, got, tt.want)
		}
	}
	for day, want := range map[string]bool{"2026-03-04": true, "2026-03-07": false, "2026-02-18": false, "2025-04-26": true, "x": false} {
		if got := cal.IsWorkday(day); got != want {
			t.Errorf("IsWorkday(%s) = %v", day, got)
		}
	}
	if got := cal.RemindFrom("2026-03-09", 3); got != "2026-03-04" {
		t.Errorf("RemindFrom = %s", got)
	}
}
