package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// hostile is what an attacker types into every free-text field: each piece
// would run script if a page printed it unescaped.
const hostile = `"><script>window.__xss=1</script><img src=x onerror="window.__xss=1"><a href="javascript:__xss()">x</a>`

// freeText lists the columns whose text a user types and a page shows.
// Tables of later features join the list as they land; a table not yet in
// the schema is skipped.
var freeText = []struct{ table, column string }{
	{"units", "name"},
	{"users", "display_name"},
	{"programmes", "name"},
	{"programmes", "objectives"},
	{"audits", "place"},
	{"audits", "objectives"},
	{"audits", "scope"},
	{"audits", "guide"},
	{"audit_meetings", "participants"},
	{"audit_meetings", "closing_representative"},
	{"audit_meetings", "closing_disagreement"},
	{"answers", "note"},
	{"attachments", "filename"},
	{"findings", "statement"},
	{"findings", "evidence"},
	{"auditor_certificates", "course"},
	{"conflicts", "reason"},
	{"findings", "root_cause"},
	{"findings", "why_chain"},
	{"findings", "correction"},
	{"findings", "similar_cases"},
	{"nc_actions", "description"},
	{"nc_actions", "done_note"},
	{"nc_transitions", "note"},
	{"nc_extensions", "reason"},
	{"nc_evidence", "filename"},
	{"calendar_days", "name"},
	{"procedure_versions", "name"},
	{"procedure_versions", "field"},
	{"procedure_versions", "legal_basis"},
	{"procedure_catalogues", "file_name"},
}

// Stored cross-site scripting: with every free-text field of the demo set
// to hostile markup, no page that any role opens carries it unescaped.
func TestStoredMarkupComesBackEscapedOnEveryPage(t *testing.T) {
	a := demoApp(t)
	plantHostileText(t, a)
	markers := []string{"<script>window.__xss", "<img src=x", `href="javascript:`}
	shown := 0 // pages that show the text, escaped: the test is not vacuous
	for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
		role, _, _ := strings.Cut(login, ".")
		c := a.Login(login, demo.Password)
		for _, v := range sweepFor(t, a, role) {
			_, body := c.Page(v.path)
			if strings.Contains(body, "&lt;script&gt;window.__xss") {
				shown++
			}
			for _, m := range markers {
				if strings.Contains(body, m) {
					t.Errorf("%s %s prints %q unescaped", login, v.path, m)
				}
			}
		}
	}
	if shown < 10 {
		t.Errorf("only %d pages show the hostile text at all: the sweep does not reach the fields", shown)
	}
}

// The same in a real browser, where the pages' own scripts also handle the
// text: nothing hostile ever runs.
func TestBrowserStoredMarkupNeverRuns(t *testing.T) {
	a := demoApp(t)
	plantHostileText(t, a)
	ctx := browsertest.Start(t)
	// The office opens every kind of page there is; one login is enough
	// for pages whose scripts are the same for everyone.
	for _, login := range []string{"office"} {
		role, _, _ := strings.Cut(login, ".")
		browsertest.Navigate(t, ctx, a.HTTP.URL+"/login")
		signIn(t, ctx, login)
		waitPath(t, ctx, "/")
		for _, v := range sweepFor(t, a, role) {
			if v.status != 200 {
				continue
			}
			browsertest.Navigate(t, ctx, a.HTTP.URL+v.path)
			browsertest.WaitFor(t, ctx, "true")
			ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss !== undefined`))
			if err != nil || ran {
				t.Errorf("%s %s: hostile text ran (%v)", login, v.path, err)
			}
		}
		browsertest.Navigate(t, ctx, a.HTTP.URL+"/")
		browsertest.Do(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`button[data-logout]`)))
		waitPath(t, ctx, "/login")
	}
}

// plantHostileText appends the hostile markup to every free-text field of
// the demo, straight into the database: the worst case, whatever the forms
// would have cleaned on the way in.
func plantHostileText(t *testing.T, a *webtest.App) {
	t.Helper()
	for _, f := range freeText {
		_, err := a.DB.W.Exec(`UPDATE `+f.table+` SET `+f.column+` = `+f.column+` || ?`, hostile)
		if err != nil && strings.Contains(err.Error(), "no such table") {
			t.Logf("skip %s.%s: %v", f.table, f.column, err)
		} else if err != nil {
			t.Fatalf("%s.%s: %v", f.table, f.column, err)
		}
	}
}
