package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Every page of every role, as the page sweep lists them, fits a 768×1024
// touch tablet held upright and a 1366×1024 screen: nothing scrolls
// sideways, no element is wider than the screen or reaches past its right
// edge, and no word or number in a table is broken mid-way ("Nghĩ/a",
// "104/5"). One browser and one sign-in per role; each page is loaded once
// and looked at in both widths.
func TestBrowserEveryPageFitsTabletAndDesktop(t *testing.T) {
	a := demoApp(t)
	for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
		// A browser per login: each stays well within a browser's budget
		// under -race on a busy machine.
		t.Run(login, func(t *testing.T) { sweepFit(t, a, login) })
	}
}

// sweepFit signs login in and checks every page of the sweep at both widths.
func sweepFit(t *testing.T, a *webtest.App, login string) {
	ctx := browsertest.Start(t)
	browsertest.Do(t, ctx, "speak Vietnamese", vietnameseTablet())
	tablet := chromedp.EmulateViewport(browsertest.TabletWidth, browsertest.TabletHeight, chromedp.EmulateTouch)
	role, _, _ := strings.Cut(login, ".")
	browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
	signIn(t, ctx, login)
	waitPath(t, ctx, "/")
	pages := []string{"/"}
	for _, v := range sweepFor(t, a, role) {
		if v.status == 200 {
			pages = append(pages, v.path)
		}
	}
	for i, path := range pages {
		if i > 0 {
			// Back to the tablet before loading, so that the page is laid
			// out first as a tablet shows it.
			browsertest.Do(t, ctx, "tablet", tablet)
			browsertest.Navigate(t, ctx, a.HTTP.URL+path)
		}
		for _, w := range []int{browsertest.TabletWidth, 1366} {
			if w != browsertest.TabletWidth {
				browsertest.Do(t, ctx, "wide screen", chromedp.EmulateViewport(int64(w), 1024))
			}
			problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](pageFit))
			if err != nil {
				t.Fatalf("%s at %d: %v", path, w, err)
			}
			for _, p := range problems {
				t.Errorf("%s at %d px: %s", path, w, p)
			}
			if shot := tabletShots[path]; shot != "" && login == "office" {
				browsertest.Shot(t, ctx, shot+"-"+strconv.Itoa(w))
			}
		}
	}
}

// tabletShots are the long lists worth a look, saved as screenshots when
// CROSSAUDIT_ARTIFACTS names a directory.
var tabletShots = map[string]string{"/nonconformities": "tablet-register", "/procedures": "tablet-procedures",
	"/reports": "tablet-reports", "/programmes": "tablet-programmes", "/trail": "tablet-trail"}

// pageFit lists what does not fit the current viewport: the page scrolling
// sideways, each visible element wider than the screen or past its right
// edge (named by a selector; inside an element that is itself too wide only
// the outermost is named), and each table cell whose text breaks inside a
// word, found by a word's text spanning more than one line box (a hyphen is
// a place a word may break, as in print); a collapsible section without an
// open/closed marker; and, once a table, a table's row that holds a link
// smaller than a finger but is not one tap target, or whose corner does not
// follow its main link.
const pageFit = `(() => {
  const out = [];
  const W = window.innerWidth;
  const de = document.documentElement;
  if (de.scrollWidth > W) out.push("the page is " + de.scrollWidth + " px wide");
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (el.classList.length) s += "." + [...el.classList].join(".");
    const p = el.parentElement;
    if (p && p !== document.body) {
      let ps = p.tagName.toLowerCase();
      if (p.id) ps += "#" + p.id; else if (p.classList.length) ps += "." + [...p.classList].join(".");
      s = ps + " > " + s;
    }
    return s;
  };
  const visible = (el) => {
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none";
  };
  const reported = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (reported.some((r) => r.contains(el))) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !visible(el)) continue;
    if (r.width > W + 1 || r.right > W + 1) {
      reported.push(el);
      out.push(name(el) + " spans " + Math.round(r.left) + "–" + Math.round(r.right) + " px (“" + el.textContent.trim().slice(0, 40) + "”)");
    }
  }
  const words = /[^\s\-–]+[\-–]?/g;
  // Raw values without spaces (the trail's JSON and hashes, addresses) may
  // break where they must.
  const rawValues = ".changes, .trail-raw, a[href^='http']";
  for (const cell of document.querySelectorAll("td, th")) {
    if (!cell.getClientRects().length || !visible(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest(rawValues)) continue;
      const ws = getComputedStyle(n.parentElement).whiteSpace;
      if (ws !== "normal" && ws !== "pre-wrap" && ws !== "pre-line" && ws !== "break-spaces") continue;
      let m;
      words.lastIndex = 0;
      while ((m = words.exec(n.data)) !== null) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
        if (lines.size > 1) {
          out.push("“" + m[0] + "” breaks across " + lines.size + " lines in " + name(cell) + " of " + Math.round(cell.getBoundingClientRect().width) + " px");
        }
      }
    }
  }
  for (const s of document.querySelectorAll("details > summary")) {
    if (!s.getClientRects().length) continue;
    const cs = getComputedStyle(s), before = getComputedStyle(s, "::before");
    const marker = (cs.display === "list-item" && cs.listStyleType !== "none") || (before.content !== "none" && before.display !== "none" && parseFloat(before.width) > 0);
    if (!marker) out.push(name(s) + " “" + s.textContent.trim().slice(0, 40) + "” shows no open/closed marker");
  }
  const tables = new Set();
  for (const tr of document.querySelectorAll("table:not(.matrix):not(.cl-sheet) > tbody > tr")) {
    const table = tr.closest("table");
    if (tables.has(table) || !tr.getClientRects().length) continue;
    const main = tr.querySelector(".row-link");
    const row = () => name(tr) + " “" + tr.textContent.trim().replace(/\s+/g, " ").slice(0, 40) + "”";
    if (!main) {
      const small = [...tr.querySelectorAll("a[href]")].filter((a) => { const q = a.getBoundingClientRect(); return q.width < 44 || q.height < 44; });
      if (small.length) { tables.add(table); out.push(row() + " has a link smaller than a finger but is not one tap target (.row-link)"); }
      continue;
    }
    tables.add(table);
    tr.scrollIntoView({ block: "center" });
    const r = tr.getBoundingClientRect();
    if (r.height < 44) out.push(row() + " is " + Math.round(r.height) + " px high");
    const hit = document.elementFromPoint(r.right - 6, r.bottom - 3);
    if (!hit || hit.closest("a") !== main) out.push(row() + ": a tap on the row's corner hits " + (hit ? name(hit) : "nothing") + ", not its link");
  }
  window.scrollTo(0, 0);
  return out;
})()`
