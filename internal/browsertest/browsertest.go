// Package browsertest drives Debian's Chromium, headless, through chromedp
// for the tests that check what a person on a tablet sees.
//
// The tests skip when no Chromium is installed, unless CROSSAUDIT_BROWSER=1
// (set by .ci/run), in which case they fail: CI must never pass by skipping.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Required reports whether browser tests must run (CROSSAUDIT_BROWSER=1).
func Required() bool { return os.Getenv("CROSSAUDIT_BROWSER") == "1" }

// The tablet every page is designed for: 768×1024, touch.
const (
	TabletWidth  = 768
	TabletHeight = 1024
)

func chromiumPath() string {
	if p := os.Getenv("CROSSAUDIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches a fresh headless Chromium with its own profile and returns
// a context for chromedp whose viewport is a 768×1024 touch tablet. The
// browser closes when the test ends; a failed test leaves a screenshot in
// the directory of CROSSAUDIT_ARTIFACTS (or the test's temporary directory).
func Start(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if Required() {
			t.Fatal("CROSSAUDIT_BROWSER=1 but no Chromium is installed (apt-get install chromium)")
		}
		t.Skip("no Chromium; set CROSSAUDIT_BROWSER=1 to make this a failure")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(TabletWidth, TabletHeight),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// The whole test's budget is generous because CI runs packages side by
	// side under -race on two cores; each step below has its own, shorter
	// deadline so that a hang fails fast and says which step it was.
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() {
		if t.Failed() {
			saveScreenshot(t, ctx)
		}
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(TabletWidth, TabletHeight, chromedp.EmulateTouch), acceptVietnamese()); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// acceptVietnamese makes the browser ask for Vietnamese first, as a tablet
// in a commune office does: headless Chromium ignores --lang for the
// Accept-Language header.
func acceptVietnamese() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders,
			network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}})
		return err
	})
}

func saveScreenshot(t *testing.T, ctx context.Context) {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		return
	}
	dir := os.Getenv("CROSSAUDIT_ARTIFACTS")
	if dir == "" {
		dir = os.TempDir()
	}
	_ = os.MkdirAll(dir, 0o755)
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png")
	if err := os.WriteFile(name, png, 0o644); err == nil {
		t.Logf("screenshot of the failure: %s", name)
	}
}

// Shot saves a screenshot of the current page under name in the artefacts
// directory, for steps worth looking at.
func Shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CROSSAUDIT_ARTIFACTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	_ = os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Navigate opens url and waits until the page has loaded; a click that
// navigates should be followed by WaitURL instead, since a click does not
// wait for the navigation it causes.
func Navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
}

// WaitURL waits until the page's path is path and the page has loaded (a
// click that submits a form does not wait for the navigation it causes).
func WaitURL(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	WaitFor(t, ctx, "location.pathname === "+quote(path))
}

// WaitFor waits until the JavaScript condition holds on a loaded page. A
// poll cut short by a page load is retried rather than failed.
func WaitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(StepTimeout)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond+` && document.readyState === "complete"`,
			chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("waiting for %s (at %s): %v", cond, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// StepTimeout bounds each single step (a wait, a read, a click), so that a
// page that never becomes what the test expects fails with the step named.
const StepTimeout = 20 * time.Second

// Text returns the visible text (innerText) of the first element matching
// sel, waiting until such an element is on a loaded page and visible. It
// polls with JavaScript rather than through chromedp's DOM node tracking,
// which can miss a document replaced by a navigation and then wait forever.
func Text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	expr := `(() => {
		if (document.readyState !== "complete") return null;
		const el = document.querySelector(` + quote(sel) + `);
		if (!el || !(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) return null;
		return el.innerText;
	})()`
	deadline := time.Now().Add(StepTimeout)
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[*string](expr))
		if err == nil && s != nil {
			return strings.TrimSpace(*s)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("text of %s (at %s): no visible element (last error: %v)", sel, loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Do runs actions, failing the test with what was being done.
func Do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

// Attr returns the attribute name of the first element matching sel on a
// loaded page ("" when the element lacks it).
func Attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	WaitFor(t, ctx, "document.querySelector("+quote(sel)+") !== null")
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+quote(sel)+`).getAttribute(`+quote(name)+`) || ""`))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return s
}
