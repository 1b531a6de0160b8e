package reconcile_test

import (
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"01/01/2025", day(2025, 1, 1)},
		{"1/1/2025", day(2025, 1, 1)},
		{"5/11/2024", day(2024, 11, 5)}, // day first, as written in Vietnam
		{"29/02/2024", day(2024, 2, 29)},
		{"05-11-2024", day(2024, 11, 5)},
		{"05.11.2024", day(2024, 11, 5)},
		{" 2025-01-01 ", day(2025, 1, 1)},
		{"2024-02-29", day(2024, 2, 29)},
		{"45658", day(2025, 1, 1)},
		{"45658.75", day(2025, 1, 1)}, // a date-time cell: the time is dropped
		{"1", day(1900, 1, 1)},
		{"59", day(1900, 2, 28)}, // before Excel's phantom 29/02/1900
		{"61", day(1900, 3, 1)},  // after it: one day less than a naive count
		{"2958465", day(9999, 12, 31)},
	} {
		got, err := reconcile.ParseDate(tc.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", "31/02/2024", "29/02/2023", "32/01/2025", "01/13/2025", "00/01/2025",
		"2025-02-30", "2025-13-01", "1/1/25", "2025/1", "1/2/3/2025", "01/01-2025",
		"60", // Excel's 29/02/1900, which never existed
		"0", "2958466", "99999999999999999999", "45658,5", "-45658", "1e5",
		"tháng 1", "2025-01-01T00:00:00", "01/01/0001", "0001-01-01", "31/12/1899",
	} {
		if got, err := reconcile.ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, got.Format(time.DateOnly))
		}
	}
}

func TestParseDateErrorQuotesInput(t *testing.T) {
	_, err := reconcile.ParseDate("31/02/2024")
	if got, want := err.Error(), `cannot read date "31/02/2024"`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}
