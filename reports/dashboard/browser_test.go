package dashboard_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The office reads the dashboard on a tablet: it fits the screen, its
// charts are drawn with their accessible names, the lenient units are
// named, and filtering by a unit narrows the league table to it.
func TestBrowserDashboardOnATablet(t *testing.T) {
	a := newApp(t)
	w := world{units: 12, years: []int{2025, 2026}, rounds: 3, nc: func(_, _, auditor, _ int) int {
		if auditor == 2 || auditor == 5 {
			return 0
		}
		return 8
	}}
	ids := w.build(t, a)
	a.User("office", "office", "")
	ctx := browsertest.Start(t)
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "office"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
	browsertest.WaitFor(t, ctx, `location.pathname !== "/login"`)
	browsertest.Navigate(t, ctx, fmt.Sprintf("%s/dashboard?programme=%d", a.HTTP.URL, ids[2026]))
	browsertest.WaitFor(t, ctx, `document.querySelectorAll('svg.chart[role="img"]').length === 3`)
	browsertest.WaitFor(t, ctx, `document.documentElement.scrollWidth <= window.innerWidth`)
	browsertest.WaitFor(t, ctx, `document.querySelector('#chart-heat-t').textContent === 'Điểm không phù hợp theo điều khoản và đơn vị'`)
	if got := browsertest.Text(t, ctx, "#db-flagged-units"); !strings.Contains(got, "Xã Đức Thạnh số 2") || !strings.Contains(got, "Xã Đức Thạnh số 5") {
		t.Errorf("flagged units %q", got)
	}
	browsertest.Shot(t, ctx, "dashboard")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#db-unit').value = 'U007', true)`)
	browsertest.Do(t, ctx, "filter by unit", chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `location.search.includes('unit=U007')`)
	browsertest.WaitFor(t, ctx, `document.querySelectorAll('#db-league tbody tr').length === 1`)
	if got := browsertest.Text(t, ctx, "#db-league tbody tr"); !strings.Contains(got, "Xã Đức Thạnh số 7") {
		t.Errorf("filtered league %q", got)
	}
}
