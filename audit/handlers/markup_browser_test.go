package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// grayPhoto is a light photo of squares, on which a red mark stands out.
func grayPhoto(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(190 + (x/50+y/50)%2*30)
			img.SetRGBA(x, y, color.RGBA{v, v, v, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 88}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// box is an element's place on the screen, in CSS pixels.
type box struct{ X, Y, W, H float64 }

func boxOf(t *testing.T, ctx context.Context, sel string) box {
	t.Helper()
	var b box
	s := evalString(t, ctx, `JSON.stringify((() => { const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })())`)
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// drag draws with a finger on the tablet's screen from (x1, y1) to (x2, y2),
// given as fractions of b: touches that the browser turns into pointer
// events, as a real finger's.
func drag(t *testing.T, ctx context.Context, b box, x1, y1, x2, y2 float64) {
	t.Helper()
	at := func(fx, fy float64) []*input.TouchPoint {
		return []*input.TouchPoint{{X: b.X + fx*b.W, Y: b.Y + fy*b.H}}
	}
	steps := []input.DispatchTouchEventParams{{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: at(x1, y1)}}
	for i := 1; i <= 8; i++ {
		f := float64(i) / 8
		steps = append(steps, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: at(x1+(x2-x1)*f, y1+(y2-y1)*f)})
	}
	steps = append(steps, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
	for _, s := range steps {
		sctx, cancel := context.WithTimeout(ctx, browsertest.StepTimeout)
		_, err := chromedp.Call(sctx, input.DispatchTouchEvent, s)
		cancel()
		if err != nil {
			t.Fatalf("touch %s: %v", s.Type, err)
		}
	}
}

func signInAuditor(t *testing.T, ctx context.Context, e *conductEnv) {
	t.Helper()
	browsertest.Navigate(t, ctx, e.app.HTTP.URL+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "auditor.A"),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, e.app.HTTP.URL+e.pagePath())
	poll(t, ctx, "the script", `document.documentElement.classList.contains("js-audit")`)
}

// An auditor takes a photo on the tablet, draws an arrow and a circle on it
// with a finger, tries a label and takes it back, and saves: the item shows
// the marked-up photo with a link to the original, and both are kept.
func TestBrowserMarkUpAPhoto(t *testing.T) {
	e := newConductEnv(t)
	ctx := browsertest.Start(t)
	signInAuditor(t, ctx, e)

	picked := grayPhoto(t, 900, 600)
	file := filepath.Join(t.TempDir(), "IMG_SO_TIEP_NHAN.jpg")
	if err := os.WriteFile(file, picked, 0o600); err != nil {
		t.Fatal(err)
	}
	openItem(t, ctx, "C25")
	browsertest.Do(t, ctx, "take a photo", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	poll(t, ctx, "the editor", `(() => { const d = document.querySelector("dialog.markup"); return !!d && d.open && d.querySelector("canvas").width === 900; })()`)
	if got := evalString(t, ctx, `(() => { const r = document.querySelector("dialog.markup").getBoundingClientRect(); return r.left < 0 || r.right > innerWidth ? "the editor is " + r.width + "px wide" : ""; })()`); got != "" {
		t.Errorf("at 768×1024: %s", got)
	}
	canvas := boxOf(t, ctx, "dialog.markup canvas")
	// An arrow, then a circle.
	drag(t, ctx, canvas, 0.15, 0.2, 0.55, 0.5)
	poll(t, ctx, "the arrow", `document.querySelector("dialog.markup").dataset.shapes === "1"`)
	browsertest.Do(t, ctx, "the circle tool", chromedp.Click(chromedp.CSS(`dialog.markup [data-tool="ellipse"]`)))
	drag(t, ctx, canvas, 0.6, 0.55, 0.9, 0.9)
	poll(t, ctx, "the circle", `document.querySelector("dialog.markup").dataset.shapes === "2"`)
	// A label, taken back.
	browsertest.Do(t, ctx, "a label",
		chromedp.Click(chromedp.CSS(`dialog.markup [data-tool="text"]`)),
		chromedp.SendKeys(chromedp.CSS(`#markup-text`), "Thiếu chữ ký"))
	drag(t, ctx, canvas, 0.1, 0.9, 0.1, 0.9)
	poll(t, ctx, "the label", `document.querySelector("dialog.markup").dataset.shapes === "3"`)
	browsertest.Do(t, ctx, "undo", chromedp.Click(chromedp.CSS(`dialog.markup [data-undo]`)))
	poll(t, ctx, "the label taken back", `document.querySelector("dialog.markup").dataset.shapes === "2"`)
	if got := browsertest.Text(t, ctx, "dialog.markup [data-markup-save]"); got != "Lưu ảnh đã đánh dấu" {
		t.Errorf("the save button says %q", got)
	}
	if got := browsertest.Text(t, ctx, "dialog.markup .markup-note"); !strings.Contains(got, "Ảnh gốc được lưu kèm") {
		t.Errorf("the editor does not say the original is kept: %q", got)
	}
	browsertest.Shot(t, ctx, "markup-editor-768")
	if v := browsertest.SeriousViolations(t, ctx); len(v) > 0 {
		t.Errorf("the editor breaks accessibility rules: %v", v)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Fatalf("%d attachments stored before the photo was saved", n)
	}
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
	poll(t, ctx, "the marked-up photo on the item", `(() => {
		const th = document.querySelector("#item-C25 .thumb:not(.pending)");
		const i = th && th.querySelector("img");
		return !!i && i.complete && i.naturalWidth === 900 && !!th.querySelector("a[data-original]") && !document.querySelector("dialog.markup");
	})()`)
	browsertest.Shot(t, ctx, "markup-saved-768")

	// Stored: the mark-up and, linked to it, the original.
	var markID, origID int64
	if err := e.app.DB.R.QueryRow(`SELECT m.id, o.id FROM attachments m JOIN attachments o ON o.original_of = m.id WHERE m.item_code = 'C25'`).Scan(&markID, &origID); err != nil {
		t.Fatalf("no mark-up with its original: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 2 {
		t.Errorf("%d attachments, want the mark-up and its original", n)
	}
	shown := evalString(t, ctx, `document.querySelector("#item-C25 .thumb img").getAttribute("src")`)
	link := evalString(t, ctx, `document.querySelector("#item-C25 .thumb a[data-original]").getAttribute("href")`)
	if shown != fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, markID) || link != fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, origID) {
		t.Errorf("the item shows %s with the original at %s", shown, link)
	}
	// Both are served; the original is the photo picked, as the server
	// keeps every photo (re-encoded without its metadata), not redrawn.
	resp, original := e.lead.Do(http.MethodGet, link, nil)
	want, err := conduct.PrepareEvidence(context.Background(), picked)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(original, want.Data) {
		t.Errorf("the original served (%d, %d bytes) is not the photo picked (%d bytes)", resp.StatusCode, len(original), len(want.Data))
	}
	resp, marked := e.lead.Do(http.MethodGet, shown, nil)
	img, _, err := image.Decode(bytes.NewReader(marked))
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("the mark-up served: %d %v", resp.StatusCode, err)
	}
	// The arrow's middle, (0.35, 0.35) of the photo, is red.
	if r, g, b, _ := img.At(315, 210).RGBA(); !(r > 0xa000 && g < 0x6000 && b < 0x6000) {
		t.Errorf("the mark-up has no red arrow where it was drawn: %x %x %x", r>>8, g>>8, b>>8)
	}
	// The reload shows the same, drawn by the server.
	browsertest.Navigate(t, ctx, e.app.HTTP.URL+e.pagePath())
	if got := browsertest.Text(t, ctx, "#item-C25 .thumb"); !strings.Contains(got, "Ảnh gốc") || !strings.Contains(got, "Đã đánh dấu") {
		t.Errorf("after a reload the thumbnail says %q", got)
	}

	// Cancelling the editor saves nothing.
	openItem(t, ctx, "C26")
	browsertest.Do(t, ctx, "another photo", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C26`), []string{file}))
	poll(t, ctx, "the editor again", `!!document.querySelector("dialog.markup[open]")`)
	browsertest.Do(t, ctx, "cancel", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-cancel]`)))
	poll(t, ctx, "the editor closed", `!document.querySelector("dialog.markup")`)
	time.Sleep(300 * time.Millisecond)
	if n := e.count(t, `SELECT COUNT(*) FROM attachments WHERE item_code = 'C26'`); n != 0 {
		t.Errorf("a cancelled photo was stored (%d)", n)
	}
	// Saved without drawing, a photo is stored alone, as before.
	openItem(t, ctx, "C26")
	browsertest.Do(t, ctx, "a plain photo", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C26`), []string{file}))
	poll(t, ctx, "the editor again", `!!document.querySelector("dialog.markup[open]")`)
	browsertest.Do(t, ctx, "save as it is", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
	poll(t, ctx, "the plain photo", `!!document.querySelector("#item-C26 .thumb:not(.pending) img")`)
	if n := e.count(t, `SELECT COUNT(*) FROM attachments WHERE item_code = 'C26'`); n != 1 {
		t.Errorf("%d attachments for a photo saved without marks, want 1", n)
	}
}

// Deleting a photo asks first, saying what will go; Cancel keeps it.
func TestBrowserDeletingAPhotoAsks(t *testing.T) {
	e := newConductEnv(t)
	status, body := e.uploadParts(t, e.lead, map[string]string{"item_id": "C25"},
		map[part][]byte{{"file", "so-tiep-nhan.jpg"}: markedUp(t, 60, 30), {"original", "so-tiep-nhan.jpg"}: grayPhoto(t, 60, 30)})
	if status != http.StatusCreated {
		t.Fatalf("mark-up: %d %s", status, body)
	}
	ctx := browsertest.Start(t)
	signInAuditor(t, ctx, e)
	openItem(t, ctx, "C25")
	browsertest.Do(t, ctx, "delete", chromedp.Click(chromedp.CSS(`#item-C25 .thumb [data-delete-url]`)))
	poll(t, ctx, "the question", `!!document.querySelector("dialog[data-confirm-delete][open]")`)
	got := browsertest.Text(t, ctx, "dialog[data-confirm-delete]")
	for _, want := range []string{"Xóa bằng chứng?", "so-tiep-nhan.jpg", "câu hỏi C25", "báo cáo", "Ảnh gốc (chưa đánh dấu)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the question lacks %q: %q", want, got)
		}
	}
	browsertest.Shot(t, ctx, "delete-photo-asks-768")
	if v := browsertest.SeriousViolations(t, ctx); len(v) > 0 {
		t.Errorf("the question breaks accessibility rules: %v", v)
	}
	browsertest.Do(t, ctx, "cancel", chromedp.Click(chromedp.CSS(`dialog[data-confirm-delete] [data-keep-file]`)))
	poll(t, ctx, "the question gone", `!document.querySelector("dialog[data-confirm-delete]")`)
	time.Sleep(400 * time.Millisecond) // a delete would have arrived by now
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 2 {
		t.Fatalf("Cancel deleted: %d attachments left", n)
	}
	if got := evalString(t, ctx, `String(document.querySelectorAll("#item-C25 .thumb img").length)`); got != "1" {
		t.Errorf("after Cancel the item shows %s photos", got)
	}
	// Confirmed, the photo and its original go.
	browsertest.Do(t, ctx, "delete again", chromedp.Click(chromedp.CSS(`#item-C25 .thumb [data-delete-url]`)))
	poll(t, ctx, "the question again", `!!document.querySelector("dialog[data-confirm-delete][open]")`)
	browsertest.Do(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`dialog[data-confirm-delete] [data-delete-file]`)))
	poll(t, ctx, "the photo gone", `!document.querySelector("#item-C25 .thumb")`)
	deadline := time.Now().Add(5 * time.Second)
	for e.count(t, `SELECT COUNT(*) FROM attachments`) != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Errorf("%d attachments left after a confirmed delete", n)
	}
}

// saveInEditor saves the photo just picked as it is: every photo opens in
// the mark-up editor first (markup.js).
func saveInEditor(t *testing.T, ctx context.Context) {
	t.Helper()
	poll(t, ctx, "the mark-up editor", `!!document.querySelector("dialog.markup[open]")`)
	browsertest.Do(t, ctx, "save the photo", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
}

// openItem opens an item of the audit page, whose note and photo controls
// wait in a <template> until it is opened; an open item stays open.
func openItem(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	evalString(t, ctx, `(() => { const b = document.querySelector("#item-`+code+` [data-toggle]"); if (b && b.getAttribute("aria-expanded") !== "true") { b.click(); } return "ok"; })()`)
	poll(t, ctx, "item "+code+" open", `!!document.querySelector("#cam-`+code+`")`)
}
