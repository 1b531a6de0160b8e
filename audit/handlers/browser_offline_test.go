package handlers_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// workers holds a session on each service worker target, by target id.
var (
	workersMu sync.Mutex
	workers   = map[target.ID]context.Context{}
)

// setOffline switches the tablet's network off or on through Chromium's
// network emulation, on the page and on the service worker (a target of its
// own, whose fetches the page's emulation does not reach): requests fail
// and navigator.onLine says so.
func setOffline(t *testing.T, ctx context.Context, off bool) {
	t.Helper()
	targets := []context.Context{ctx}
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatalf("targets: %v", err)
	}
	for _, info := range infos {
		if info.Type != "service_worker" {
			continue
		}
		// Emulation belongs to the DevTools session: switching it back on
		// must go through the session that switched it off.
		workersMu.Lock()
		wctx, ok := workers[info.TargetID]
		if !ok {
			// Attached with the context itself, not one with a deadline:
			// the session lives as long as the context of its first call.
			wctx, _ = chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
			if _, err := chromedp.Call(wctx, network.Enable, network.EnableParams{}); err != nil {
				workersMu.Unlock()
				t.Fatalf("attach to the service worker: %v", err)
			}
			workers[info.TargetID] = wctx
		}
		workersMu.Unlock()
		targets = append(targets, wctx)
	}
	for i, tctx := range targets {
		sctx, cancel := context.WithTimeout(tctx, browsertest.StepTimeout)
		if _, err := chromedp.Call(sctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatalf("network enable on target %d: %v", i, err)
		}
		if _, err := chromedp.Call(sctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			t.Fatalf("emulate offline=%v on target %d: %v", off, i, err)
		}
		if i == 0 {
			if _, err := chromedp.Call(sctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
				Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
				t.Fatalf("network state offline=%v: %v", off, err)
			}
		}
		cancel()
	}
}

// noDialogs fails the test when the page opens a dialog (a "leave the
// page?" question, say: changes safe in the queue must not ask it), and
// dismisses it so that the test goes on to say what else is wrong.
func noDialogs(t *testing.T, ctx context.Context) {
	t.Helper()
	dialogs := make(chan string, 8)
	if err := chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- string(d.Type) + ": " + d.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatalf("listen: %v", err)
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case d := <-dialogs:
				t.Errorf("the page opened a dialog: %s", d)
				sctx, cancel := context.WithTimeout(ctx, browsertest.StepTimeout)
				_, _ = chromedp.Call(sctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
				cancel()
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-stopped })
}

// signInAs signs in through the form and waits for the page it leads to.
func signInAs(t *testing.T, ctx context.Context, base, username, next string) {
	t.Helper()
	u := base + "/login"
	if next != "" {
		u += "?next=" + next
	} else {
		next = "/"
	}
	browsertest.Navigate(t, ctx, u)
	browsertest.Do(t, ctx, "sign in as "+username,
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, next)
}

// openControlled opens the audit page and waits until the service worker
// controls it and its queue has loaded.
func openControlled(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	browsertest.Navigate(t, ctx, url)
	poll(t, ctx, "the script", `document.documentElement.classList.contains("js-audit")`)
	// The worker installs from the first signed-in page and takes over the
	// pages open then (clients.claim); on a loaded machine that takes a while.
	deadline := time.Now().Add(45 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(5*time.Second)))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			state := evalString(t, ctx, `navigator.serviceWorker.getRegistration().then(r => r ? JSON.stringify({active: !!r.active, installing: !!r.installing, waiting: !!r.waiting}) : "none")`)
			t.Fatalf("the service worker never controlled %s (registration %s)", url, state)
		}
		browsertest.Navigate(t, ctx, url)
	}
	poll(t, ctx, "the queue's panel", `!document.getElementById("offline").hidden && document.querySelector("[data-offline-sync]").textContent !== ""`)
}

// requestLog records the requests that reach the server and, while cut,
// drops them unanswered, as a pulled cable would. Chromium's emulation
// takes the tablet offline; the cut makes sure that a request the emulation
// lets through right after a reload (seen now and then with Chromium 156)
// cannot reach the application either.
type requestLog struct {
	mu    sync.Mutex
	paths []string
	cut   bool
}

