package main

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

var (
	// hiddenParts are what a person does not read on a page: scripts,
	// styles, the text inside tags (attribute values, input values
	// included), what a <textarea> holds as typed, and the trail's stored
	// data, which the administrator may unfold as technical details.
	hiddenParts = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<textarea.*?</textarea>|<details class="trail-raw">.*?</details>|<[^>]*>`)
	isoDay      = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	isoQuarter  = regexp.MustCompile(`\b\d{4}-Q[1-4]\b`)
	// shortDay is a d/m/yyyy whose day or month lacks its leading zero.
	shortDay = regexp.MustCompile(`(?:^|[^\d/])(\d/\d{1,2}/\d{4}|\d{1,2}/\d/\d{4})\b`)
)

// visibleText is the text a person reads on a page.
func visibleText(body string) string {
	return html.UnescapeString(hiddenParts.ReplaceAllString(body, " "))
}

// badDates returns the dates and quarters of a page's visible text that
// are not written the one way: dd/mm/yyyy and "Quý I/2026" ("Q1 2026").
func badDates(body string) []string {
	text := visibleText(body)
	var out []string
	out = append(out, isoDay.FindAllString(text, -1)...)
	out = append(out, isoQuarter.FindAllString(text, -1)...)
	for _, m := range shortDay.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestEveryPageWritesDatesOneWay opens every page of the sweep as each kind
// of demo login, in Vietnamese and in English, and checks that no date is
// shown as 2026-12-05 or 5/12/2026 and no quarter as 2026-Q1.
func TestEveryPageWritesDatesOneWay(t *testing.T) {
	a := demoApp(t)
	for _, lang := range i18n.Langs {
		for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
			role, _, _ := strings.Cut(login, ".")
			t.Run(lang+"/"+login, func(t *testing.T) {
				c := a.Login(login, demo.Password)
				c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
				for _, v := range sweepFor(t, a, role) {
					_, body := c.Page(v.path)
					if bad := badDates(body); len(bad) > 0 {
						t.Errorf("%s shows dates %q", v.path, bad)
					}
				}
			})
		}
	}
}

// TestBadDatesFindsEachWrongForm keeps the checker honest.
func TestBadDatesFindsEachWrongForm(t *testing.T) {
	for body, want := range map[string]int{
		`<p>Hạn 2026-12-05</p>`:                   1,
		`<p>Quý 2026-Q1</p>`:                      1,
		`<td>5/12/2026</td>`:                      1,
		`<td>15/1/2026</td>`:                      1,
		`<td>05/12/2026 và Quý I/2026</td>`:       0,
		`<input type="date" value="2026-12-05">`:  0,
		`<a href="/x?from=2026-12-05">Lọc</a>`:    0,
		`<script>var d = "2026-12-05";</script>`:  0,
		`<td>Số 12/2026/QĐ</td><td>1.004120</td>`: 0,
	} {
		if got := len(badDates(body)); got != want {
			t.Errorf("%s: %d bad dates, want %d", body, got, want)
		}
	}
}
