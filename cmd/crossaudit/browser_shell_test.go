package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/browsertest"
)

// The shell as a person on a tablet meets it: the demo auditee signs in on a
// 768×1024 touch screen, reads the home page in Vietnamese, turns the tablet
// to landscape, switches to English and signs out. Nothing may scroll
// sideways and every control must be large enough to touch.
func TestBrowserShellOnATablet(t *testing.T) {
	a := demoApp(t)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())

	browsertest.Navigate(t, ctx, a.HTTP.URL+"/")
	waitPath(t, ctx, "/login")
	if got := browsertest.Text(t, ctx, "h1"); got != "Đăng nhập" {
		t.Fatalf("sign-in page heading %q, want Vietnamese", got)
	}
	signIn(t, ctx, "auditee.24961")
	waitPath(t, ctx, "/")
	if got := browsertest.Text(t, ctx, "h1"); !strings.Contains(got, "Xin chào, Bộ phận một cửa · Xã Hiệp An") {
		t.Errorf("home heading %q", got)
	}
	if got := browsertest.Text(t, ctx, "#waiting"); !strings.Contains(got, "Các cuộc đánh giá đơn vị bạn") {
		t.Errorf("what is waiting reads %q", got)
	}
	if got := browsertest.Text(t, ctx, "#inbox"); !strings.Contains(got, "Chào mừng bạn đến với bản trình diễn") {
		t.Errorf("the inbox reads %q", got)
	}
	checkTabletFit(t, ctx, "home, portrait 768")
	browsertest.Shot(t, ctx, "shell-home-768x1024-vi")

	browsertest.Do(t, ctx, "turn to landscape",
		chromedp.EmulateViewport(1024, 768, chromedp.EmulateTouch, chromedp.EmulateLandscape))
	checkTabletFit(t, ctx, "home, landscape 1024")
	browsertest.Shot(t, ctx, "shell-home-1024x768-vi")
	browsertest.Do(t, ctx, "turn back to portrait",
		chromedp.EmulateViewport(browsertest.TabletWidth, browsertest.TabletHeight, chromedp.EmulateTouch))

	browsertest.Do(t, ctx, "switch to English", chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	waitFor(t, ctx, `document.documentElement.lang === "en"`)
	if got := browsertest.Text(t, ctx, "h1"); !strings.HasPrefix(got, "Hello, ") {
		t.Errorf("English home heading %q", got)
	}
	if got := browsertest.Text(t, ctx, "#waiting"); !strings.Contains(got, "Audits of your unit") {
		t.Errorf("English waiting section %q", got)
	}
	checkTabletFit(t, ctx, "home in English")
	browsertest.Shot(t, ctx, "shell-home-768x1024-en")

	browsertest.Do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`button[data-logout]`)))
	waitPath(t, ctx, "/login")
	if got := browsertest.Text(t, ctx, ".flash"); got != "You have signed out." {
		t.Errorf("after signing out: %q", got)
	}
}

// The office's pages, with their tables and forms, fit the tablet too.
func TestBrowserOfficePagesFitATablet(t *testing.T) {
	a := demoApp(t)
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	signIn(t, ctx, "office")
	waitPath(t, ctx, "/")
	checkTabletFit(t, ctx, "office home")
	browsertest.Shot(t, ctx, "shell-office-home-768")
	for _, page := range []struct{ path, shot string }{
		{"/users", "shell-users-768"},
		{"/users/auditee.24961/edit", "shell-user-768"},
		{"/units", "shell-units-768"},
		{"/units/import", "shell-unit-import-768"},
		{"/trail", "shell-trail-768"},
		{"/account", "shell-account-768"},
	} {
		browsertest.Navigate(t, ctx, a.HTTP.URL+page.path)
		checkTabletFit(t, ctx, page.path)
		browsertest.Shot(t, ctx, page.shot)
	}
	// A form sent with mistakes comes back with each field's message, and
	// the summary takes the focus.
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/units/new")
	browsertest.Do(t, ctx, "send an invalid unit",
		chromedp.SendKeys(chromedp.CSS("#f-code"), "Xã 1"),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Xã Một"),
		chromedp.Click(chromedp.CSS(`form[action="/units/new"] button[type="submit"]`)))
	waitFor(t, ctx, `document.querySelector('[aria-invalid="true"]') !== null`)
	if got := browsertest.Text(t, ctx, "#f-code-err"); !strings.Contains(got, "Mã chỉ gồm chữ cái không dấu") {
		t.Errorf("the code's error reads %q", got)
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches(".alert")`)); !focused {
		t.Error("the error summary does not take the focus")
	}
	checkTabletFit(t, ctx, "invalid unit form")
	browsertest.Shot(t, ctx, "shell-unit-invalid-768")

	browsertest.Navigate(t, ctx, a.HTTP.URL+"/units?q=lien+nghia")
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "Thị trấn Liên Nghĩa") || strings.Contains(got, "Xã Hiệp An") {
		t.Errorf("the search “lien nghia” shows %q", got)
	}
}

func signIn(t *testing.T, ctx context.Context, username string) {
	t.Helper()
	browsertest.Do(t, ctx, "sign in as "+username,
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
}

// vietnameseTablet makes the browser ask for Vietnamese, as the tablets of
// a commune office do: headless Chromium ignores --lang for
// Accept-Language.
func vietnameseTablet() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}})
		return err
	})
}

func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, cond)
}

// waitPath waits until the browser shows the page at path.
func waitPath(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	waitFor(t, ctx, "location.pathname === "+strconv.Quote(path))
}

// tabletFit lists what is wrong with the page on the current viewport: a
// page wider than the screen, and controls smaller than 44 px to touch
// (check boxes count by their label, which is what a finger hits).
const tabletFit = `(() => {
  const out = [];
  const de = document.documentElement;
  if (de.scrollWidth > window.innerWidth) out.push("page " + de.scrollWidth + "px wide on a " + window.innerWidth + "px screen");
  const sel = 'button, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .btn, .nav a, .tile, .item-link, label.check';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.height < 44 || r.width < 44) out.push((el.id || el.textContent.trim().slice(0, 30) || el.tagName) + " " + Math.round(r.width) + "×" + Math.round(r.height));
    if (r.right > window.innerWidth + 1) out.push((el.textContent.trim().slice(0, 30) || el.tagName) + " sticks out to " + Math.round(r.right));
  }
  return out;
})()`

func checkTabletFit(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](tabletFit))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", what, p)
	}
}
