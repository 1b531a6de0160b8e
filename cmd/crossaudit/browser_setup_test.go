package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
)

// A real office's first start, in a real browser: serve on an empty
// database prints the setup address; every page leads to the setup page,
// which without the code only explains; with it the office declares the
// organiser and the first admin, signs in, and the address is dead.
func TestBrowserFirstRunSetup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	base, output, stop := startServeOutput(t, "--db", path)
	defer stop()
	var setupURL string
	for _, line := range output {
		if i := strings.Index(line, "http://"); i >= 0 && strings.Contains(line, "/setup?code=") {
			setupURL = strings.Fields(line[i:])[0]
		}
	}
	if setupURL == "" {
		t.Fatalf("serve printed no setup address: %v", output)
	}
	// A wrong code answers 404 and creates nothing.
	if resp, err := http.Get(base + "/setup?code=wrong"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("wrong code: %v %v", resp.Status, err)
	}

	ctx := browsertest.Start(t)
	browsertest.Navigate(t, ctx, base+"/audits")
	waitPath(t, ctx, "/setup")
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "crossaudit init") {
		t.Errorf("the setup page without its code does not say where to go: %q", got)
	}
	browsertest.Navigate(t, ctx, setupURL)
	browsertest.Do(t, ctx, "fill the organiser and the first admin",
		chromedp.SendKeys(chromedp.CSS(`[name="parent"]`), "UBND TỈNH LÂM ĐỒNG"),
		chromedp.SendKeys(chromedp.CSS(`[name="name"]`), "SỞ NỘI VỤ"),
		chromedp.SendKeys(chromedp.CSS(`[name="place"]`), "Lâm Đồng"),
		chromedp.SendKeys(chromedp.CSS(`[name="admin.username"]`), "quantri"),
		chromedp.SendKeys(chromedp.CSS(`[name="admin.display_name"]`), "Nguyễn Thị Quản Trị"),
		chromedp.SendKeys(chromedp.CSS(`[name="admin.password"]`), "mật khẩu quản trị 2026"),
		chromedp.SendKeys(chromedp.CSS(`[name="admin.password2"]`), "mật khẩu quản trị 2027"),
		chromedp.Click(chromedp.CSS(`form[action="/setup"] button[type="submit"]`)),
	)
	// Two passwords that differ: the form comes back with what was typed.
	browsertest.WaitFor(t, ctx, `document.querySelector('.field-error') !== null`)
	if got := browsertest.Attr(t, ctx, `[name="name"]`, "value"); got != "SỞ NỘI VỤ" {
		t.Errorf("the organiser's name typed was lost: %q", got)
	}
	browsertest.Do(t, ctx, "type the passwords again and finish",
		chromedp.SendKeys(chromedp.CSS(`[name="admin.password"]`), "mật khẩu quản trị 2026"),
		chromedp.SendKeys(chromedp.CSS(`[name="admin.password2"]`), "mật khẩu quản trị 2026"),
		chromedp.Click(chromedp.CSS(`form[action="/setup"] button[type="submit"]`)),
	)
	waitPath(t, ctx, "/login")
	browsertest.Do(t, ctx, "sign in as the new admin",
		chromedp.SendKeys(chromedp.CSS("#username"), "quantri"),
		chromedp.SendKeys(chromedp.CSS("#password"), "mật khẩu quản trị 2026"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
	waitPath(t, ctx, "/")
	browsertest.Navigate(t, ctx, base+"/settings/organisation")
	if got := browsertest.Attr(t, ctx, `[name="name"]`, "value"); got != "SỞ NỘI VỤ" {
		t.Errorf("the organiser after setup: %q", got)
	}
	// The address is dead once used.
	if resp, err := http.Get(setupURL); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("the used setup address: %v %v", resp.Status, err)
	}
}
