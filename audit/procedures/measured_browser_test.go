package procedures_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// On a tablet, on the demo: the lead of an audit in progress, whose T01 =
// 0 contradicts the reconciliation, types the system's figure into T01 and
// the warning goes; types 0 again and it comes back, with both numbers,
// without a reload.
func TestBrowserMeasuredWarning(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	a := webtest.NewOn(t, demotest.Open(t), mountMeasured)
	id, _, lead := auditOf(t, a, "in_progress")
	ctx := browsertest.Start(t)
	signIn(t, ctx, a.HTTP.URL, lead)
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/audits/"+id)
	box := `#item-T01 [data-measured]`
	browsertest.WaitFor(t, ctx, `!document.querySelector("`+box+`").hidden`)
	system := browsertest.Attr(t, ctx, box, "data-system")
	browsertest.Do(t, ctx, "open T01", chromedp.Click(chromedp.CSS(`#item-T01 [data-toggle]`)))
	browsertest.WaitFor(t, ctx, `!!document.querySelector("#v-T01")`)
	selectValue(t, ctx)
	browsertest.Do(t, ctx, "type the system's figure into T01", chromedp.SendKeys(chromedp.CSS(`#v-T01`), system))
	browsertest.WaitFor(t, ctx, `document.querySelector("`+box+`").hidden`)
	selectValue(t, ctx)
	browsertest.Do(t, ctx, "type 0 again", chromedp.SendKeys(chromedp.CSS(`#v-T01`), "0"))
	browsertest.WaitFor(t, ctx, `!document.querySelector("`+box+`").hidden`)
	browsertest.Do(t, ctx, "scroll to T01", chromedp.ScrollIntoView(chromedp.CSS(`#item-T01`)))
	browsertest.Shot(t, ctx, "audit-measured-warning-768")
	if got := browsertest.Text(t, ctx, box); !strings.Contains(got, "Bạn ghi 0; hệ thống đối chiếu ghi "+system+" chênh lệch") {
		t.Errorf("T01's warning reads %q, want both 0 and %s", got, system)
	}
}

// selectValue selects what T01's value field holds, so that the keys typed
// next replace it.
func selectValue(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector("#v-T01"); e.focus(); e.select(); return true })()`)); err != nil {
		t.Fatal(err)
	}
}
