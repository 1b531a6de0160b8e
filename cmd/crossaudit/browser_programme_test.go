package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
)

// The reform office plans on a tablet: it opens this year's programme,
// confirms the round the demo left in preview, previews the next one with
// two audits per unit and reads the who-audits-whom matrix.
func TestBrowserOfficeConfirmsAndPreviewsARound(t *testing.T) {
	a := demoApp(t)
	var programmeID int64
	if err := a.DB.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, time.Now().Year()).Scan(&programmeID); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	signIn(t, ctx, "office")
	waitPath(t, ctx, "/")

	path := fmt.Sprintf("/programmes/%d", programmeID)
	browsertest.Navigate(t, ctx, a.HTTP.URL+path)
	waitPath(t, ctx, path)
	if got := browsertest.Text(t, ctx, "#round-2-h"); !strings.Contains(got, "Phương án (chưa xác nhận)") {
		t.Fatalf("round 2 heading %q", got)
	}
	checkTabletFit(t, ctx, "programme page with a preview")
	browsertest.Shot(t, ctx, "programme-preview-768")

	// Confirming asks first, with what it creates; going back creates
	// nothing, confirming creates the audits.
	round2 := func() int {
		var n int
		a.DB.R.QueryRow(`SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id WHERE r.programme_id = ? AND r.n = 2`, programmeID).Scan(&n)
		return n
	}
	browsertest.Do(t, ctx, "confirm round 2", chromedp.Click(chromedp.CSS("#confirm-round-2")))
	waitFor(t, ctx, `document.querySelector("#confirm-yes") !== null`)
	if got := browsertest.Text(t, ctx, ".page-head .lead"); !strings.Contains(got, "Sẽ tạo 15 cuộc đánh giá") {
		t.Errorf("the confirmation's summary reads %q", got)
	}
	if rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#confirm-pairs tbody tr").length`)); err != nil || rows != 15 {
		t.Errorf("the confirmation lists %d pairs (%v), want 15", rows, err)
	}
	if got := browsertest.Text(t, ctx, "#confirm-pairs tbody tr td"); !strings.Contains(got, "(") || strings.TrimSpace(strings.Split(got, "(")[0]) == "" {
		t.Errorf("the first auditing unit reads %q, not a name beside its code", got)
	}
	checkTabletFit(t, ctx, "round confirmation")
	browsertest.Shot(t, ctx, "round-confirm-768")
	browsertest.Do(t, ctx, "go back", chromedp.Click(chromedp.CSS("#confirm-cancel")))
	waitPath(t, ctx, path)
	if got := browsertest.Text(t, ctx, "#round-2-h"); !strings.Contains(got, "Phương án (chưa xác nhận)") {
		t.Errorf("after going back, round 2 reads %q", got)
	}
	if n := round2(); n != 0 {
		t.Fatalf("going back created %d audits", n)
	}
	browsertest.Do(t, ctx, "confirm round 2 again", chromedp.Click(chromedp.CSS("#confirm-round-2")))
	waitFor(t, ctx, `document.querySelector("#confirm-yes") !== null`)
	browsertest.Do(t, ctx, "confirm", chromedp.Click(chromedp.CSS("#confirm-yes")))
	waitFor(t, ctx, `document.querySelector(".flash") !== null`)
	if got := browsertest.Text(t, ctx, "#round-2-h"); !strings.Contains(got, "Đã xác nhận") {
		t.Errorf("after confirming, round 2 reads %q", got)
	}
	if n := round2(); n != 15 {
		t.Errorf("round 2 created %d audits, want 15", n)
	}

	browsertest.Do(t, ctx, "preview round 3 with K=2",
		chromedp.SetValue(chromedp.CSS("#r-k"), "2"),
		chromedp.Click(chromedp.CSS("#preview-round")))
	waitFor(t, ctx, `document.querySelector("#round-3-h") !== null`)
	if got := browsertest.Text(t, ctx, "#round-3-h"); !strings.Contains(got, "Phương án") {
		t.Errorf("round 3 heading %q", got)
	}
	browsertest.Do(t, ctx, "open the matrix", chromedp.Click(chromedp.CSS("#round-3 details.matrix-wrap summary")))
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#round-3 table.matrix td.on").length`))
	if err != nil || marks != 30 {
		t.Errorf("the matrix marks %d pairs (%v), want 30", marks, err)
	}
	checkTabletFit(t, ctx, "programme page with the matrix open")
	browsertest.Shot(t, ctx, "programme-matrix-768")
}
