package checklist_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The office edits the built-in checklist on a 768×1024 touch tablet:
// signs in through the form, starts a draft, rewords and retargets T03,
// moves it up, publishes after confirming, and the store holds version 2.
func TestBrowserEditAndPublishOnATablet(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "vi-VN,vi;q=0.9"}})
		return err
	}))
	acceptDialogs(t, ctx)

	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	browsertest.Do(t, ctx, "sign in as office",
		chromedp.SendKeys(chromedp.CSS("#username"), "office"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	waitPath(t, ctx, "/")

	base := "/checklists/" + itoa(id)
	browsertest.Navigate(t, ctx, a.HTTP.URL+base)
	browsertest.Do(t, ctx, "start a draft", chromedp.Click(chromedp.CSS(`form[action="`+base+`/draft"] button`)))
	waitPath(t, ctx, base+"/draft")
	fitsTablet(t, ctx, "draft editor")
	browsertest.Shot(t, ctx, "checklist-draft-768")

	browsertest.Do(t, ctx, "open T03", chromedp.Click(chromedp.CSS(`a[href="`+base+`/draft/items/T03"]`)))
	waitPath(t, ctx, base+"/draft/items/T03")
	fitsTablet(t, ctx, "item form")
	const reworded = "Số TTHC đang có hiệu lực nhưng chưa công khai trên Cổng dịch vụ công là bao nhiêu?"
	browsertest.Do(t, ctx, "reword and retarget T03",
		chromedp.Clear(chromedp.CSS("#f-text_vi")),
		chromedp.SendKeys(chromedp.CSS("#f-text_vi"), reworded),
		chromedp.Clear(chromedp.CSS("#f-target")),
		chromedp.SendKeys(chromedp.CSS("#f-target"), "≤ 0"))
	browsertest.Shot(t, ctx, "checklist-item-768")
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.CSS("#save-item")))
	waitPath(t, ctx, base+"/draft")
	if got := browsertest.Text(t, ctx, "#item-T03 .cl-text"); got != reworded {
		t.Errorf("T03 reads %q after saving", got)
	}
	browsertest.Do(t, ctx, "move T03 up", chromedp.Click(chromedp.CSS(`#item-T03 button[value="up"]`)))
	waitFor(t, ctx, `document.querySelector("#item-T03") && document.querySelector("#item-T03").nextElementSibling && document.querySelector("#item-T03").nextElementSibling.id === "item-C25"`)

	browsertest.Do(t, ctx, "publish, confirming", chromedp.Click(chromedp.CSS("#publish")))
	waitPath(t, ctx, base)
	if got := browsertest.Text(t, ctx, ".flash"); !strings.Contains(got, "phiên bản 2") {
		t.Errorf("flash after publishing: %q", got)
	}
	fitsTablet(t, ctx, "checklist page")
	browsertest.Shot(t, ctx, "checklist-view-768")
	browsertest.Navigate(t, ctx, a.HTTP.URL+base+"/print")
	browsertest.Shot(t, ctx, "checklist-print-768")

	v, err := (&checklist.Store{DB: a.DB}).Published(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	t03, _ := v.Item("T03")
	c25, _ := v.Item("C25")
	if v.Number != 2 || t03.TextVI != reworded || t03.Target != "<=0" || t03.Position != c25.Position-1 {
		t.Errorf("published v%d: T03 %+v (C25 at %d)", v.Number, t03, c25.Position)
	}
}

// acceptDialogs answers yes to every confirm() the pages ask.
func acceptDialogs(t *testing.T, ctx context.Context) {
	dialogs := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			if _, err := chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				t.Log("dialog:", err)
			}
		}
	}()
}

// waitPath waits for a page at path to have loaded.
func waitPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	waitFor(t, ctx, `location.pathname === "`+path+`"`)
}

func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, cond)
}

// fitsTablet checks that nothing scrolls sideways and that every visible
// control is large enough to touch (44 px); a radio button or a checkbox is
// touched through its label.
func fitsTablet(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("%s scrolls sideways (%v)", where, err)
	}
	small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main a.btn, main button, main input:not([type=hidden]), main select, main textarea"))
		.filter(e => e.offsetParent !== null)
		.map(e => (e.type === "radio" || e.type === "checkbox") && e.closest("label") ? e.closest("label") : e)
		.filter(e => { const r = e.getBoundingClientRect(); return r.height < 43.5 || r.width < 43.5; })
		.map(e => e.outerHTML.slice(0, 80))`))
	if err != nil || len(small) > 0 {
		t.Errorf("%s has controls too small to touch (%v): %v", where, err, small)
	}
}
