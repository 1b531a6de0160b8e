package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The audited unit corrects a corrective action on a tablet (a refusal
// keeps what was typed, with the error under the field), then removes
// another: removal asks first, going back keeps it, confirming removes it.
func TestBrowserEditAndRemoveACorrectiveAction(t *testing.T) {
	e := newNCEnv(t)
	expect(t, e.auditeeC, http.MethodPatch, ncPath(e.nc, ""), map[string]any{"root_cause": "Chưa phân công người lập sổ",
		"correction": "Đã lập sổ tạm", "similar_cases": "Không có", "cause_category": "method"}, http.StatusOK)
	expect(t, e.auditeeC, http.MethodPost, ncPath(e.nc, "/transition"), map[string]any{"to": "cause_analysed"}, http.StatusOK)
	owner := "auditee." + e.auditee
	for _, d := range []string{"Lập sổ theo dõi", "Tập huấn cán bộ một cửa"} {
		expect(t, e.auditeeC, http.MethodPost, ncPath(e.nc, "/actions"), map[string]any{"description": d, "owner": owner, "due_date": inDays(10)}, http.StatusCreated)
	}
	first := e.count(t, `SELECT MIN(id) FROM nc_actions WHERE finding_id = ?`, e.nc)
	second := e.count(t, `SELECT MAX(id) FROM nc_actions WHERE finding_id = ?`, e.nc)

	ctx := browsertest.Start(t)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), owner),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+page)
	one := fmt.Sprintf("#action-%d", first)

	// A refused correction: the description emptied, a new due date typed.
	later := inDays(30)
	browsertest.Do(t, ctx, "open the action's form", chromedp.Click(chromedp.CSS(one+" summary")))
	evalString(t, ctx, fmt.Sprintf(`(() => { document.querySelector("#e-description-%d").value = ""; document.querySelector("#e-due-%d").value = %q; return "" })()`, first, first, later))
	browsertest.Do(t, ctx, "save without a description", chromedp.Click(chromedp.CSS(fmt.Sprintf("#save-action-%d", first))))
	browsertest.WaitFor(t, ctx, fmt.Sprintf(`document.querySelector("#e-description-%d + .field-error") !== null`, first))
	if got := evalString(t, ctx, fmt.Sprintf(`document.querySelector("%s details").open + "|" + document.querySelector("#e-due-%d").value`, one, first)); got != "true|"+later {
		t.Errorf("the refused form is %q, want it open with the date typed", got)
	}
	browsertest.Do(t, ctx, "write it again",
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#e-description-%d", first)), "Lập sổ theo dõi hạn giải quyết hồ sơ"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#save-action-%d", first))))
	browsertest.WaitFor(t, ctx, `document.querySelector(".flash") !== null`)
	if got := browsertest.Text(t, ctx, one+" p strong"); got != "Lập sổ theo dõi hạn giải quyết hồ sơ" {
		t.Errorf("the corrected action reads %q", got)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ? AND due_date = ?`, first, later); n != 1 {
		t.Error("the new due date is not stored")
	}

	// Removal asks; going back keeps the action.
	two := fmt.Sprintf("#action-%d", second)
	remove := func() {
		t.Helper()
		browsertest.Do(t, ctx, "open the second action's form", chromedp.Click(chromedp.CSS(two+" summary")))
		browsertest.Do(t, ctx, "remove it", chromedp.Click(chromedp.CSS(fmt.Sprintf("#remove-action-%d", second))))
		browsertest.WaitFor(t, ctx, `document.querySelector("#confirm-yes") !== null`)
	}
	remove()
	if got := browsertest.Text(t, ctx, "#confirm-action"); !strings.Contains(got, "Tập huấn cán bộ một cửa") {
		t.Errorf("the removal page shows %q", got)
	}
	browsertest.Do(t, ctx, "go back", chromedp.Click(chromedp.CSS("#confirm-cancel")))
	browsertest.WaitURL(t, ctx, page)
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE finding_id = ?`, e.nc); n != 2 {
		t.Fatalf("going back left %d actions", n)
	}
	remove()
	browsertest.Do(t, ctx, "confirm", chromedp.Click(chromedp.CSS("#confirm-yes")))
	browsertest.WaitFor(t, ctx, `document.querySelector(".flash") !== null`)
	if got := evalString(t, ctx, `document.querySelectorAll(".nc-action").length + ""`); got != "1" {
		t.Errorf("%s actions on the page after removing one", got)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ?`, second); n != 0 {
		t.Error("the action is still stored")
	}
}
