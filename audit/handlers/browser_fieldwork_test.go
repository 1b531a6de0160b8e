package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func evalFloat(t *testing.T, ctx context.Context, expr string) float64 {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return f
}

// top is where an element is on screen (a CSS selector).
func top(t *testing.T, ctx context.Context, sel string) float64 {
	t.Helper()
	return evalFloat(t, ctx, `document.querySelector("`+sel+`").getBoundingClientRect().top`)
}

// waitResult waits until the database holds the result for the item.
func waitResult(t *testing.T, e *conductEnv, item, result string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if got, _, _ := e.stored(t, item); got == result {
			return
		}
		if time.Now().After(deadline) {
			got, _, _ := e.stored(t, item)
			t.Fatalf("%s stored %q, want %q", item, got, result)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// With "Chưa trả lời" on, the auditor taps "Không phù hợp nhẹ": the item
// stays where it is, open, its note marked as the evidence it needs and
// focused, and the bar says what is missing instead of "all saved". It
// goes once she moves to the next item, and that one does not move under
// her finger. A measured value that misses the target with "Phù hợp" asks
// for the reason at once, before any reply from the server.
func TestBrowserFindingStaysAndRequiredFieldsAreMarked(t *testing.T) {
	e := newConductEnv(t)
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/audits/%d", e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	browsertest.Navigate(t, ctx, base+page)
	poll(t, ctx, "the script", `document.documentElement.classList.contains("js-audit")`)

	browsertest.Do(t, ctx, "show unanswered", chromedp.Click(chromedp.CSS(`[data-show-link="unanswered"]`)))
	browsertest.Do(t, ctx, "bring C02 on screen", chromedp.ScrollIntoView(chromedp.CSS(`#item-C02 label.result-minor`)))
	before := top(t, ctx, "#item-C02 label.result-minor")
	browsertest.Do(t, ctx, "C02 is a minor nonconformity", chromedp.Click(chromedp.CSS(`#item-C02 label.result-minor`)))
	waitResult(t, e, "C02", "minor")
	poll(t, ctx, "C02 saved", savedState("C02"))
	time.Sleep(300 * time.Millisecond) // room for a wrong hide
	if got := evalString(t, ctx, `document.getElementById("item-C02").offsetParent === null ? "hidden" : "shown"`); got != "shown" {
		t.Fatal("the unanswered filter hid C02 as soon as it was answered")
	}
	if after := top(t, ctx, "#item-C02 label.result-minor"); after < before-1 || after > before+1 {
		t.Errorf("C02's button moved from %.0f to %.0f px under the finger", before, after)
	}
	note := `document.getElementById("n-C02")`
	if got := evalString(t, ctx, `document.activeElement ? document.activeElement.id : ""`); got != "n-C02" {
		t.Errorf("the focus is on %q, not on C02's evidence", got)
	}
	if got := evalString(t, ctx, note+`.getAttribute("aria-required") + " " + `+note+`.getAttribute("aria-invalid")`); got != "true true" {
		t.Errorf("C02's note: aria-required aria-invalid = %q", got)
	}
	msg := evalString(t, ctx, `(document.getElementById(`+note+`.getAttribute("aria-describedby")) || {}).textContent || ""`)
	if !strings.Contains(msg, "bằng chứng") {
		t.Errorf("C02's note is described by %q", msg)
	}
	if got := browsertest.Text(t, ctx, `#item-C02 label[for="n-C02"]`); !strings.Contains(got, "bắt buộc") {
		t.Errorf("C02's note label reads %q", got)
	}
	bar := browsertest.Text(t, ctx, "[data-save-all]")
	if !strings.Contains(bar, "còn thiếu bằng chứng ở C02") || strings.Contains(bar, "Đã lưu tất cả") {
		t.Errorf("the bar says %q with C02's evidence missing", bar)
	}
	browsertest.Shot(t, ctx, "fieldwork-evidence-required-768")

	// The evidence written, the mark goes.
	browsertest.Do(t, ctx, "write the evidence", chromedp.SendKeys(chromedp.CSS(`#n-C02`), "Chưa có danh mục bên quan tâm"))
	waitStored(t, e, "C02", "Chưa có danh mục bên quan tâm")
	poll(t, ctx, "the mark gone", note+`.getAttribute("aria-invalid") === null && document.querySelector("[data-save-all]").textContent === "Đã lưu tất cả"`)

	// Moving on: C02 goes, C03 stays under the finger.
	browsertest.Do(t, ctx, "bring C03 on screen", chromedp.ScrollIntoView(chromedp.CSS(`#item-C03 label.result-conform`)))
	before = top(t, ctx, "#item-C03 label.result-conform")
	browsertest.Do(t, ctx, "C03 conforms", chromedp.Click(chromedp.CSS(`#item-C03 label.result-conform`)))
	poll(t, ctx, "C02 hidden, C03 shown", `document.getElementById("item-C02").offsetParent === null && document.getElementById("item-C03").offsetParent !== null`)
	if after := top(t, ctx, "#item-C03 label.result-conform"); after < before-1 || after > before+1 {
		t.Errorf("C03's button moved from %.0f to %.0f px under the finger when C02 went", before, after)
	}

	// T09 (target ≥98): "Phù hợp" with 90 needs the reason, marked at once.
	browsertest.Do(t, ctx, "show all", chromedp.Click(chromedp.CSS(`[data-show-link=""]`)))
	browsertest.Do(t, ctx, "T09 conforms", chromedp.Click(chromedp.CSS(`#item-T09 label.result-conform`)))
	poll(t, ctx, "T09's figure asked", `document.getElementById("v-T09").getAttribute("aria-invalid") === "true"`)
	browsertest.Do(t, ctx, "T09's figure", chromedp.SendKeys(chromedp.CSS(`#v-T09`), "90"))
	reason := `document.getElementById("r-T09")`
	poll(t, ctx, "T09's reason asked", `!document.querySelector("#item-T09 [data-reason]").hidden && `+reason+`.getAttribute("aria-required") === "true" && `+
		reason+`.getAttribute("aria-invalid") === "true" && document.querySelector("[data-save-all]").textContent.includes("T09")`)
	if msg := evalString(t, ctx, `document.getElementById(`+reason+`.getAttribute("aria-describedby")).textContent`); !strings.Contains(msg, "lý do") {
		t.Errorf("T09's reason is described by %q", msg)
	}
	browsertest.Do(t, ctx, "T09's reason", chromedp.SendKeys(chromedp.CSS(`#r-T09`), "Số liệu quý trước, đã khắc phục"))
	poll(t, ctx, "T09 complete", reason+`.getAttribute("aria-invalid") === null && document.querySelector("[data-save-all]").textContent === "Đã lưu tất cả"`)
}

// "Next unanswered" in the bar goes to the next item without a result
// after the one the auditor is on, wrapping round, and says how many are
// left; a filter lands on its first item instead of the top of the page;
// the contents and the items show whether they are open.
func TestBrowserNextUnansweredAndFilters(t *testing.T) {
	e := newConductEnv(t)
	items := e.items(t)
	// The page's last item (the page orders items by clause, not by code).
	_, html := e.app.Login("auditor2.A", webtest.Password).Page(fmt.Sprintf("/audits/%d", e.auditID))
	ids := regexp.MustCompile(`<article class="q" id="item-([^"]+)"`).FindAllStringSubmatch(html, -1)
	last := ids[len(ids)-1][1]
	for _, it := range items {
		if it.ItemID != "C01" && it.ItemID != "C02" && it.ItemID != "C03" && it.ItemID != "C05" && it.ItemID != last {
			continue
		}
		body := map[string]any{"result": "conform", "note": "Đạt", "version": it.Answer.Version}
		if it.Kind == "measure" {
			body["value"] = targetValue(it.Target)
		}
		if status, b := e.put(e.member, it.ItemID, body); status != http.StatusOK {
			t.Fatalf("%s: %d %s", it.ItemID, status, b)
		}
	}
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	signInAs(t, ctx, base, "auditor.A", "")
	browsertest.Navigate(t, ctx, fmt.Sprintf("%s/audits/%d", base, e.auditID))
	poll(t, ctx, "the script", `document.documentElement.classList.contains("js-audit")`)

	next := `[data-next-unanswered]`
	if got := browsertest.Text(t, ctx, next); !strings.Contains(got, "Câu chưa trả lời tiếp theo") || !strings.Contains(got, "(64)") {
		t.Errorf("the button reads %q, want the count of 64", got)
	}
	onScreen := func(id string) string {
		return `(() => { const r = document.getElementById("` + id + `").getBoundingClientRect(); return r.top >= -1 && r.top < 200; })()`
	}
	browsertest.Do(t, ctx, "next unanswered", chromedp.Click(chromedp.CSS(next)))
	poll(t, ctx, "C04 at the top, focused", onScreen("item-C04")+` && document.activeElement.id === "item-C04-text"`)
	// The next one after C04 in the page's order.
	after := evalString(t, ctx, `(() => {
	  const qs = [...document.querySelectorAll(".q")], i = qs.findIndex(q => q.id === "item-C04");
	  for (let n = 1; n < qs.length; n++) { const q = qs[(i + n) % qs.length]; if (q.dataset.answered === "0") return q.id; }
	  return "";
	})()`)
	browsertest.Do(t, ctx, "next unanswered again", chromedp.Click(chromedp.CSS(next)))
	poll(t, ctx, after+", the next unanswered", onScreen(after)+` && document.activeElement.id === "`+after+`-text"`)
	browsertest.Do(t, ctx, "on the last item", chromedp.Focus(chromedp.CSS(`#item-`+last+`-text`)))
	browsertest.Do(t, ctx, "next unanswered from the end", chromedp.Click(chromedp.CSS(next)))
	poll(t, ctx, "round to C04", onScreen("item-C04")+` && document.activeElement.id === "item-C04-text"`)

	// A filter lands on its first match.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, document.body.scrollHeight); true`)); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "show unanswered", chromedp.Click(chromedp.CSS(`[data-show-link="unanswered"]`)))
	poll(t, ctx, "C04, the first unanswered, at the top", onScreen("item-C04")+` && document.getElementById("item-C01").offsetParent === null`)
	browsertest.Do(t, ctx, "show all", chromedp.Click(chromedp.CSS(`[data-show-link=""]`)))
	poll(t, ctx, "C01 at the top", onScreen("item-C01"))

	// Expand markers.
	marker := func(sel string) string {
		return evalString(t, ctx, `(() => { const s = getComputedStyle(document.querySelector("`+sel+`"), "::before"); return s.content + " " + s.transform; })()`)
	}
	closed := marker(`#item-C07 [data-toggle]`)
	browsertest.Do(t, ctx, "open C07", chromedp.Click(chromedp.CSS(`#item-C07 [data-toggle]`)))
	poll(t, ctx, "C07 open", `document.querySelector("#item-C07 [data-toggle]").getAttribute("aria-expanded") === "true" && !!document.getElementById("n-C07")`)
	time.Sleep(300 * time.Millisecond) // the marker turns
	open := marker(`#item-C07 [data-toggle]`)
	if strings.HasPrefix(closed, "none") || closed == open {
		t.Errorf("an item's marker: closed %q, open %q", closed, open)
	}
	if got := marker(`#toc summary`); strings.HasPrefix(got, "none") {
		t.Errorf("the contents' summary has no marker: %q", got)
	}
	browsertest.Do(t, ctx, "open the contents", chromedp.Click(chromedp.CSS(`#toc summary`)))
	poll(t, ctx, "the contents listed", `document.querySelectorAll("#toc .toc-list a").length > 10`)
}

// Offline, what waits is counted once: the bar and the queue's panel give
// the same number (two answers and a photo), and the answers queued count
// as answered in the progress.
func TestBrowserOfflineCountsAgree(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("%s/audits/%d", base, e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, page)
	openControlled(t, ctx, page)
	setOffline(t, ctx, true)
	browsertest.Do(t, ctx, "answer C02 offline",
		chromedp.Click(chromedp.CSS(`#item-C02 label.result-minor`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C02`), "Thiếu danh mục"))
	browsertest.Do(t, ctx, "answer C03 offline", chromedp.Click(chromedp.CSS(`#item-C03 label.result-conform`)))
	poll(t, ctx, "both queued", itemState("C02")+` === "queued" && `+itemState("C03")+` === "queued"`)
	file := t.TempDir() + "/IMG_C02.jpg"
	writeJPEG(t, file)
	browsertest.Do(t, ctx, "a photo for C02", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C02`), []string{file}))
	saveInEditor(t, ctx)
	poll(t, ctx, "the photo waits", `!!document.querySelector("#item-C02 .thumb.pending")`)
	poll(t, ctx, "three waiting in the panel", `document.querySelector("[data-offline-waiting]").textContent.startsWith("3 ")`)
	barText := browsertest.Text(t, ctx, "[data-save-all]")
	panelText := browsertest.Text(t, ctx, "[data-offline-waiting]")
	if !strings.HasPrefix(barText, "3 thay đổi đang chờ gửi") {
		t.Errorf("the bar says %q while the panel says %q", barText, panelText)
	}
	if got := browsertest.Text(t, ctx, "[data-progress-text]"); !strings.Contains(got, "2/69") {
		t.Errorf("the progress reads %q with two answers queued", got)
	}
	if got := browsertest.Text(t, ctx, `[data-next-unanswered]`); !strings.Contains(got, "(67)") {
		t.Errorf("next unanswered reads %q", got)
	}
	browsertest.Shot(t, ctx, "fieldwork-offline-counts-768")
	setOffline(t, ctx, false)
	poll(t, ctx, "all sent", `document.querySelector("[data-offline-waiting]").textContent === "Không có thay đổi nào chờ gửi." && `+
		`!document.querySelector("[data-save-all]").textContent.includes("chờ gửi")`)
	if got := browsertest.Text(t, ctx, "[data-progress-text]"); !strings.Contains(got, "2/69") {
		t.Errorf("once sent, the progress reads %q", got)
	}
}

// writeJPEG writes a small photo for an upload.
func writeJPEG(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, imagetest.EncodeJPEG(t, imagetest.Halves(400, 300)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The session ends on the server while the auditor works online. Her next
// answer is refused with 401: a sign-in dialog opens on screen, next to
// the item; she signs in there, and the answer kept meanwhile is saved,
// under her name, with the new session's token.
func TestBrowserSessionExpiresWhereTheAuditorWorks(t *testing.T) {
	e := newConductEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	path := fmt.Sprintf("/audits/%d", e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	browsertest.Navigate(t, ctx, base+path)
	poll(t, ctx, "the script and its queue", `document.documentElement.classList.contains("js-audit") && !document.getElementById("offline").hidden && document.querySelector("[data-offline-sync]").textContent !== ""`)
	oldToken := evalString(t, ctx, `window.crossaudit.csrf()`)
	e.endSessions(t)

	browsertest.Do(t, ctx, "bring C04 on screen", chromedp.ScrollIntoView(chromedp.CSS(`#item-C04 label.result-conform`)))
	browsertest.Do(t, ctx, "answer C04", chromedp.Click(chromedp.CSS(`#item-C04 label.result-conform`)))
	poll(t, ctx, "the sign-in dialog", `!!document.querySelector("#signin-again[open]")`)
	where := evalString(t, ctx, `(() => {
	  const d = document.getElementById("signin-again").getBoundingClientRect();
	  const q = document.getElementById("item-C04").getBoundingClientRect();
	  const out = [];
	  if (d.top < 0 || d.bottom > window.innerHeight || d.height === 0) out.push("dialog " + Math.round(d.top) + "–" + Math.round(d.bottom) + " outside the screen");
	  const gap = Math.max(q.top - d.bottom, d.top - q.bottom, 0);
	  if (gap > 150) out.push("dialog " + Math.round(gap) + "px away from C04");
	  return out.join("; ");
	})()`)
	if where != "" {
		t.Errorf("the sign-in prompt: %s", where)
	}
	if got := browsertest.Text(t, ctx, "#signin-again"); !strings.Contains(got, "Phiên đăng nhập đã hết hạn") {
		t.Errorf("the dialog reads %q", got)
	}
	if n := e.itemRows(t, "answers", "C04"); n != 0 {
		t.Fatal("C04 reached the server without a session")
	}
	browsertest.Shot(t, ctx, "fieldwork-signin-again-768")

	// A wrong password is refused in the dialog; the right one goes on.
	browsertest.Do(t, ctx, "a wrong password",
		chromedp.SendKeys(chromedp.CSS(`#signin-again-password`), "sai-mat-khau"),
		chromedp.Click(chromedp.CSS(`#signin-again button[type="submit"]`)))
	poll(t, ctx, "refused", `!document.querySelector("#signin-again [data-signin-error]").hidden && !!document.querySelector("#signin-again[open]")`)
	evalString(t, ctx, `document.getElementById("signin-again-password").value = ""`)
	browsertest.Do(t, ctx, "the right password",
		chromedp.SendKeys(chromedp.CSS(`#signin-again-password`), webtest.Password),
		chromedp.Click(chromedp.CSS(`#signin-again button[type="submit"]`)))
	waitResult(t, e, "C04", "conform")
	poll(t, ctx, "C04 saved, the dialog closed", savedState("C04")+` && !document.querySelector("#signin-again[open]") && `+
		`document.querySelector("[data-offline-waiting]").textContent === "Không có thay đổi nào chờ gửi."`)
	if got := evalString(t, ctx, `location.pathname`); got != path {
		t.Errorf("the auditor was taken to %s", got)
	}
	if evalString(t, ctx, `window.crossaudit.csrf()`) == oldToken {
		t.Error("the page kept the ended session's token")
	}
	var by string
	_ = e.app.DB.R.QueryRow(`SELECT u.username FROM answers a JOIN users u ON u.id = a.updated_by WHERE a.audit_id = ? AND a.item_code = 'C04'`, e.auditID).Scan(&by)
	if by != "auditor.A" {
		t.Errorf("C04 saved by %q", by)
	}
}
