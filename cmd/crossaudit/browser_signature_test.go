package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// At the closing meeting on a 768×1024 tablet, the audited unit's
// representative signs with a finger (touch events) and the team lead with
// the mouse; submitting shows what will be submitted, with figures that
// match the audit, and only the confirmation submits; the minutes PDF then
// prints both signatures above the signers' names.
func TestBrowserSignaturesAtTheClosingMeeting(t *testing.T) {
	a := demoApp(t)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())
	j := &journey{t: t, ctx: ctx, base: a.HTTP.URL, a: a}
	var auditID int64
	var code string
	if err := a.DB.R.QueryRow(`SELECT a.id, u.code FROM audits a JOIN units u ON u.id = a.auditor_unit_id
		WHERE a.status = 'in_progress' ORDER BY a.id LIMIT 1`).Scan(&auditID, &code); err != nil {
		t.Fatal(err)
	}
	lead := "auditor." + code
	answerTheRest(t, a.Token(lead, demo.Password), auditID)

	j.signIn(lead)
	page := fmt.Sprintf("/audits/%d", auditID)
	axe := os.Getenv("CROSSAUDIT_AXE") != ""
	// The confirmation as a page, as a browser without script gets it.
	browsertest.Navigate(t, ctx, j.base+page+"/submit")
	if got := browsertest.Text(t, ctx, `[data-review="answered"]`); got != "69/69" {
		t.Errorf("the confirmation page counts %s answered", got)
	}
	if axe {
		report(t, "the submission's confirmation page", browsertest.SeriousViolations(t, ctx))
	}
	browsertest.Navigate(t, ctx, j.base+page)
	browsertest.WaitFor(t, ctx, `document.documentElement.classList.contains("js-audit") && !document.querySelector("[data-signature-pads]").hidden`)
	browsertest.Do(t, ctx, "closing meeting",
		chromedp.SendKeys(chromedp.CSS(`#cl-rep`), "Bà Lê Thị Hoa, Phó Chủ tịch UBND xã"),
		chromedp.Click(chromedp.CSS(`input[name="agreed"][value="yes"]`)))
	if got := j.eval(`(() => { const r = document.querySelector("#sig-representative").getBoundingClientRect();
		return getComputedStyle(document.querySelector("#sig-representative")).touchAction + " " + (r.right <= innerWidth) + " " + (document.documentElement.scrollWidth <= innerWidth); })()`); got != "none true true" {
		t.Errorf("the signature pad at 768: touch-action, fits, page fits = %s", got)
	}

	// The representative signs with a finger, the lead with the mouse.
	j.eval(`document.querySelector("#sig-lead").scrollIntoView({block: "center"}); true`)
	browsertest.Do(t, ctx, "sign with a finger", touchStroke(j, "#sig-representative"))
	browsertest.Do(t, ctx, "sign with the mouse", mouseStroke(j, "#sig-lead"))
	browsertest.WaitFor(t, ctx, `document.querySelector('[name="signature_representative"]').value.startsWith("data:image/png") && document.querySelector('[name="signature_lead"]').value.startsWith("data:image/png")`)
	if got := browsertest.Text(t, ctx, `#sig-representative-state`); got != "Đã ký" {
		t.Errorf("the pad says %q once signed", got)
	}
	// Clear and sign again.
	browsertest.Do(t, ctx, "clear the lead's signature", chromedp.Click(chromedp.CSS(`[data-signature-pad="lead"] [data-signature-clear]`)))
	browsertest.WaitFor(t, ctx, `document.querySelector('[name="signature_lead"]').value === ""`)
	browsertest.Do(t, ctx, "sign again", mouseStroke(j, "#sig-lead"))
	browsertest.WaitFor(t, ctx, `document.querySelector('[name="signature_lead"]').value.startsWith("data:image/png")`)
	browsertest.Shot(t, ctx, "signature-pads-768")
	if axe {
		report(t, "the signature pads", browsertest.SeriousViolations(t, ctx))
	}

	// Offline, submitting is refused in words, and nothing drawn is lost.
	j.setOffline(true)
	browsertest.Do(t, ctx, "submit offline", chromedp.Click(chromedp.CSS(`#submit-audit`)))
	browsertest.WaitFor(t, ctx, `(() => { const m = document.querySelector("[data-submit-message]"); return !!m && !m.hidden && m.textContent.includes("mất mạng"); })()`)
	if got := j.eval(`document.querySelector('[name="signature_representative"]').value.startsWith("data:image/png") && document.querySelector('[name="signature_lead"]').value.startsWith("data:image/png") && document.querySelector("#cl-rep").value`); got != "Bà Lê Thị Hoa, Phó Chủ tịch UBND xã" {
		t.Errorf("offline, the form kept %q", got)
	}
	if s := j.str(`SELECT status FROM audits WHERE id = ?`, auditID); s != "in_progress" {
		t.Fatalf("offline, the audit became %s", s)
	}
	j.setOffline(false)

	// Submitting asks first; the summary's figures are the audit's.
	browsertest.Do(t, ctx, "submit", chromedp.Click(chromedp.CSS(`#submit-audit`)))
	browsertest.WaitFor(t, ctx, `!!document.querySelector("dialog.submit-dialog[open] #submit-dialog-confirm:not([hidden])")`)
	browsertest.Shot(t, ctx, "signature-summary-768")
	if axe {
		report(t, "the submission's summary", browsertest.SeriousViolations(t, ctx))
	}
	count := func(where string) string {
		return fmt.Sprint(j.count(`SELECT COUNT(*) FROM answers WHERE audit_id = ? AND `+where, auditID))
	}
	want := map[string]string{
		"answered":    count(`result <> ''`) + "/69",
		"na":          count(`result = 'na'`),
		"major":       count(`result = 'major'`),
		"minor":       count(`result = 'minor'`),
		"observation": count(`result = 'observation'`),
		"conform":     count(`result = 'conform'`),
		"photos":      fmt.Sprint(j.count(`SELECT COUNT(*) FROM attachments a WHERE a.audit_id = ? AND a.content_type LIKE 'image/%' AND a.original_of IS NULL`, auditID)),
	}
	for k, v := range want {
		if got := j.eval(`document.querySelector('dialog.submit-dialog [data-review="` + k + `"]').textContent`); got != v {
			t.Errorf("the summary's %s is %s, the audit's %s", k, got, v)
		}
	}
	if n := j.evalInt(`document.querySelectorAll("dialog.submit-dialog img.signature-img").length`); n != 2 {
		t.Errorf("the summary shows %d signatures, want 2", n)
	}
	if s := j.str(`SELECT status FROM audits WHERE id = ?`, auditID); s != "in_progress" {
		t.Fatalf("asking submitted the audit: %s", s)
	}
	browsertest.Do(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#submit-dialog-confirm`)))
	browsertest.WaitFor(t, ctx, `!!document.querySelector(".flash") && !!document.querySelector("#closing-signatures")`)
	if s := j.str(`SELECT status FROM audits WHERE id = ?`, auditID); s != "submitted" {
		t.Fatalf("after confirming, the audit is %s", s)
	}
	if n := j.count(`SELECT COUNT(*) FROM closing_signatures WHERE audit_id = ?`, auditID); n != 2 {
		t.Fatalf("%d signatures stored", n)
	}

	// The minutes print both drawings, and the names under them.
	pdf := j.fetch(fmt.Sprintf("/api/v1/audits/%d/minutes.pdf", auditID))
	if text := pdftest.Text(t, pdf); !strings.Contains(text, "Bà Lê Thị Hoa, Phó Chủ tịch UBND xã") {
		t.Errorf("the minutes lack the representative's name:\n%s", text)
	}
	if n := pdftest.Images(t, pdf); n != 2 {
		t.Errorf("the minutes hold %d images, want the 2 signatures", n)
	}
}

