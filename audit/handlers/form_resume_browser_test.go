package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// An auditee writes the cause analysis of a nonconformity while the session
// runs out: saving asks to sign in again, and signing in leads back to the
// form with every word typed, which then saves.
func TestBrowserExpiredSessionKeepsTheAnalysis(t *testing.T) {
	e := newNCEnv(t)
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	user := "auditee." + e.auditee
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+page)
	const why, cause = "Vì sao chưa nhận diện rủi ro trễ hạn? Vì chưa có sổ đăng ký rủi ro", "Chưa phân công người lập sổ — lĩnh vực đất đai"
	browsertest.Do(t, ctx, "type the analysis",
		chromedp.SendKeys(chromedp.CSS("#why-1"), why),
		chromedp.SendKeys(chromedp.CSS("#root_cause"), cause))

	// The session ends on the server (expiry, a password change elsewhere).
	if _, err := e.app.DB.W.Exec(`DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.CSS("#save-analysis")))
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-resume-action]") !== null`)
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "Phiên làm việc đã hết hạn") || !strings.Contains(got, "vẫn được giữ") {
		t.Errorf("the sign-in prompt does not say the session ended and the text is kept: %q", got)
	}
	if next := browsertest.Attr(t, ctx, "[data-resume-next]", "value"); next != page {
		t.Errorf("signing in leads to %q, want the form's page %q", next, page)
	}
	browsertest.Do(t, ctx, "sign in again",
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, page)
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-draft-restored]") !== null`)
	if got := evalString(t, ctx, `document.querySelector("#why-1").value + "|" + document.querySelector("#root_cause").value`); got != why+"|"+cause {
		t.Fatalf("the analysis typed before the session ended is not back in the form: %q", got)
	}
	browsertest.Do(t, ctx, "save again", chromedp.Click(chromedp.CSS("#save-analysis")))
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-draft-restored]") === null && document.querySelector("#root_cause") !== null`)
	var stored string
	if err := e.app.DB.R.QueryRow(`SELECT root_cause FROM findings WHERE id = ?`, e.nc).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != cause {
		t.Errorf("stored root cause %q, want %q", stored, cause)
	}
	// A later visit to the form does not bring the old draft back.
	browsertest.Navigate(t, ctx, base+page)
	if n := evalString(t, ctx, `String(document.querySelectorAll("[data-draft-restored]").length)`); n != "0" {
		t.Error("the draft came back on a later visit")
	}
}

// A form opened before the user signed in again elsewhere carries an old
// CSRF token: the server refuses it, says why, and going back to the form
// puts the text back.
func TestBrowserStaleFormKeepsItsText(t *testing.T) {
	e := newNCEnv(t)
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "auditee."+e.auditee),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+page)
	const cause = "Sổ theo dõi hồ sơ chưa được cập nhật hằng ngày"
	browsertest.Do(t, ctx, "type", chromedp.SendKeys(chromedp.CSS("#root_cause"), cause))
	evalString(t, ctx, `document.querySelectorAll('input[name="csrf"]').forEach(i => i.value = "an-earlier-sessions-token"), "old"`)
	browsertest.Do(t, ctx, "save a form from an earlier session", chromedp.Click(chromedp.CSS("#save-analysis")))
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-resume-action]") !== null`)
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "phiên đăng nhập trước") {
		t.Errorf("the page does not say why the form was refused: %q", got)
	}
	browsertest.Do(t, ctx, "back to the form", chromedp.Click(chromedp.CSS("a[data-resume-next]")))
	browsertest.WaitURL(t, ctx, page)
	browsertest.WaitFor(t, ctx, `document.querySelector("[data-draft-restored]") !== null`)
	if got := evalString(t, ctx, `document.querySelector("#root_cause").value`); got != cause {
		t.Errorf("the text typed is not back: %q", got)
	}
}
