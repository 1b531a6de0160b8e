package reports

import "strings"

// NormalizeCode reads a verification code as a person may type it: any
// case, spaces around it, the dash optional.
func NormalizeCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, " ", "")
	if len(s) == 10 && !strings.Contains(s, "-") {
		s = s[:5] + "-" + s[5:]
	}
	return s
}
