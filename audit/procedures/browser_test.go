package procedures_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/browsertest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// signIn signs a user in through the login page.
func signIn(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/login")
	browsertest.Do(t, ctx, "sign in as "+username,
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	browsertest.WaitURL(t, ctx, "/")
}

// On a tablet, on the demo: the office replaces a unit's portal list
// through the unit's page with a small file (two procedures by code, one
// by name without diacritics) and sees the unit's gaps; the lead auditor
// of the unit's audit in progress sees the new count beside T03 on the
// audit page itself, uses it as evidence, and finds it in T03's note.
func TestBrowserImportGapsEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	a := webtest.NewOn(t, demotest.Open(t), mountConduct)
	id, unit, lead := auditOf(t, a, "in_progress")
	_, procs, err := (&procedures.Store{DB: a.DB}).Catalogue(context.Background())
	if err != nil || len(procs) < 10 {
		t.Fatalf("demo catalogue: %d procedures, %v", len(procs), err)
	}
	byName := procs[2]
	file := filepath.Join(t.TempDir(), "cong-dvc-"+unit+".csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	_ = w.WriteAll([][]string{{"unit", "code", "name"}, {unit, procs[0].Code, procs[0].Name}, {unit, procs[1].Code, ""},
		{unit, "", strings.ToUpper(foldVN(byName.Name))}})
	f.Close()
	missing := len(procs) - 3

	base := a.HTTP.URL
	office := browsertest.Start(t)
	signIn(t, office, base, "office")
	unitPage := "/procedures/units/" + unit
	browsertest.Navigate(t, office, base+unitPage)
	browsertest.Do(t, office, "import the portal list",
		chromedp.SetUploadFiles(chromedp.CSS(`#f-portal`), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="`+unitPage+`/import/portal"] button[type="submit"]`)))
	browsertest.WaitFor(t, office, `!!document.querySelector('[data-list="portal"]') && document.querySelector('[data-list="portal"]').innerText.includes("cong-dvc-`+unit+`.csv")`)
	if got := browsertest.Text(t, office, `[data-gap="missing_on_portal"] .count-pill`); got != strconv.Itoa(missing) {
		t.Errorf("portal gaps shown %q, want %d", got, missing)
	}
	if got := browsertest.Text(t, office, `[data-gap="matched_by_name"]`); !strings.Contains(got, byName.Code) || !strings.Contains(got, "Cổng DVC") {
		t.Errorf("the row by name is not shown as matched to %s on the portal: %q", byName.Code, got)
	}
	if pdf := browsertest.Attr(t, office, `a[href="`+unitPage+`/export.pdf"]`, "href"); pdf == "" {
		t.Error("no PDF link beside CSV and XLSX")
	}
	browsertest.Shot(t, office, "procedures-unit-768")

	// The same tablet, signed out and in again: one browser is enough.
	browsertest.Do(t, office, "sign out", chromedp.Click(chromedp.CSS(`[data-logout]`)))
	browsertest.WaitFor(t, office, `!document.querySelector("[data-logout]")`)
	auditor := office
	signIn(t, auditor, base, lead)
	browsertest.Navigate(t, auditor, base+"/audits/"+id)
	// The item's evidence panel is drawn when the item opens.
	browsertest.Do(t, auditor, "open T03", chromedp.Click(chromedp.CSS(`#item-T03 [data-toggle]`)))
	line := browsertest.Text(t, auditor, `#item-T03 #ev-T03 [data-key="missing_on_portal"]`)
	if !strings.Contains(line, strconv.Itoa(missing)+" TTHC đang có hiệu lực chưa công khai trên Cổng dịch vụ công") {
		t.Fatalf("T03 shows %q, want the %d portal gaps just imported", line, missing)
	}
	browsertest.WaitFor(t, auditor, `document.documentElement.scrollWidth <= window.innerWidth`)
	browsertest.Do(t, auditor, "scroll to T03", chromedp.ScrollIntoView(chromedp.CSS(`#ev-T03`)))
	browsertest.Shot(t, auditor, "audit-inline-gaps-768")
	browsertest.Do(t, auditor, "use the portal gaps as evidence",
		chromedp.Click(chromedp.CSS(`#ev-T03 [data-key="missing_on_portal"] button[type="submit"]`)))
	browsertest.WaitFor(t, auditor, `location.hash === "#item-T03" && !!document.querySelector("#n-T03") && document.querySelector("#n-T03").value.includes("`+strconv.Itoa(missing)+` TTHC đang có hiệu lực chưa công khai")`)
	var note string
	if err := a.DB.R.QueryRow(`SELECT note FROM answers WHERE audit_id = ? AND item_code = 'T03'`, id).Scan(&note); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "[Đối chiếu TTHC") || !strings.Contains(note, strconv.Itoa(missing)+" TTHC đang có hiệu lực chưa công khai") {
		t.Errorf("T03's stored note %q lacks the evidence", note)
	}
}

// foldVN drops Vietnamese diacritics (đ to d), as a unit's export
// typed without them does.
func foldVN(s string) string {
	s = strings.NewReplacer("đ", "d", "Đ", "D").Replace(s)
	out, _, _ := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	return out
}
