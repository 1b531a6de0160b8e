package text

import "time"

// ParseDay reads a day written as yyyy-mm-dd or the Vietnamese dd/mm/yyyy
// and returns it as yyyy-mm-dd.
func ParseDay(s string) (string, bool) {
	s = Clean(s)
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return s, false
}
