package i18n

import (
	"regexp"
	"strconv"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

var storedPeriod = regexp.MustCompile(`^([12][0-9]{3})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$`)

var romanQuarter = [...]string{"", "I", "II", "III", "IV"}

// PeriodMsg is a stored period (a year "2026", a quarter "2026-Q1", a month
// "2026-09") as people read it: "Quý I/2026" and "Tháng 09/2026" in
// Vietnamese, "Q1 2026" and "09/2026" in English. A message rather than a
// string, so that it can be a placeholder's value in any language; anything
// else comes back as it is.
func PeriodMsg(s string) apperr.Msg {
	m := storedPeriod.FindStringSubmatch(s)
	switch {
	case m == nil:
		return apperr.M("words.as_is", "text", s)
	case m[2] != "":
		q, _ := strconv.Atoi(m[2])
		return apperr.M("words.period.quarter", "year", m[1], "n", q, "roman", romanQuarter[q])
	case m[3] != "":
		return apperr.M("words.period.month", "year", m[1], "mm", m[3])
	}
	return apperr.M("words.as_is", "text", m[1])
}

// Period writes a stored period in lang (see PeriodMsg).
func (c *Catalog) Period(lang, s string) string { return c.Msg(lang, PeriodMsg(s)) }
