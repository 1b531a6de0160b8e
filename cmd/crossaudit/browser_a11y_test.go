package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
)

// Every kind of page a demo login opens, at the tablet viewport, has no
// serious or critical accessibility violation by axe-core's WCAG 2.1 A/AA
// rules. The pages are those of the page sweep, so a new page is checked as
// soon as it is added there; each template is checked once (axe takes
// seconds a page), except the home page, which differs by role.
func TestBrowserEveryPageIsAccessible(t *testing.T) {
	a := demoApp(t)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())

	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	waitPath(t, ctx, "/login")
	report(t, "/login", browsertest.SeriousViolations(t, ctx))

	checked := map[string]bool{"login": true}
	for _, login := range []string{"office", "auditor.24961", "auditee.24961"} {
		role, _, _ := strings.Cut(login, ".")
		browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
		signIn(t, ctx, login)
		waitPath(t, ctx, "/")
		for _, v := range sweepFor(t, a, role) {
			if v.status != 200 {
				continue
			}
			browsertest.Navigate(t, ctx, a.HTTP.URL+v.path)
			page := browsertest.Attr(t, ctx, "body", "data-page")
			if checked[page] && page != "home" {
				continue
			}
			checked[page] = true
			report(t, login+" "+v.path, browsertest.SeriousViolations(t, ctx))
		}
		browsertest.Navigate(t, ctx, a.HTTP.URL+"/")
		browsertest.Do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`button[data-logout]`)))
		waitPath(t, ctx, "/login")
	}
}

func report(t *testing.T, page string, violations []browsertest.Violation) {
	t.Helper()
	for _, v := range violations {
		t.Errorf("%s: %s", page, v)
	}
}
