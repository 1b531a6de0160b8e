package dashboard_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The office reads the dashboard on a tablet: it fits the screen, its
// charts are drawn with their accessible names, the lenient units are
// named, the dossier figures are flagged below the target, and filtering by a unit narrows the league table to it.
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
	for _, f := range []procedures.Figures{
		{Unit: "U001", Period: "2026", Received: 12000, OnTime: 11000, Late: 1000, Paper: 9000, Electronic: 8000},
		{Unit: "U002", Period: "2026-Q1", Received: 300, OnTime: 300, Paper: 200, Electronic: 200},
	} {
		if err := (&procedures.Store{DB: a.DB}).SaveFigures(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
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
	if got := browsertest.Text(t, ctx, "#db-dossier-U001"); !strings.Contains(got, "91,7%") || !strings.Contains(got, "Dưới mục tiêu") {
		t.Errorf("U001's dossier figures %q", got)
	}
	if got := browsertest.Text(t, ctx, "#db-dossier-U003"); !strings.Contains(got, "Chưa có số liệu hồ sơ.") {
		t.Errorf("U003's dossier figures %q", got)
	}
	browsertest.Shot(t, ctx, "dashboard")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#db-dossiers').scrollIntoView(), true)`)
	browsertest.Shot(t, ctx, "dashboard-dossiers")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#db-unit').value = 'U007', true)`)
	browsertest.Do(t, ctx, "filter by unit", chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `location.search.includes('unit=U007')`)
	browsertest.WaitFor(t, ctx, `document.querySelectorAll('#db-league tbody tr').length === 1`)
	if got := browsertest.Text(t, ctx, "#db-league tbody tr"); !strings.Contains(got, "Xã Đức Thạnh số 7") {
		t.Errorf("filtered league %q", got)
	}
}
