package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The audit page comes without its items' fields: an item opened online
// gets them (with the answer already stored), and after one online load
// an item never opened before opens with its fields offline, from the
// service worker's copy of /audits/{id}/forms.
func TestBrowserItemFieldsComeWhenOpenedAndOffline(t *testing.T) {
	e := newOfflineEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	lead := e.app.Login("auditor.A", webtest.Password)
	for _, a := range [][2]string{{"C40", "Sổ theo dõi có từ tháng 3"}, {"C41", "Biên bản họp xem xét đầy đủ"}} {
		if resp, _ := lead.Form(page+"/answers/"+a[0], url.Values{"result": {"conform"}, "note": {a[1]}, "version": {"0"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer %s: %d", a[0], resp.StatusCode)
		}
	}
	served := logRequests(e)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, base+page)
	openControlled(t, ctx, base+page) // under the worker, which keeps page and fields

	if n := evalString(t, ctx, `String(document.querySelectorAll("textarea[name=note]").length)`); n != "0" {
		t.Errorf("%s notes drawn at load, want none", n)
	}
	browsertest.Do(t, ctx, "open C40", chromedp.Click(chromedp.CSS(`#item-C40 [data-toggle]`)))
	poll(t, ctx, "C40's fields", `(() => { const n = document.querySelector("#item-C40 #n-C40");
		return !!n && n.value === "Sổ theo dõi có từ tháng 3" && n.offsetParent !== null && !!document.querySelector("#item-C40 #cam-C40"); })()`)
	poll(t, ctx, "the fields kept by the worker", `(caches.match(location.origin + "`+page+`/forms").then(r => { window.formsKept = !!r; }), window.formsKept === true)`)

	setOffline(t, ctx, true)
	served.setCut(true)
	before := served.len()
	openControlled(t, ctx, base+page)
	browsertest.Do(t, ctx, "open C41 offline", chromedp.Click(chromedp.CSS(`#item-C41 [data-toggle]`)))
	poll(t, ctx, "C41's fields offline", `(() => { const n = document.querySelector("#item-C41 #n-C41");
		return !!n && n.value === "Biên bản họp xem xét đầy đủ" && n.offsetParent !== null; })()`)
	// A result tapped offline on an item never opened: its note is asked
	// for where the auditor works, and the change waits in the queue.
	browsertest.Do(t, ctx, "a finding on C42 offline", chromedp.Click(chromedp.CSS(`#item-C42 label.result-minor`)))
	poll(t, ctx, "C42 open, its evidence asked for, queued", `(() => { const n = document.querySelector("#item-C42 #n-C42");
		return !!n && n.getAttribute("aria-required") === "true" && document.activeElement === n && `+itemState("C42")+` === "queued"; })()`)
	for _, r := range served.since(before) {
		if strings.HasPrefix(r, "GET /audits/") {
			t.Errorf("%s reached the server while the tablet was offline", r)
		}
	}
}
