package audit

import "time"

// Calendar counts working days (DOMAIN.md): Monday to Friday, less the
// public holidays, plus the make-up working days the government sometimes
// sets on a weekend. Days are yyyy-mm-dd strings of Asia/Ho_Chi_Minh; the
// arithmetic runs on UTC midnights, so that no time zone or clock change
// can shift a day.
type Calendar struct {
	Holidays map[string]bool // days off that would be working days
	Workdays map[string]bool // make-up working days on a weekend
}

// IsWorkday reports whether day (yyyy-mm-dd) is a working day. A day that
// does not parse is not one.
func (c Calendar) IsWorkday(day string) bool {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return false
	}
	return c.isWorkday(t)
}

func (c Calendar) isWorkday(t time.Time) bool {
	d := t.Format(time.DateOnly)
	if c.Workdays[d] {
		return true
	}
	if c.Holidays[d] {
		return false
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the n-th working day after day (day itself never
// counts): with n = 15 and day the submission, the plan's due date. For
// n < 0 it counts back: the n-th working day before day. n = 0 returns day.
// Returns "" for a day that does not parse.
func (c Calendar) AddWorkdays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if c.isWorkday(t) {
			n--
		}
	}
	return t.Format(time.DateOnly)
}

// RemindFrom is the first day of reminders for a due date: the m-th
// working day before it.
func (c Calendar) RemindFrom(due string, m int) string { return c.AddWorkdays(due, -m) }

// AddDays adds calendar days to a yyyy-mm-dd day; "" when it does not parse.
func AddDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}
