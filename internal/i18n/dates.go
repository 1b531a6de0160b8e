package i18n

import (
	"fmt"
	"time"
)

// DateShort writes the day of t in Asia/Ho_Chi_Minh as "05/02/2026"; English
// pages use the same day-first form, which is how Vietnamese documents read.
func DateShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006")
}

// DateLong writes the day of t the way a Vietnamese document does,
// "ngày 05 tháng 02 năm 2026" (days 1–9 and months 1–2 take a leading zero),
// or "5 February 2026" in English.
func DateLong(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Zone)
	if lang == EN {
		return t.Format("2 January 2006")
	}
	month := fmt.Sprintf("%d", int(t.Month()))
	if t.Month() <= 2 {
		month = fmt.Sprintf("%02d", int(t.Month()))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// DateTime writes t as "05/02/2026 14:30" in Asia/Ho_Chi_Minh.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006 15:04")
}

// Day returns the calendar day of t in Asia/Ho_Chi_Minh as yyyy-mm-dd.
func Day(t time.Time) string { return t.In(Zone).Format(time.DateOnly) }

// ShowDay writes a stored day (yyyy-mm-dd) as people read it, dd/mm/yyyy;
// anything else comes back as it was.
func ShowDay(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}
