package handlers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The audited unit answers a nonconformity on a tablet (the why-why aid,
// the root cause, correction and similar cases, an action, a photo of the
// evidence from the camera) and the auditing team's lead accepts the plan
// and verifies the fix.
func TestBrowserAnswerAndVerifyANonconformity(t *testing.T) {
	e := newNCEnv(t)
	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	status := func(want string) {
		t.Helper()
		browsertest.WaitFor(t, ctx, `document.querySelector(".nc-status") && document.querySelector(".nc-status").dataset.status === "`+want+`"`)
	}
	signIn := func(user string) {
		t.Helper()
		browsertest.Navigate(t, ctx, base+"/login")
		browsertest.Do(t, ctx, "sign in as "+user,
			chromedp.SendKeys(chromedp.CSS("#username"), user),
			chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
		browsertest.WaitURL(t, ctx, "/")
	}
	step := func(to string) {
		t.Helper()
		browsertest.Do(t, ctx, "step to "+to, chromedp.Click(chromedp.CSS(`form.step-form[data-to="`+to+`"] button`)))
		status(to)
	}
	signOut := func() {
		t.Helper()
		browsertest.Do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`[data-logout]`)))
		browsertest.WaitURL(t, ctx, "/login")
	}

	// The audited unit finds it in the register and answers it.
	signIn("auditee." + e.auditee)
	browsertest.Navigate(t, ctx, base+"/nonconformities")
	browsertest.Do(t, ctx, "open the nonconformity", chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-nc="%d"] a.row-link`, e.nc))))
	browsertest.WaitURL(t, ctx, page)
	status("open")
	if got := browsertest.Text(t, ctx, "#nc-facts + dl"); !strings.Contains(got, "Chưa nhận diện rủi ro trễ hạn") {
		t.Errorf("the finding's evidence is not shown: %q", got)
	}
	// Sending an incomplete analysis keeps every word typed and says,
	// next to each field, what is still missing.
	browsertest.Do(t, ctx, "a first, incomplete analysis",
		chromedp.SendKeys(chromedp.CSS("#why-1"), "Vì sao chưa nhận diện rủi ro trễ hạn? Vì chưa có sổ đăng ký rủi ro"),
		chromedp.SendKeys(chromedp.CSS("#why-2"), "Vì sao chưa có? Vì chưa phân công người lập"),
		chromedp.SendKeys(chromedp.CSS("#root_cause"), "Chưa phân công người lập và cập nhật sổ đăng ký rủi ro"),
		chromedp.Click(chromedp.CSS("#send-analysis")))
	browsertest.WaitFor(t, ctx, `document.querySelector("#correction + .field-error") !== null`)
	status("open")
	if got := evalString(t, ctx, `document.querySelector("#root_cause").value + "|" + document.querySelector("#why-2").value`); got != "Chưa phân công người lập và cập nhật sổ đăng ký rủi ro|Vì sao chưa có? Vì chưa phân công người lập" {
		t.Errorf("the analysis typed before the refused step is lost: %q", got)
	}
	browsertest.Do(t, ctx, "complete and send the analysis",
		chromedp.SendKeys(chromedp.CSS("#correction"), "Đã lập sổ đăng ký rủi ro tạm thời cho lĩnh vực đất đai"),
		chromedp.SendKeys(chromedp.CSS("#similar_cases"), "Rà soát các lĩnh vực còn lại: chưa lĩnh vực nào có sổ"),
		chromedp.SetValue(chromedp.CSS("#cause_category"), "workload"),
		chromedp.Click(chromedp.CSS("#send-analysis")))
	status("cause_analysed")
	browsertest.Do(t, ctx, "add an action",
		chromedp.SendKeys(chromedp.CSS("#a-description"), "Ban hành sổ đăng ký rủi ro cho mọi lĩnh vực TTHC"),
		chromedp.Click(chromedp.CSS(`#add-action button[type="submit"]`)))
	browsertest.WaitFor(t, ctx, `document.querySelectorAll(".nc-action").length === 1`)
	step("plan_submitted")
	signOut()

	// The lead accepts the plan.
	signIn("auditor.A")
	browsertest.Navigate(t, ctx, base+page)
	status("plan_submitted")
	step("plan_accepted")
	signOut()

	// The unit reports the action done with a photo and the plan implemented.
	signIn("auditee." + e.auditee)
	browsertest.Navigate(t, ctx, base+page)
	browsertest.Do(t, ctx, "action done",
		chromedp.SendKeys(chromedp.CSS(".nc-action textarea"), "Đã ban hành Quyết định 15/QĐ-UBND"),
		chromedp.Click(chromedp.CSS(".nc-action form button")))
	browsertest.WaitFor(t, ctx, `document.querySelector(".nc-action .badge-done") !== null`)
	file := filepath.Join(t.TempDir(), "so-rui-ro.png")
	if err := os.WriteFile(file, photo(t), 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "take a photo", chromedp.SetUploadFiles(chromedp.CSS(`#file-implementation`), []string{file}))
	browsertest.Do(t, ctx, "upload it", chromedp.Click(chromedp.CSS(`#file-implementation ~ button`)))
	browsertest.WaitFor(t, ctx, `document.querySelector(".thumbs img") !== null`)
	if over := evalString(t, ctx, `document.documentElement.scrollWidth > window.innerWidth ? "wide" : ""`); over != "" {
		t.Error("the page is wider than the tablet")
	}
	browsertest.Shot(t, ctx, "nc-answered-768")
	step("implemented")
	signOut()

	// The lead verifies.
	signIn("auditor.A")
	browsertest.Navigate(t, ctx, base+page)
	step("verified")
	if got := browsertest.Text(t, ctx, "ol.history"); strings.Count(got, "→") != 5 {
		t.Errorf("history %q", got)
	}
	if s := e.ncStatus(t, e.nc); s != "verified" {
		t.Errorf("stored status %s", s)
	}
}
