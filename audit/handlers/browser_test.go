package handlers_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// poll waits until the JavaScript condition holds, starting again on the
// new page when a navigation interrupts it.
func poll(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			t.Fatalf("waiting for %s (%s): %v", what, cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return s
}

func savedState(item string) string {
	return `document.querySelector("#item-` + item + ` [data-state]").dataset.state === "saved"`
}

// stored reads an answer as the database holds it.
func (e *conductEnv) stored(t *testing.T, item string) (result, note string, version int64) {
	t.Helper()
	_ = e.app.DB.R.QueryRow(`SELECT result, note, version FROM answers WHERE audit_id = ? AND item_code = ?`, e.auditID, item).Scan(&result, &note, &version)
	return
}

// fits reports what sticks out of the screen or is too small to touch.
const fits = `(() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth) out.push("page " + document.documentElement.scrollWidth + "px wide");
  for (const el of document.querySelectorAll('#audit .result, #audit .btn, #audit textarea, #audit input:not([type=hidden]):not([type=radio]):not([type=file])')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.height < 44 || r.width < 44) out.push((el.id || el.textContent.trim().slice(0, 20)) + " " + Math.round(r.width) + "x" + Math.round(r.height));
    if (r.right > window.innerWidth + 1) out.push((el.id || el.textContent.trim().slice(0, 20)) + " sticks out");
  }
  return out.slice(0, 10).join("; ");
})()`

// An auditor conducts an audit on a tablet: answers by touch, attaches a
// photo from the camera, meets a team mate's change twice (keeps theirs
// once, hers once) and submits.
func TestBrowserConductAnAudit(t *testing.T) {
	e := newConductEnv(t)
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/audits/%d", e.auditID)
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "auditor.A"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+page)
	poll(t, ctx, "the script", `document.documentElement.classList.contains("js-audit")`)
	browsertest.Shot(t, ctx, "audit-open-768")
	if got := evalString(t, ctx, fits); got != "" {
		t.Errorf("portrait 768×1024: %s", got)
	}

	// Answer by touch; the note is saved as it is typed.
	browsertest.Do(t, ctx, "answer C01",
		chromedp.Click(chromedp.CSS(`#item-C01 label.result-conform`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C01`), "Có văn bản xác định bối cảnh, cập nhật 2026"))
	poll(t, ctx, "C01 saved", savedState("C01")+` && document.querySelector("#n-C01").value.endsWith("2026")`)
	waitStored(t, e, "C01", "Có văn bản xác định bối cảnh, cập nhật 2026")
	browsertest.Do(t, ctx, "answer C02",
		chromedp.Click(chromedp.CSS(`#item-C02 label.result-minor`)),
		chromedp.SendKeys(chromedp.CSS(`#n-C02`), "Chưa xác định yêu cầu của cơ quan liên thông"))
	waitStored(t, e, "C02", "Chưa xác định yêu cầu của cơ quan liên thông")
	poll(t, ctx, "the progress", savedState("C02")+` && document.querySelector("[data-progress-text]").textContent.includes("2/69")`)

	// The filters: nonconformities only, then unanswered only.
	visible := func(id string) string { return `document.getElementById("` + id + `").offsetParent !== null` }
	browsertest.Do(t, ctx, "show nonconformities", chromedp.Click(chromedp.CSS(`[data-show-link="nc"]`)))
	poll(t, ctx, "only C02", "!"+visible("item-C01")+" && "+visible("item-C02")+" && !"+visible("item-C03"))
	browsertest.Do(t, ctx, "show unanswered", chromedp.Click(chromedp.CSS(`[data-show-link="unanswered"]`)))
	poll(t, ctx, "only unanswered", "!"+visible("item-C01")+" && !"+visible("item-C02")+" && "+visible("item-C03"))
	browsertest.Do(t, ctx, "show all", chromedp.Click(chromedp.CSS(`[data-show-link=""]`)))
	poll(t, ctx, "all items", visible("item-C01")+" && "+visible("item-C03"))

	// A photo straight from the camera.
	jpg := imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(1200, 600)), imagetest.ExifTIFF(binary.LittleEndian, 6))
	file := filepath.Join(t.TempDir(), "IMG_20260601.jpg")
	if err := os.WriteFile(file, jpg, 0o600); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "take a photo",
		chromedp.Click(chromedp.CSS(`#item-C25 [data-toggle]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	saveInEditor(t, ctx)
	poll(t, ctx, "the thumbnail", `(() => { const i = document.querySelector("#item-C25 .thumb img"); return !!i && i.complete && i.naturalWidth > 0; })()`)
	var w, h int
	_ = e.app.DB.R.QueryRow(`SELECT width, height FROM attachments WHERE item_code = 'C25'`).Scan(&w, &h)
	if w != 600 || h != 1200 {
		t.Errorf("the photo is stored %dx%d, want upright 600x1200", w, h)
	}
	browsertest.Shot(t, ctx, "audit-conduct-768")

	// A team mate saves C01 meanwhile; the next touch meets it. Keep mine.
	_, _, v := e.stored(t, "C01")
	if status, b := e.put(e.member, "C01", map[string]any{"result": "observation", "note": "Ghi của thành viên", "version": v}); status != http.StatusOK {
		t.Fatalf("team mate: %d %s", status, b)
	}
	browsertest.Do(t, ctx, "touch C01 again", chromedp.SendKeys(chromedp.CSS(`#n-C01`), " (đã xem)"))
	poll(t, ctx, "the conflict on C01", `!document.querySelector("#item-C01 [data-conflict]").hidden`)
	if got := evalString(t, ctx, `document.querySelector("#item-C01 [data-conflict]").textContent`); !strings.Contains(got, "Ghi của thành viên") || !strings.Contains(got, "auditor2.A") {
		t.Errorf("the conflict shows %q", got)
	}
	if result, note, _ := e.stored(t, "C01"); result != "observation" || note != "Ghi của thành viên" {
		t.Fatalf("the team mate's answer was overwritten silently: %s %q", result, note)
	}
	browsertest.Do(t, ctx, "keep mine", chromedp.Click(chromedp.CSS(`#item-C01 [data-keep]`)))
	waitStored(t, e, "C01", "Có văn bản xác định bối cảnh, cập nhật 2026 (đã xem)")
	if result, _, version := e.stored(t, "C01"); result != "conform" || version != v+2 {
		t.Errorf("after keeping mine: %s v%d, want conform v%d", result, version, v+2)
	}

	// And on C02 take theirs.
	_, _, v = e.stored(t, "C02")
	if status, b := e.put(e.member, "C02", map[string]any{"result": "major", "note": "Nặng: không có danh mục bên quan tâm", "version": v}); status != http.StatusOK {
		t.Fatalf("team mate: %d %s", status, b)
	}
	browsertest.Do(t, ctx, "touch C02 again", chromedp.SendKeys(chromedp.CSS(`#n-C02`), "!"))
	poll(t, ctx, "the conflict on C02", `!document.querySelector("#item-C02 [data-conflict]").hidden`)
	browsertest.Do(t, ctx, "take theirs", chromedp.Click(chromedp.CSS(`#item-C02 [data-take]`)))
	poll(t, ctx, "their answer in the form", `document.querySelector("#n-C02").value === "Nặng: không có danh mục bên quan tâm" && document.querySelector('#item-C02 input[value="major"]').checked`)
	if result, _, version := e.stored(t, "C02"); result != "major" || version != v+1 {
		t.Errorf("taking theirs changed the answer: %s v%d", result, version)
	}

	// Landscape fits too.
	browsertest.Do(t, ctx, "turn the tablet", chromedp.EmulateViewport(1024, 768, chromedp.EmulateTouch, chromedp.EmulateLandscape))
	if got := evalString(t, ctx, fits); got != "" {
		t.Errorf("landscape 1024×768: %s", got)
	}

	// The rest is answered by the team mate; the lead records the closing
	// meeting and submits.
	for _, it := range e.items(t) {
		if it.ItemID == "C01" || it.ItemID == "C02" {
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
	browsertest.Do(t, ctx, "closing meeting and submit",
		chromedp.SendKeys(chromedp.CSS(`#cl-rep`), "Ông Phạm Văn Đức, Chủ tịch UBND xã"),
		chromedp.Click(chromedp.CSS(`input[name="agreed"][value="yes"]`)),
		chromedp.Click(chromedp.CSS(`#submit-audit`)))
	poll(t, ctx, "the summary asked first", `!!document.querySelector("dialog.submit-dialog[open] #submit-dialog-confirm:not([hidden])")`)
	browsertest.Do(t, ctx, "confirm the submission", chromedp.Click(chromedp.CSS(`#submit-dialog-confirm`)))
	poll(t, ctx, "the submitted page", `document.readyState === "complete" && !!document.querySelector(".flash") && !!document.querySelector("#findings")`)
	if got := e.status(t); got != "submitted" {
		t.Fatalf("status %s", got)
	}
	findings := evalString(t, ctx, `document.querySelector("#findings").textContent`)
	if !strings.Contains(findings, "Không phù hợp nặng") || !strings.Contains(findings, "C02") {
		t.Errorf("the findings read %q", findings)
	}
	if n, _ := strconv.Atoi(evalString(t, ctx, `String(document.querySelectorAll("[data-answer-form]").length)`)); n != 0 {
		t.Errorf("%d answer forms after submission", n)
	}
	browsertest.Shot(t, ctx, "audit-submitted-1024")
}

// waitStored waits until the database holds the note for the item.
func waitStored(t *testing.T, e *conductEnv, item, note string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, got, _ := e.stored(t, item)
		if got == note {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s stored %q, want %q", item, got, note)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
