package procedures

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/internal/text"
)

// readablePeriod is a period as people write it: "Quý III/2025", "quý 3
// 2025", "Q3/2025", "Tháng 09/2025", "9/2025".
var readablePeriod = regexp.MustCompile(`^(?:(quy|q)\s*([1-4]|i{1,3}|iv)|(?:thang\s*)?(0?[1-9]|1[0-2]))\s*[/ .-]\s*([12][0-9]{3})$`)

// StoredPeriod turns a period written the way people read it (the way the
// pages show it) into the stored form — 2025, 2025-Q3, 2025-09 — so that
// a form or a file may use either; anything else comes back trimmed, for
// Validate to name.
func StoredPeriod(s string) string {
	s = strings.TrimSpace(s)
	m := readablePeriod.FindStringSubmatch(strings.ToLower(text.Fold(s)))
	if m == nil {
		return s
	}
	year := m[4]
	if m[1] == "" {
		n, _ := strconv.Atoi(m[3])
		return fmt.Sprintf("%s-%02d", year, n)
	}
	q := map[string]string{"i": "1", "ii": "2", "iii": "3", "iv": "4"}[m[2]]
	if q == "" {
		q = m[2]
	}
	return year + "-Q" + q
}