// answerTheRest answers every item still unanswered as conform, so that the
// audit may be submitted.
func answerTheRest(t *testing.T, c *webtest.Client, auditID int64) {
	t.Helper()
	resp, body := c.Do(http.MethodGet, fmt.Sprintf("/api/v1/audits/%d", auditID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("get audit: %d %s", resp.StatusCode, body)
	}
	var v findings.AuditView
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	for _, it := range v.Items {
		if it.Answer != nil && it.Answer.Result != "" {
			continue
		}
		in := map[string]any{"result": "conform", "note": "Đã kiểm tra hồ sơ, đạt yêu cầu.", "version": 0}
		if it.Answer != nil {
			in["version"] = it.Answer.Version
		}
		if it.Kind == "measure" {
			in["value"] = map[string]float64{">=98": 99, "=100": 100, ">=50": 60, ">=90": 95}[it.Target]
		}
		if resp, b := c.Do(http.MethodPut, fmt.Sprintf("/api/v1/audits/%d/answers/%s", auditID, it.ItemID), in); resp.StatusCode != http.StatusOK {
			t.Fatalf("answer %s: %d %s", it.ItemID, resp.StatusCode, b)
		}
	}
}

// strokePoints are a signature's points across the canvas sel, in the
// page's CSS pixels: a zigzag from left to right.
func strokePoints(j *journey, sel string) [][2]float64 {
	var r struct{ X, Y, W, H float64 }
	s := j.eval(`(() => { const r = document.querySelector("` + sel + `").getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(","); })()`)
	if _, err := fmt.Sscanf(strings.ReplaceAll(s, ",", " "), "%g %g %g %g", &r.X, &r.Y, &r.W, &r.H); err != nil || r.W < 100 {
		j.t.Fatalf("the canvas %s is at %s", sel, s)
	}
	var out [][2]float64
	for i := 0; i <= 24; i++ {
		x := r.X + r.W*(0.1+0.8*float64(i)/24)
		y := r.Y + r.H*(0.3+0.4*float64(i%2))
		out = append(out, [2]float64{x, y})
	}
	return out
}

// touchStroke draws on the canvas with one finger: touchStart, moves,
// touchEnd, as a tablet's screen sends them.
func touchStroke(j *journey, sel string) chromedp.Action[chromedp.Void] {
	pts := strokePoints(j, sel)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for i, p := range pts {
			typ := input.DispatchTouchEventTypeTouchMove
			if i == 0 {
				typ = input.DispatchTouchEventTypeTouchStart
			}
			if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ,
				TouchPoints: []*input.TouchPoint{{X: p[0], Y: p[1]}}}); err != nil {
				return err
			}
		}
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

// mouseStroke draws on the canvas with the mouse, its left button down.
func mouseStroke(j *journey, sel string) chromedp.Action[chromedp.Void] {
	pts := strokePoints(j, sel)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		send := func(typ input.DispatchMouseEventType, p [2]float64, buttons int64) error {
			_, err := cdp.Call(ctx, t, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: typ, X: p[0], Y: p[1],
				Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1})
			return err
		}
		if err := send(input.DispatchMouseEventTypeMousePressed, pts[0], 1); err != nil {
			return err
		}
		for _, p := range pts[1:] {
			if err := send(input.DispatchMouseEventTypeMouseMoved, p, 1); err != nil {
				return err
			}
		}
		return send(input.DispatchMouseEventTypeMouseReleased, pts[len(pts)-1], 0)
	})
}
