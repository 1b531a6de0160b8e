package browsertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Violation is one accessibility rule that axe-core found broken on a page,
// with the elements that break it.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s — %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
}

// axeScript reads axe-core's axe.min.js from the path in CROSSAUDIT_AXE
// (set by .ci/run, which installs axe-core from the npm registry). Without
// it the accessibility checks skip, unless CROSSAUDIT_BROWSER=1.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CROSSAUDIT_AXE")
	if path == "" {
		if Required() {
			t.Fatal("CROSSAUDIT_BROWSER=1 but CROSSAUDIT_AXE does not name axe-core's axe.min.js (npm install axe-core)")
		}
		t.Skip("no axe-core; set CROSSAUDIT_AXE to its axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	return string(b)
}

// SeriousViolations runs axe-core on the page the browser shows and returns
// the violations of serious or critical impact, against WCAG 2.1 A and AA.
func SeriousViolations(t *testing.T, ctx context.Context) []Violation {
	t.Helper()
	script := axeScript(t)
	sctx, cancel := context.WithTimeout(ctx, 2*StepTimeout)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Evaluate[bool](script+";true")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
		.then(r => r.violations
			.filter(v => v.impact === "serious" || v.impact === "critical")
			.map(v => ({id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " "))})))`
	var out []Violation
	deadline := time.Now().Add(2 * StepTimeout)
	for {
		v, err := chromedp.Run(sctx, chromedp.Evaluate[[]Violation](run, chromedp.EvalAwaitPromise))
		if err == nil {
			out = v
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("run axe-core: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return out
}
