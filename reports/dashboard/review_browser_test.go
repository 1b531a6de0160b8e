package dashboard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// A commune's officer opens the management-review pack from the unit's
// page on a tablet: it fits the screen, has no serious accessibility
// problem, and the year can be changed.
func TestBrowserReviewOnATablet(t *testing.T) {
	a := newApp(t)
	fair.build(t, a)
	users(a)
	if err := (&procedures.Store{DB: a.DB}).SaveFigures(context.Background(), procedures.Figures{Unit: "U001", Period: "2026-Q1",
		Received: 300, OnTime: 280, Late: 20, Paper: 200, Electronic: 150}); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Start(t)
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "auditee.u001"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
	browsertest.WaitFor(t, ctx, `location.pathname !== "/login"`)
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/dashboard/units/U001")
	browsertest.Do(t, ctx, "open the pack", chromedp.Click(chromedp.CSS("#du-review-link")))
	browsertest.WaitURL(t, ctx, "/dashboard/units/U001/review")
	browsertest.WaitFor(t, ctx, `document.documentElement.scrollWidth <= window.innerWidth`)
	if v := browsertest.SeriousViolations(t, ctx); len(v) > 0 {
		t.Errorf("accessibility: %v", v)
	}
	if got := browsertest.Text(t, ctx, "#rv-ncs"); !strings.Contains(got, "6 điểm không phù hợp") {
		t.Errorf("nonconformities %q", got)
	}
	if got := browsertest.Text(t, ctx, "#rv-figures"); !strings.Contains(got, "93,3%") || !strings.Contains(got, "dưới mục tiêu") {
		t.Errorf("dossier figures %q", got)
	}
	browsertest.Shot(t, ctx, "review")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#rv-ncs').scrollIntoView(), true)`)
	browsertest.Shot(t, ctx, "review-ncs")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#rv-figures').scrollIntoView(), true)`)
	browsertest.Shot(t, ctx, "review-figures")
	browsertest.WaitFor(t, ctx, `(document.querySelector('#rv-year').value = '2025', true)`)
	browsertest.Do(t, ctx, "change the year", chromedp.Click(chromedp.CSS(`#rv-period button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `location.search.includes('year=2025')`)
	if got := browsertest.Text(t, ctx, "#rv-results"); !strings.Contains(got, "Năm trước không có kết quả để so sánh.") {
		t.Errorf("2025 results %q", got)
	}
	if got := browsertest.Attr(t, ctx, "#rv-pdf", "href"); got != "/dashboard/units/U001/review.pdf?year=2025" {
		t.Errorf("PDF link %q", got)
	}
}
