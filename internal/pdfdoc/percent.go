package pdfdoc

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Percent writes a percentage as the documents print it, with one decimal
// and a decimal comma in Vietnamese: "85,7%".
func Percent(lang string, p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}
