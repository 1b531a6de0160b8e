package reconcile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Excel's 1900 date system counts 1900-01-01 as serial 1 but also counts a
// 29 February 1900 that never existed (serial 60), a bug kept from Lotus
// 1-2-3. From serial 61 (1900-03-01) on, serial n is therefore n days after
// 1899-12-30; below 60 it is n days after 1899-12-31.
const (
	excelLeapBugSerial = 60
	excelMaxSerial     = 2958465 // 9999-12-31, the last date Excel shows
	// excel1904Offset converts a serial of the 1904 date system (older Excel
	// for Mac, where serial 0 is 1904-01-01) to the 1900 system.
	excel1904Offset = 1462
	// minYear is the first year a written date may have: the first of
	// Excel's calendar, long before any procedure in force.
	minYear = 1900
)

var (
	excelEpoch      = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	excelEarlyEpoch = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
)

// ParseDate reads a calendar date written as dd/mm/yyyy or d/m/yyyy (with
// '/', '-' or '.' between the parts), as ISO yyyy-mm-dd, or as an Excel
// serial number of the 1900 date system (a time of day after the decimal
// point is dropped). It returns midnight UTC of that day. Days that do not
// exist, such as 31/02/2024 or Excel's serial 60, are errors, and so are
// years before 1900.
func ParseDate(s string) (time.Time, error) {
	return parseDate(s, false)
}

// parseDate is ParseDate for a workbook that may use the 1904 date system.
func parseDate(s string, date1904 bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	if isSerial(s) {
		return fromSerial(s, date1904)
	}
	t, ok := fromParts(s)
	if !ok {
		return time.Time{}, fmt.Errorf("cannot read date %q", s)
	}
	if t.Year() < minYear {
		// Such dates are mostly placeholders from other systems (0001-01-01
		// is .NET's and Go's zero date); accepting one would hide a gap.
		return time.Time{}, fmt.Errorf("cannot read date %q: years before %d are not accepted", s, minYear)
	}
	return t, nil
}

// isSerial reports whether s is digits, optionally followed by a decimal
// part, as Excel writes a date cell's raw value.
func isSerial(s string) bool {
	whole, frac, hasFrac := strings.Cut(s, ".")
	return allDigits(whole) && (!hasFrac || allDigits(frac))
}

// fromSerial converts an Excel serial number to a date.
func fromSerial(s string, date1904 bool) (time.Time, error) {
	whole, _, _ := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err == nil && date1904 && n <= excelMaxSerial {
		n += excel1904Offset
	}
	switch {
	case err != nil || n < 1 || n > excelMaxSerial:
		return time.Time{}, fmt.Errorf("cannot read date %q: Excel serial numbers run from 1 to %d", s, excelMaxSerial)
	case n == excelLeapBugSerial:
		return time.Time{}, fmt.Errorf("cannot read date %q: Excel serial 60 stands for 29/02/1900, a day that does not exist", s)
	case n < excelLeapBugSerial:
		return excelEarlyEpoch.AddDate(0, 0, n), nil
	default:
		return excelEpoch.AddDate(0, 0, n), nil
	}
}

// fromParts reads y-m-d (four-digit year first) or d/m/y (four-digit year
// last) with one separator used throughout, and checks that the day exists.
func fromParts(s string) (time.Time, bool) {
	sep := strings.IndexAny(s, "/-.")
	if sep < 0 {
		return time.Time{}, false
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 {
		return time.Time{}, false
	}
	var y, m, d string
	switch {
	case len(parts[0]) == 4 && len(parts[2]) <= 2:
		y, m, d = parts[0], parts[1], parts[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2:
		d, m, y = parts[0], parts[1], parts[2]
	default:
		return time.Time{}, false
	}
	if len(m) > 2 || !allDigits(y) || !allDigits(m) || !allDigits(d) {
		return time.Time{}, false
	}
	return civilDate(atoi(y), atoi(m), atoi(d))
}

// civilDate builds the date and rejects days time.Date would normalise,
// such as 31 February becoming 2 March.
func civilDate(y, m, d int) (time.Time, bool) {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
