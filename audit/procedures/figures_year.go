package procedures

import "strconv"

// LatestOfYear returns each unit's latest figures among the periods of
// one year (the year itself, its quarters or its months), by unit code, so
// that a programme's reader sees the figures of that programme's year.
func LatestOfYear(all []Figures, year int) map[string]Figures {
	y := strconv.Itoa(year)
	var in []Figures
	for _, f := range all {
		if len(f.Period) >= 4 && f.Period[:4] == y {
			in = append(in, f)
		}
	}
	return latestFigures(in)
}
