package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// hostile is what an attacker types into every free-text field: each piece
// would run script if a page printed it unescaped.
const hostile = `"><script>window.__xss=1</script><img src=x onerror="window.__xss=1"><a href="javascript:__xss()">x</a>`

// notFreeText lists the text columns of the schema that hold no text a
// person types and a page shows (codes, states, dates, hashes, JSON, names
// the app makes), each with why. Every other text column of every table is
// free text and gets the hostile markup: a column a migration adds is swept
// unless it is named here, with a reason.
var notFreeText = map[string]string{
	"*._at":                     "a time the app records",
	"*._on":                     "a date, validated as one",
	"*._date":                   "a date, validated as one",
	"*._due":                    "a date, validated as one",
	"*.due":                     "a date, validated as one",
	"*.day":                     "a date, validated as one",
	"*.at":                      "a time the app records",
	"*.status":                  "a state of a workflow",
	"*._status":                 "a state of a workflow",
	"*.kind":                    "one of a fixed list",
	"*.role":                    "one of a fixed list",
	"*.grade":                   "one of a fixed list",
	"*.result":                  "one of a fixed list",
	"*.lang":                    "one of a fixed list",
	"*.code":                    "a code, validated by its pattern",
	"*._code":                   "a code, validated by its pattern",
	"*.clause":                  "a clause code of the standard",
	"*.sha256":                  "a digest the app computes",
	"*._hash":                   "a digest the app computes",
	"*.search_key":              "the folded copy of a name, for search",
	"*.content_type":            "sniffed from the content",
	"*.period":                  "a quarter the importer parses",
	"*.clusters":                "one of a fixed list",
	"*.stats":                   "JSON the engine writes",
	"*.args":                    "JSON of a notice's parameters",
	"*.value":                   "JSON of a setting",
	"settings.key":              "a setting's name",
	"sessions.csrf_token":       "a random token",
	"users.username":            "a sign-in name, validated by its pattern",
	"checklists.builtin_key":    "the key of a built-in checklist",
	"checklist_items.target":    "a comparison the app parses (>=98)",
	"events.entity":             "a table name",
	"events.entity_id":          "an id",
	"events.action":             "an action's name",
	"notices.msg_key":           "a message id",
	"notices.link":              "a path the app makes",
	"form_numbers.number":       "a number the app allocates",
	"issued_reports.number":     "a number the app allocates",
	"nc_mailboxes.email":        "an address, validated as one",
	"upload_ops.op_id":          "an id the tablet makes, validated by its pattern",
	"procedure_lists.body":      "the uploaded file as stored, never shown as a page",
	"schema_migrations.name":    "a migration's file name",
	"idempotency_keys.route":    "a method and path the app records",
	"idempotency_keys.key":      "a client's key, validated by its pattern",
	"idempotency_keys.location": "a redirect the app made",
	"idempotency_keys.boot":     "a random id of the process",
	"findings.cause_category":   "one of a fixed list",
	"closing_signatures.signer": "one of a fixed list",
}

// skipped reports whether table.column is listed in notFreeText, by name
// or by a "*.suffix" pattern.
func skipped(table, column string) bool {
	if _, ok := notFreeText[table+"."+column]; ok {
		return true
	}
	for k := range notFreeText {
		if rest, ok := strings.CutPrefix(k, "*."); ok && (column == rest || (strings.HasPrefix(rest, "_") && strings.HasSuffix(column, rest))) {
			return true
		}
	}
	return false
}

// freeText lists the free-text columns of the migrated schema, table by
// table: every TEXT column that notFreeText does not explain.
func freeText(t *testing.T, d *db.DB) [][2]string {
	t.Helper()
	rows, err := d.R.Query(`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(p.type) LIKE '%TEXT%' ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][2]string
	seen := map[string]bool{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		seen[table+"."+column] = true
		if !skipped(table, column) {
			out = append(out, [2]string{table, column})
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for k := range notFreeText {
		if !strings.HasPrefix(k, "*.") && !seen[k] {
			t.Errorf("notFreeText names %s, which the schema does not have", k)
		}
	}
	return out
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
// would have cleaned on the way in. The triggers that keep published
// checklists, issued reports and the trail unchanged are lifted meanwhile,
// so that their texts are swept too.
func plantHostileText(t *testing.T, a *webtest.App) {
	t.Helper()
	cols := freeText(t, a.DB)
	if len(cols) < 50 {
		t.Fatalf("only %d free-text columns found: %v", len(cols), cols)
	}
	t.Logf("%d free-text columns get the markup", len(cols))
	var triggers []string
	rows, err := a.DB.R.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		names, triggers = append(names, name), append(triggers, sql)
	}
	rows.Close()
	for _, name := range names {
		if _, err := a.DB.W.Exec(`DROP TRIGGER ` + name); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cols {
		// Where the schema ties an empty text to other columns (a unit only
		// on measured items), only the texts already there get the markup.
		if _, err := a.DB.W.Exec(`UPDATE `+c[0]+` SET `+c[1]+` = `+c[1]+` || ?`, hostile); err != nil {
			if _, err := a.DB.W.Exec(`UPDATE `+c[0]+` SET `+c[1]+` = `+c[1]+` || ? WHERE `+c[1]+` <> ''`, hostile); err != nil {
				t.Fatalf("%s.%s: %v", c[0], c[1], err)
			}
		}
	}
	for _, sql := range triggers {
		if _, err := a.DB.W.Exec(sql); err != nil {
			t.Fatal(err)
		}
	}
}