func (l *requestLog) since(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths[n:]...)
}

func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.paths)
}

func (l *requestLog) setCut(cut bool) {
	l.mu.Lock()
	l.cut = cut
	l.mu.Unlock()
}

func logRequests(e *conductEnv) *requestLog {
	l := &requestLog{}
	e.app.Server.Echo.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			l.mu.Lock()
			cut := l.cut
			l.paths = append(l.paths, c.Request().Method+" "+c.Request().URL.Path)
			l.mu.Unlock()
			if cut {
				if conn, _, err := http.NewResponseController(c.Response().Writer).Hijack(); err == nil {
					conn.Close()
				}
				return nil
			}
			return next(c)
		}
	})
	return l
}

func itemState(item string) string {
	return `document.querySelector("#item-` + item + ` [data-state]").dataset.state`
}

// count of a table's rows for the audit's item.
func (e *conductEnv) itemRows(t *testing.T, table, item string) int {
	t.Helper()
	return e.count(t, `SELECT COUNT(*) FROM `+table+` WHERE audit_id = ? AND item_code = ?`, e.auditID, item)
}

// An auditor answers, loses the network, answers more and takes a photo,
// reloads the page while still offline and finds everything, then gets the
// network back: every answer and the photo reach the server exactly once.
func TestBrowserOfflineQueueSurvivesAReload(t *testing.T) {
	e := newOfflineEnv(t)
	served := logRequests(e)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("%s/audits/%d", base, e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, page)
	// Reloaded once under the worker, so that the page itself is in its cache.
	openControlled(t, ctx, page)

	browsertest.Do(t, ctx, "answer C01 online",
		chromedp.Click(chromedp.CSS(`#item-C01 label.result-conform`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C01`), "Có văn bản bối cảnh"))
	waitStored(t, e, "C01", "Có văn bản bối cảnh")
	poll(t, ctx, "C01 saved", savedState("C01"))

	setOffline(t, ctx, true)
	served.setCut(true)
	browsertest.Do(t, ctx, "answer C02 offline",
		chromedp.Click(chromedp.CSS(`#item-C02 label.result-minor`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C02`), "Thiếu danh mục bên quan tâm"))
	poll(t, ctx, "C02 queued", itemState("C02")+` === "queued" && document.querySelector("#n-C02").value.endsWith("quan tâm")`)
	browsertest.Do(t, ctx, "answer C03 offline", chromedp.Click(chromedp.CSS(`#item-C03 label.result-conform`)))
	poll(t, ctx, "C03 queued", itemState("C03")+` === "queued"`)
	jpg := imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(1200, 600)), imagetest.ExifTIFF(binary.LittleEndian, 6))
	file := filepath.Join(t.TempDir(), "IMG_OFFLINE.jpg")
	if err := os.WriteFile(file, jpg, 0o600); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "take a photo offline",
		chromedp.Click(chromedp.CSS(`#item-C25 [data-toggle]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	saveInEditor(t, ctx)
	poll(t, ctx, "the waiting photo", `(() => { const i = document.querySelector("#item-C25 .thumb.pending img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
	poll(t, ctx, "the panel counts 3", `document.querySelector("[data-offline-waiting]").textContent.startsWith("3 ")`)
	if got := browsertest.Text(t, ctx, "[data-offline-net]"); !strings.Contains(got, "Mất kết nối") {
		t.Errorf("the panel says %q while offline", got)
	}
	if n := e.itemRows(t, "answers", "C02") + e.itemRows(t, "attachments", "C25"); n != 0 {
		t.Fatalf("%d rows reached the server while offline", n)
	}

	// Reload while offline: the worker serves the page, the queue is applied.
	poll(t, ctx, "nothing being saved", `!document.querySelector('#audit [data-state="saving"]')`)
	before := served.len()
	openControlled(t, ctx, page)
	for _, r := range served.since(before) {
		if strings.HasPrefix(r, "GET /audits/") || strings.HasPrefix(r, "GET /static/") {
			t.Errorf("the reload fetched %s from the network while the tablet was offline", r)
		}
	}
	poll(t, ctx, "everything on screen after the reload", `document.querySelector("#n-C01").value === "Có văn bản bối cảnh" &&
		document.querySelector('#item-C01 input[value="conform"]').checked &&
		document.querySelector("#n-C02").value === "Thiếu danh mục bên quan tâm" &&
		document.querySelector('#item-C02 input[value="minor"]').checked &&
		document.querySelector('#item-C03 input[value="conform"]').checked &&
		`+itemState("C02")+` === "queued" &&
		!!document.querySelector("#item-C25 .thumb.pending img")`)
	panel := browsertest.Text(t, ctx, "#offline")
	for _, want := range []string{"3 thay đổi đang chờ gửi", "C02", "C03", "Ảnh cho câu C25", "Đồng bộ lần cuối"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the panel lacks %q: %q", want, panel)
		}
	}
	// The last synchronisation is written as every page writes a moment.
	if !regexp.MustCompile(`Đồng bộ lần cuối[^0-9]*\d{2}/\d{2}/\d{4} \d{2}:\d{2}`).MatchString(panel) {
		t.Errorf("the last synchronisation is not dd/mm/yyyy HH:MM: %q", panel)
	}
	browsertest.Shot(t, ctx, "offline-reloaded-768")

	// The network returns: the queue is sent, each change once.
	served.setCut(false)
	setOffline(t, ctx, false)
	poll(t, ctx, "the queue sent", `document.querySelector("[data-offline-waiting]").textContent === "Không có thay đổi nào chờ gửi." && `+
		savedState("C02")+` && !!document.querySelector("#item-C25 .thumb:not(.pending) img")`)
	waitStored(t, e, "C02", "Thiếu danh mục bên quan tâm")
	if result, _, v := e.stored(t, "C03"); result != "conform" || v != 1 {
		t.Errorf("C03 stored %s v%d", result, v)
	}
	time.Sleep(300 * time.Millisecond) // a duplicate would arrive now
	if n := e.itemRows(t, "attachments", "C25"); n != 1 {
		t.Errorf("%d attachments on C25, want exactly 1", n)
	}
	for _, item := range []string{"C02", "C03"} {
		if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'audit' AND entity_id = ? AND action = 'answer' AND summary LIKE ?`,
			e.auditID, `%"`+item+`"%`); n != 1 {
			t.Errorf("%d saves of %s on the server, want exactly 1", n, item)
		}
	}
}

// endSessions ends every browser session on the server, as an idle timeout
// or a password change does.
func (e *conductEnv) endSessions(t *testing.T) {
	t.Helper()
	if err := e.app.DB.Write(context.Background(), func(tx *db.Tx) error {
		_, err := tx.Exec(`DELETE FROM sessions`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// answerOffline opens the audit page under the worker, switches the network
// off and writes a note on item, which then waits in the queue.
func answerOffline(t *testing.T, ctx context.Context, page, item, note string) {
	t.Helper()
	openControlled(t, ctx, page)
	openControlled(t, ctx, page)
	setOffline(t, ctx, true)
	browsertest.Do(t, ctx, "answer "+item+" offline",
		chromedp.Click(chromedp.CSS(`#item-`+item+` label.result-conform`)),
		chromedp.SendKeys(chromedp.CSS(`#n-`+item), note))
	poll(t, ctx, item+" queued", itemState(item)+` === "queued" && document.querySelector("#n-`+item+`").value === "`+note+`"`)
}

// The session ends while the tablet is offline: when the network returns
// the page asks to sign in again, keeps the queue, and sends it afterwards.
func TestBrowserOfflineSessionExpires(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	path := fmt.Sprintf("/audits/%d", e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	answerOffline(t, ctx, base+path, "C04", "Hồ sơ lưu đủ theo Mẫu 06")
	e.endSessions(t)

	setOffline(t, ctx, false)
	poll(t, ctx, "the request to sign in again", `!document.querySelector("[data-offline-signin]").hidden`)
	if got := browsertest.Text(t, ctx, "[data-offline-signin]"); !strings.Contains(got, "Đăng nhập lại") {
		t.Errorf("the prompt reads %q", got)
	}
	if n := e.itemRows(t, "answers", "C04"); n != 0 {
		t.Fatalf("C04 reached the server without a session")
	}
	// The page asks where the auditor works too; she chooses the sign-in page.
	poll(t, ctx, "the sign-in dialog", `!!document.querySelector("#signin-again[open]")`)
	browsertest.Do(t, ctx, "later", chromedp.Click(chromedp.CSS(`#signin-again [data-signin-later]`)))
	browsertest.Do(t, ctx, "sign in again", chromedp.Click(chromedp.CSS(`[data-offline-signin-link]`)))
	browsertest.WaitURL(t, ctx, "/login")
	browsertest.Do(t, ctx, "the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#username"), "auditor.A"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, path)
	waitStored(t, e, "C04", "Hồ sơ lưu đủ theo Mẫu 06")
	poll(t, ctx, "C04 saved on the page", savedState("C04")+` && document.querySelector("[data-offline-waiting]").textContent === "Không có thay đổi nào chờ gửi."`)
	var by string
	_ = e.app.DB.R.QueryRow(`SELECT u.username FROM answers a JOIN users u ON u.id = a.updated_by WHERE a.audit_id = ? AND a.item_code = 'C04'`, e.auditID).Scan(&by)
	if by != "auditor.A" {
		t.Errorf("C04 saved by %q", by)
	}
}

// A team mate signs in on the same tablet after the first auditor's
// session ended with changes still waiting: she sees none of them and her
// page sends none; the first auditor was warned before signing out, and
// gets her changes sent when she signs in again.
func TestBrowserOfflineQueueBelongsToItsUser(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	path := fmt.Sprintf("/audits/%d", e.auditID)
	const secret = "Ghi chú riêng của trưởng đoàn"
	signInAs(t, ctx, base, "auditor.A", "")
	answerOffline(t, ctx, base+path, "C05", secret)

	// Signing out with a change waiting warns first.
	browsertest.Do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`[data-logout]`)))
	poll(t, ctx, "the warning", `!!document.querySelector("#signout-warning [data-signout-stay]")`)
	if got := browsertest.Text(t, ctx, "#signout-warning"); !strings.Contains(got, "1 thay đổi") {
		t.Errorf("the warning reads %q", got)
	}
	browsertest.Do(t, ctx, "stay", chromedp.Click(chromedp.CSS(`#signout-warning [data-signout-stay]`)))
	poll(t, ctx, "the warning gone", `!document.getElementById("signout-warning") && location.pathname === "`+path+`"`)

	// Her session ends; the network returns; a team mate signs in.
	e.endSessions(t)
	setOffline(t, ctx, false)
	poll(t, ctx, "the request to sign in again", `!document.querySelector("[data-offline-signin]").hidden`)
	// Leaving while a change is still being written into the queue asks
	// "leave the page?", as any save in flight does: wait, as a person would.
	poll(t, ctx, "nothing being saved", `!document.querySelector('#audit [data-state="saving"]')`)
	signInAs(t, ctx, base, "auditor2.A", path)
	poll(t, ctx, "the team mate's page", `document.documentElement.classList.contains("js-audit") && document.querySelector("#audit").dataset.user === "auditor2.A" &&
		document.querySelector("[data-offline-sync]").textContent !== ""`)
	time.Sleep(1500 * time.Millisecond) // room for a wrong replay
	if got := evalString(t, ctx, `document.querySelector("#n-C05").value`); got != "" {
		t.Errorf("the team mate sees C05's note %q", got)
	}
	if got := evalString(t, ctx, `document.body.innerText`); strings.Contains(got, secret) {
		t.Error("the team mate's page shows the first auditor's queued note")
	}
	if got := browsertest.Text(t, ctx, "[data-offline-waiting]"); got != "Không có thay đổi nào chờ gửi." {
		t.Errorf("the team mate's panel reads %q", got)
	}
	browsertest.Do(t, ctx, "touch C06", chromedp.Click(chromedp.CSS(`#item-C06 label.result-conform`)))
	poll(t, ctx, "C06 saved", savedState("C06"))
	if n := e.itemRows(t, "answers", "C05"); n != 0 {
		t.Fatal("the team mate's page sent the first auditor's queued change")
	}

	// She signs out (nothing of hers waits: no warning); the first auditor
	// signs in again and her change is sent.
	browsertest.Do(t, ctx, "the team mate signs out", chromedp.Click(chromedp.CSS(`[data-logout]`)))
	browsertest.WaitURL(t, ctx, "/login")
	signInAs(t, ctx, base, "auditor.A", path)
	waitStored(t, e, "C05", secret)
}

// A change that waited offline while the team submitted the audit is
// refused when it is sent: the page says why and keeps the text, also after
// a reload, until the auditor dismisses it.
func TestBrowserOfflineRefusedChangeKeepsItsText(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	path := fmt.Sprintf("/audits/%d", e.auditID)
	const note = "Phát hiện thêm: sổ theo dõi chưa ký"
	signInAs(t, ctx, base, "auditor.A", "")
	answerOffline(t, ctx, base+path, "C07", note)

	e.answerAll(t, nil)
	if resp, body := e.member.Do(http.MethodPost, e.path("/submit"), map[string]any{}); resp.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	setOffline(t, ctx, false)
	poll(t, ctx, "the refusal", `!document.querySelector("[data-offline-refused]").hidden`)
	check := func(when string) {
		t.Helper()
		got := browsertest.Text(t, ctx, "[data-offline-refused]")
		if !strings.Contains(got, "C07") || !strings.Contains(got, "Đã nộp kết quả") {
			t.Errorf("%s: the refusal reads %q", when, got)
		}
		if kept := evalString(t, ctx, `document.querySelector("[data-offline-refused] textarea").value`); kept != note {
			t.Errorf("%s: the text kept is %q", when, kept)
		}
	}
	check("at once")
	browsertest.Navigate(t, ctx, base+path)
	poll(t, ctx, "the refusal after a reload", `document.readyState === "complete" && !document.querySelector("[data-offline-refused]").hidden`)
	check("after a reload")
	browsertest.Do(t, ctx, "scroll to the panel", chromedp.ScrollIntoView(chromedp.CSS("#offline")))
	browsertest.Shot(t, ctx, "offline-refused-768")
	if _, got, _ := e.stored(t, "C07"); got == note {
		t.Error("the refused change reached the answer")
	}
	browsertest.Do(t, ctx, "dismiss", chromedp.Click(chromedp.CSS(`[data-offline-refused] [data-dismiss]`)))
	poll(t, ctx, "the refusal dismissed", `document.querySelector("[data-offline-refused]").hidden`)
}

// The tablet's storage is full (a quota of one byte, forced through
// DevTools): a change made offline cannot be kept on the tablet. The item
// and the panel say so instead of "kept", the change stays in the page and
// reaches the server once the network returns.
func TestBrowserOfflineStorageFull(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	path := fmt.Sprintf("/audits/%d", e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, base+path)
	openControlled(t, ctx, base+path)
	one := 1.0
	if _, err := chromedp.Call(ctx, storage.OverrideQuotaForOrigin, storage.OverrideQuotaForOriginParams{Origin: base, QuotaSize: &one}); err != nil {
		t.Fatalf("fill the tablet's storage: %v", err)
	}
	setOffline(t, ctx, true)
	const note = "Sổ theo dõi hồ sơ chưa cập nhật từ tháng 10"
	browsertest.Do(t, ctx, "answer C06 offline",
		chromedp.Click(chromedp.CSS(`#item-C06 label.result-minor`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C06`), note))
	poll(t, ctx, "C06 not kept", `document.querySelector("#item-C06 [data-state]").textContent.startsWith("Không giữ được") &&
		!document.querySelector("[data-offline-storage]").hidden`)
	if got := browsertest.Text(t, ctx, "[data-offline-storage]"); !strings.Contains(got, "KHÔNG giữ được") {
		t.Errorf("the panel says %q", got)
	}
	browsertest.Shot(t, ctx, "offline-storage-full-768")

	setOffline(t, ctx, false)
	waitStored(t, e, "C06", note)
	// The change is no longer said to be lost; the page itself may still be
	// said not to be kept for offline use, which stays true while the
	// storage is full (the worker refreshes the page and its fields once
	// the network returns, and cannot keep them).
	poll(t, ctx, "C06 saved", savedState("C06")+` && (document.querySelector("[data-offline-storage]").hidden || `+
		`!document.querySelector("[data-offline-storage]").textContent.includes("KHÔNG giữ được"))`)
}
