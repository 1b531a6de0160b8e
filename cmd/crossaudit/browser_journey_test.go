package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The whole journey on one tablet, through the pages only: the office
// creates a programme and confirms its first round; the lead auditor of one
// of the new audits conducts it, loses the connection halfway and gets it
// back, attaches a photo, records a minor nonconformity and submits; the
// audited unit analyses the nonconformity and submits a plan; the lead
// accepts it; the unit reports it implemented with evidence; the lead
// verifies it; the office issues the report; the PDF downloads, and its
// verification code and hash check out on the public page, signed out.
func TestBrowserJourney(t *testing.T) {
	a := demoApp(t)
	cable := &journeyCable{}
	a.Server.Echo.Use(cable.middleware)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())
	base := a.HTTP.URL
	j := &journey{t: t, ctx: ctx, base: base, a: a}

	// The office creates next year's programme over every unit.
	j.signIn("office")
	var year int
	if err := a.DB.R.QueryRow(`SELECT COALESCE(MAX(year), 0) + 1 FROM programmes`).Scan(&year); err != nil {
		t.Fatal(err)
	}
	if y := time.Now().Year(); year < y {
		year = y
	}
	browsertest.Navigate(t, ctx, base+"/programmes")
	name := fmt.Sprintf("Chương trình đánh giá chéo năm %d", year)
	browsertest.Do(t, ctx, "fill the new programme",
		chromedp.SendKeys(chromedp.CSS("#p-name"), name),
		chromedp.SetValue(chromedp.CSS("#p-year"), strconv.Itoa(year)),
		chromedp.SendKeys(chromedp.CSS("#p-objectives"), "Đánh giá chéo việc áp dụng TCVN ISO 9001:2015"))
	j.eval(`document.querySelectorAll('form[action="/programmes"] input[name="units"]').forEach(b => { b.checked = true; }); true`)
	browsertest.Shot(t, ctx, "journey-01-new-programme")
	browsertest.Do(t, ctx, "create the programme", chromedp.Click(chromedp.CSS(`form[action="/programmes"] button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `/^\/programmes\/\d+$/.test(location.pathname)`)
	programmeID, err := strconv.ParseInt(strings.TrimPrefix(j.eval(`location.pathname`), "/programmes/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Text(t, ctx, "h1"); got != name {
		t.Errorf("the new programme's heading %q", got)
	}

	// It previews the first round and confirms it.
	browsertest.Do(t, ctx, "preview round 1", chromedp.Click(chromedp.CSS("#preview-round")))
	browsertest.WaitFor(t, ctx, `document.querySelector("#confirm-round-1") !== null`)
	browsertest.Shot(t, ctx, "journey-02-round-preview")
	browsertest.Do(t, ctx, "confirm round 1", chromedp.Click(chromedp.CSS("#confirm-round-1")))
	browsertest.WaitFor(t, ctx, `document.querySelector("#confirm-yes") !== null`)
	browsertest.Do(t, ctx, "confirm what it creates", chromedp.Click(chromedp.CSS("#confirm-yes")))
	browsertest.WaitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector("#confirm-round-1") === null`)
	if got := browsertest.Text(t, ctx, "#round-1-h"); !strings.Contains(got, "Đã xác nhận") {
		t.Fatalf("after confirming, round 1 reads %q", got)
	}
	browsertest.Shot(t, ctx, "journey-03-round-confirmed")

	// One of the new audits: its lead and the audited unit's auditee.
	var auditID int64
	var lead, auditee string
	if err := a.DB.R.QueryRow(`
		SELECT a.id, u.username, ua.username FROM audits a
		JOIN rounds r ON r.id = a.round_id
		JOIN audit_team m ON m.audit_id = a.id AND m.role = 'lead' JOIN users u ON u.id = m.user_id
		JOIN units ue ON ue.id = a.auditee_unit_id JOIN users ua ON ua.username = 'auditee.' || ue.code
		WHERE r.programme_id = ? ORDER BY a.id LIMIT 1`, programmeID).Scan(&auditID, &lead, &auditee); err != nil {
		t.Fatalf("no audit with a lead in the confirmed round: %v", err)
	}
	auditPath := fmt.Sprintf("/audits/%d", auditID)
	j.signOut()

	// The lead conducts the audit.
	j.signIn(lead)
	j.openControlled(base + auditPath)
	browsertest.Shot(t, ctx, "journey-04-audit-open")
	browsertest.Do(t, ctx, "answer C01 online",
		chromedp.Click(chromedp.CSS(`#item-C01 label.result-conform`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C01`), "Có văn bản xác định bối cảnh"))
	j.waitStored(auditID, "C01", "Có văn bản xác định bối cảnh")
	browsertest.WaitFor(t, ctx, journeySaved("C01"))

	// The connection drops in the middle: answers wait in the queue.
	j.setOffline(true)
	cable.set(true)
	const ncNote = "Chưa xác định yêu cầu của cơ quan liên thông"
	browsertest.Do(t, ctx, "answer C02 offline",
		chromedp.Click(chromedp.CSS(`#item-C02 label.result-minor`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C02`), ncNote))
	browsertest.Do(t, ctx, "answer C03 offline", chromedp.Click(chromedp.CSS(`#item-C03 label.result-conform`)))
	browsertest.WaitFor(t, ctx, journeyState("C02")+` === "queued" && `+journeyState("C03")+` === "queued" && document.querySelector("#n-C02").value === "`+ncNote+`"`)
	if got := browsertest.Text(t, ctx, "[data-offline-net]"); !strings.Contains(got, "Mất kết nối") {
		t.Errorf("offline, the panel says %q", got)
	}
	if n := j.count(`SELECT COUNT(*) FROM answers WHERE audit_id = ? AND item_code IN ('C02', 'C03')`, auditID); n != 0 {
		t.Fatalf("%d answers reached the server while offline", n)
	}
	browsertest.Do(t, ctx, "scroll to the queue", chromedp.ScrollIntoView(chromedp.CSS("#offline")))
	browsertest.Shot(t, ctx, "journey-05-offline-queue")

	// The connection comes back: the queue is sent.
	cable.set(false)
	j.setOffline(false)
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-offline-waiting]").textContent === "Không có thay đổi nào chờ gửi." && `+
		journeySaved("C02")+` && `+journeySaved("C03"))
	j.waitStored(auditID, "C02", ncNote)

	// A photo from the camera.
	file := filepath.Join(t.TempDir(), "IMG_JOURNEY.png")
	if err := os.WriteFile(file, journeyPhoto(t), 0o600); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "take a photo",
		chromedp.Click(chromedp.CSS(`#item-C25 [data-toggle]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	// The photo opens in the mark-up editor (markup.js); saved as it is.
	browsertest.WaitFor(t, ctx, `!!document.querySelector("dialog.markup[open]")`)
	browsertest.Do(t, ctx, "save the photo", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
	browsertest.WaitFor(t, ctx, `(() => { const i = document.querySelector("#item-C25 .thumb:not(.pending) img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
	if n := j.count(`SELECT COUNT(*) FROM attachments WHERE audit_id = ? AND item_code = 'C25'`, auditID); n != 1 {
		t.Errorf("%d photos stored on C25, want 1", n)
	}
	browsertest.Shot(t, ctx, "journey-06-photo")

	// The rest by touch: conform, with a measured value that meets the
	// item's target (shown beside the value) where one is asked.
	j.eval(`document.querySelectorAll("#audit article.q").forEach(q => {
		if (["C01", "C02", "C03"].includes(q.dataset.item)) return;
		if (!q.hasAttribute("data-open")) q.querySelector("[data-toggle]").click();
		const v = q.querySelector("[data-value]");
		if (v) {
			const m = /([<>]?=?)\s*(\d+(?:[.,]\d+)?)/.exec(q.querySelector(".suggestion").textContent);
			let n = m ? parseFloat(m[2].replace(",", ".")) : 0;
			if (m && m[1] === ">") n += 1;
			if (m && m[1] === "<") n -= 1;
			v.value = String(n);
			v.dispatchEvent(new Event("input", {bubbles: true}));
		}
		q.querySelector("label.result-conform input").click();
	}); true`)
	total := j.evalInt(`document.querySelectorAll("#audit article.q").length`)
	browsertest.WaitFor(t, ctx, `!document.querySelector('#audit [data-state="saving"], #audit [data-state="queued"], #audit [data-state="failed"]') && `+
		`document.querySelector("[data-progress-text]").textContent.includes("`+fmt.Sprintf("%d/%d", total, total)+`")`)
	browsertest.Do(t, ctx, "closing meeting and submit",
		chromedp.SendKeys(chromedp.CSS(`#cl-rep`), "Ông Phạm Văn Đức, Chủ tịch UBND xã"),
		chromedp.Click(chromedp.CSS(`input[name="agreed"][value="yes"]`)),
		chromedp.Click(chromedp.CSS(`#submit-audit`)))
	// The submission asks first, with its summary.
	browsertest.WaitFor(t, ctx, `!!document.querySelector("dialog.submit-dialog[open] #submit-dialog-confirm:not([hidden])")`)
	browsertest.Do(t, ctx, "confirm the submission", chromedp.Click(chromedp.CSS(`#submit-dialog-confirm`)))
	browsertest.WaitFor(t, ctx, `!!document.querySelector(".flash") && !!document.querySelector("#findings") && !document.querySelector("[data-answer-form]")`)
	if s := j.str(`SELECT status FROM audits WHERE id = ?`, auditID); s != "submitted" {
		t.Fatalf("after submitting, the audit is %s", s)
	}
	if got := browsertest.Text(t, ctx, "#findings"); !strings.Contains(got, "C02") {
		t.Errorf("the findings read %q", got)
	}
	browsertest.Shot(t, ctx, "journey-07-submitted")
	var nc int64
	if err := a.DB.R.QueryRow(`SELECT id FROM findings WHERE audit_id = ? AND item_code = 'C02' AND grade = 'minor'`, auditID).Scan(&nc); err != nil {
		t.Fatalf("no minor nonconformity on C02: %v", err)
	}
	ncPath := fmt.Sprintf("/nonconformities/%d", nc)
	j.signOut()

	// The audited unit answers the nonconformity: cause, action, plan.
	j.signIn(auditee)
	browsertest.Navigate(t, ctx, base+"/nonconformities")
	browsertest.Do(t, ctx, "open the nonconformity", chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-nc="%d"] a.row-link`, nc))))
	browsertest.WaitURL(t, ctx, ncPath)
	j.ncStatus("open")
	browsertest.Do(t, ctx, "why-why and analysis",
		chromedp.SendKeys(chromedp.CSS("#why-1"), "Vì sao chưa xác định yêu cầu? Vì chưa có danh mục cơ quan liên thông"),
		chromedp.SendKeys(chromedp.CSS("#root_cause"), "Chưa phân công người lập danh mục cơ quan liên thông"),
		chromedp.SendKeys(chromedp.CSS("#why-2"), "Vì sao chưa có? Vì chưa phân công người lập"),
		chromedp.SendKeys(chromedp.CSS("#correction"), "Đã lập danh mục tạm thời"),
		chromedp.SendKeys(chromedp.CSS("#similar_cases"), "Rà soát các lĩnh vực còn lại: chưa lĩnh vực nào có danh mục"),
		chromedp.SetValue(chromedp.CSS("#cause_category"), "documents"),
		chromedp.Click(chromedp.CSS("#send-analysis")))
	j.ncStatus("cause_analysed")
	browsertest.Do(t, ctx, "add an action",
		chromedp.SendKeys(chromedp.CSS("#a-description"), "Ban hành danh mục yêu cầu của cơ quan liên thông"),
		chromedp.Click(chromedp.CSS(`#add-action button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `document.querySelectorAll(".nc-action").length === 1`)
	j.step("plan_submitted")
	browsertest.Shot(t, ctx, "journey-08-plan-submitted")
	j.signOut()

	// The lead accepts the plan.
	j.signIn(lead)
	browsertest.Navigate(t, ctx, base+ncPath)
	j.ncStatus("plan_submitted")
	j.step("plan_accepted")
	browsertest.Shot(t, ctx, "journey-09-plan-accepted")
	j.signOut()

	// The unit reports the action done, with a photo, and the plan implemented.
	j.signIn(auditee)
	browsertest.Navigate(t, ctx, base+ncPath)
	browsertest.Do(t, ctx, "action done",
		chromedp.SendKeys(chromedp.CSS(".nc-action textarea"), "Đã ban hành Quyết định 21/QĐ-UBND"),
		chromedp.Click(chromedp.CSS(".nc-action form button")))
	browsertest.WaitFor(t, ctx, `document.querySelector(".nc-action .badge-done") !== null`)
	browsertest.Do(t, ctx, "photo of the evidence", chromedp.SetUploadFiles(chromedp.CSS(`#file-implementation`), []string{file}))
	browsertest.Do(t, ctx, "upload it", chromedp.Click(chromedp.CSS(`#file-implementation ~ button`)))
	browsertest.WaitFor(t, ctx, `document.querySelector(".thumbs img") !== null`)
	j.step("implemented")
	browsertest.Shot(t, ctx, "journey-10-implemented")
	j.signOut()

	// The lead verifies.
	j.signIn(lead)
	browsertest.Navigate(t, ctx, base+ncPath)
	j.step("verified")
	if s := j.str(`SELECT status FROM findings WHERE id = ?`, nc); s != "verified" {
		t.Errorf("the nonconformity is stored %s, want verified", s)
	}
	browsertest.Shot(t, ctx, "journey-11-verified")
	j.signOut()

	// The office issues the report from the audit page.
	j.signIn("office")
	browsertest.Navigate(t, ctx, base+auditPath)
	browsertest.Do(t, ctx, "open the issue page", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/audits/%d/issue"]`, auditID))))
	browsertest.WaitFor(t, ctx, fmt.Sprintf(`document.querySelector('form[action="/audits/%d/issue"]') !== null`, auditID))
	browsertest.Shot(t, ctx, "journey-12-before-issue")
	issue := fmt.Sprintf(`form[action="/audits/%d/issue"] button[type=submit]`, auditID)
	browsertest.Do(t, ctx, "issue the report", chromedp.Click(chromedp.CSS(issue)))
	browsertest.WaitFor(t, ctx, `document.querySelector('#report a[href^="/verify/"]') !== null`)
	code := browsertest.Text(t, ctx, `#report a[href^="/verify/"] code`)
	if stored := j.str(`SELECT code FROM issued_reports WHERE audit_id = ?`, auditID); code == "" || stored != code {
		t.Fatalf("the page shows code %q, the database %q", code, stored)
	}
	browsertest.Shot(t, ctx, "journey-12-issued")

	// The PDF downloads, with the office's session, in the page.
	href := browsertest.Attr(t, ctx, `#report a[href$="report.pdf"]`, "href")
	pdf := j.fetch(href)
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the report downloaded does not start with %%PDF: %q", pdf[:min(len(pdf), 16)])
	}
	sum := sha256.Sum256(pdf)
	hash := hex.EncodeToString(sum[:])
	if stored := j.str(`SELECT sha256 FROM issued_reports WHERE audit_id = ?`, auditID); stored != hash {
		t.Errorf("the PDF downloaded hashes to %s, the issued report to %s", hash, stored)
	}
	j.signOut()

	// Anyone checks the code on the public page, signed out.
	browsertest.Navigate(t, ctx, base+"/verify/"+code)
	browsertest.WaitURL(t, ctx, "/verify/"+code)
	if got := browsertest.Text(t, ctx, ".alert-ok"); !strings.HasPrefix(got, "Đây là báo cáo đã được ban hành") {
		t.Errorf("the verification page says %q, want that the report is genuine", got)
	}
	if got := browsertest.Text(t, ctx, "dl.facts"); !strings.Contains(got, code) || !strings.Contains(got, hash) {
		t.Errorf("the verification page reads %q, want the code %s and the hash %s", got, code, hash)
	}
	if n := j.evalInt(`document.querySelectorAll("[data-logout]").length`); n != 0 {
		t.Error("the verification page was seen signed in")
	}
	browsertest.Shot(t, ctx, "journey-13-verified-publicly")
}

// journey holds what every step of the journey needs.
type journey struct {
	t    *testing.T
	ctx  context.Context
	base string
	a    *webtest.App

	mu      sync.Mutex
	workers map[string]context.Context
}

func (j *journey) signIn(username string) {
	j.t.Helper()
	browsertest.Navigate(j.t, j.ctx, j.base+"/login")
	signIn(j.t, j.ctx, username)
	waitPath(j.t, j.ctx, "/")
}

func (j *journey) signOut() {
	j.t.Helper()
	browsertest.Do(j.t, j.ctx, "sign out", chromedp.Click(chromedp.CSS(`[data-logout]`)))
	browsertest.WaitURL(j.t, j.ctx, "/login")
}

func (j *journey) eval(expr string) string {
	j.t.Helper()
	s, err := chromedp.Run(j.ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		j.t.Fatalf("%s: %v", expr, err)
	}
	return fmt.Sprint(s)
}

func (j *journey) evalInt(expr string) int {
	j.t.Helper()
	n, err := chromedp.Run(j.ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		j.t.Fatalf("%s: %v", expr, err)
	}
	return n
}

func (j *journey) count(query string, args ...any) int {
	j.t.Helper()
	var n int
	if err := j.a.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		j.t.Fatal(err)
	}
	return n
}

func (j *journey) str(query string, args ...any) string {
	j.t.Helper()
	var s string
	if err := j.a.DB.R.QueryRow(query, args...).Scan(&s); err != nil {
		j.t.Fatalf("%s: %v", query, err)
	}
	return s
}

// waitStored waits until the database holds the note for the item.
func (j *journey) waitStored(auditID int64, item, note string) {
	j.t.Helper()
	deadline := time.Now().Add(browsertest.StepTimeout)
	for {
		var got string
		_ = j.a.DB.R.QueryRow(`SELECT note FROM answers WHERE audit_id = ? AND item_code = ?`, auditID, item).Scan(&got)
		if got == note {
			return
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("%s stored %q, want %q", item, got, note)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (j *journey) ncStatus(want string) {
	j.t.Helper()
	browsertest.WaitFor(j.t, j.ctx, `document.querySelector(".nc-status") && document.querySelector(".nc-status").dataset.status === "`+want+`"`)
}

// step moves the nonconformity on with the button of its workflow.
func (j *journey) step(to string) {
	j.t.Helper()
	browsertest.Do(j.t, j.ctx, "step to "+to, chromedp.Click(chromedp.CSS(`form.step-form[data-to="`+to+`"] button`)))
	j.ncStatus(to)
}

// fetch downloads path in the page, with the browser's session, and
// returns its bytes.
func (j *journey) fetch(path string) []byte {
	j.t.Helper()
	expr := `fetch(` + strconv.Quote(path) + `).then(r => r.ok ? r.arrayBuffer() : Promise.reject(new Error("HTTP " + r.status))).then(b => {
		const u = new Uint8Array(b); let s = "";
		for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
		return btoa(s);
	})`
	sctx, cancel := context.WithTimeout(j.ctx, browsertest.StepTimeout)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		j.t.Fatalf("download %s: %v", path, err)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		j.t.Fatal(err)
	}
	return b
}

// openControlled opens the audit page and waits until the service worker
// controls it and its offline queue has loaded, as the offline tests do:
// the worker installs from the first signed-in page and takes over a page
// opened afterwards.
func (j *journey) openControlled(url string) {
	j.t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		browsertest.Navigate(j.t, j.ctx, url)
		browsertest.WaitFor(j.t, j.ctx, `document.documentElement.classList.contains("js-audit")`)
		_, err := chromedp.Run(j.ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(5*time.Second)))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("the service worker never controlled %s", url)
		}
	}
	browsertest.WaitFor(j.t, j.ctx, `!document.getElementById("offline").hidden && document.querySelector("[data-offline-sync]").textContent !== ""`)
}

// setOffline switches the tablet's network off or on through Chromium's
// network emulation, on the page and on the service worker, which is a
// target of its own that the page's emulation does not reach (see
// audit/browser_offline_test.go).
func (j *journey) setOffline(off bool) {
	j.t.Helper()
	targets := []context.Context{j.ctx}
	infos, err := chromedp.Targets(j.ctx)
	if err != nil {
		j.t.Fatalf("targets: %v", err)
	}
	j.mu.Lock()
	if j.workers == nil {
		j.workers = map[string]context.Context{}
	}
	for _, info := range infos {
		if info.Type != "service_worker" {
			continue
		}
		// Emulation belongs to the DevTools session: switching it back on
		// must go through the session that switched it off.
		wctx, ok := j.workers[string(info.TargetID)]
		if !ok {
			// Attached with the context itself, not one with a deadline:
			// the session lives as long as the context of its first call.
			wctx, _ = chromedp.NewContext(j.ctx, chromedp.WithTargetID(info.TargetID))
			if _, err := chromedp.Call(wctx, network.Enable, network.EnableParams{}); err != nil {
				j.mu.Unlock()
				j.t.Fatalf("attach to the service worker: %v", err)
			}
			j.workers[string(info.TargetID)] = wctx
		}
		targets = append(targets, wctx)
	}
	j.mu.Unlock()
	for i, tctx := range targets {
		sctx, cancel := context.WithTimeout(tctx, browsertest.StepTimeout)
		if _, err := chromedp.Call(sctx, network.Enable, network.EnableParams{}); err != nil {
			cancel()
			j.t.Fatalf("network enable on target %d: %v", i, err)
		}
		if _, err := chromedp.Call(sctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			cancel()
			j.t.Fatalf("emulate offline=%v on target %d: %v", off, i, err)
		}
		if i == 0 {
			if _, err := chromedp.Call(sctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
				Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
				cancel()
				j.t.Fatalf("network state offline=%v: %v", off, err)
			}
		}
		cancel()
	}
}

// journeyCable drops requests unanswered while cut, as a pulled cable
// would, so that nothing the emulation lets through reaches the server.
type journeyCable struct {
	mu  sync.Mutex
	cut bool
}

func (c *journeyCable) set(cut bool) {
	c.mu.Lock()
	c.cut = cut
	c.mu.Unlock()
}

func (c *journeyCable) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(e echo.Context) error {
		c.mu.Lock()
		cut := c.cut
		c.mu.Unlock()
		if cut {
			if conn, _, err := http.NewResponseController(e.Response().Writer).Hijack(); err == nil {
				conn.Close()
			}
			return nil
		}
		return next(e)
	}
}

func journeyState(item string) string {
	return `document.querySelector("#item-` + item + ` [data-state]").dataset.state`
}

func journeySaved(item string) string { return journeyState(item) + ` === "saved"` }

// journeyPhoto is a small PNG, as a tablet's camera might hand over.
func journeyPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
