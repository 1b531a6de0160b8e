package reports_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// confirmedDraftRound confirms the demo's round in preview as the office
// and returns its id and programme: a round whose plan nobody registered.
func confirmedDraftRound(t *testing.T, a *webtest.App) (round, programme int64) {
	t.Helper()
	var n int
	if err := a.DB.R.QueryRow(`SELECT r.id, r.programme_id, r.n FROM rounds r WHERE r.status = 'preview' ORDER BY r.id LIMIT 1`).
		Scan(&round, &programme, &n); err != nil {
		t.Fatalf("the demo has no round in preview: %v", err)
	}
	resp, body := a.Token("office", demo.Password).Do(http.MethodPost,
		"/api/v1/programmes/"+strconv.FormatInt(programme, 10)+"/rounds/"+strconv.Itoa(n)+"/confirm", nil)
	wantStatus(t, "confirm", resp, body, 200)
	return round, programme
}

// A plan is a draft until the office registers it with the number from
// the outgoing register and the signing day; then it prints them, once
// and for all: a second registration, or the number of another document
// of the organiser that year, is refused; an auditor may not register.
func TestRegisterPlan(t *testing.T) {
	a := demoApp(t)
	round, _ := confirmedDraftRound(t, a)
	today, yesterday := days(a)
	office := a.Token("office", demo.Password)
	base := "/api/v1/rounds/" + strconv.FormatInt(round, 10)
	resp, body := office.Do(http.MethodGet, base+"/plan.pdf", nil)
	wantStatus(t, "the draft", resp, body, 200)
	txt := pdftest.Text(t, body)
	for _, w := range []string{"DỰ THẢO", "Số: /KH-UBND", "Đức Trọng, ngày tháng năm"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the unregistered plan lacks %q:\n%.500s", w, txt)
		}
	}

	var auditor string
	if err := a.DB.R.QueryRow(`SELECT username FROM users WHERE role = 'auditor' ORDER BY id LIMIT 1`).Scan(&auditor); err != nil {
		t.Fatal(err)
	}
	resp, body = a.Token(auditor, demo.Password).Do(http.MethodPost, base+"/plan/register", map[string]any{"number": "7/KH-UBND", "signed_on": today})
	wantStatus(t, "an auditor registering", resp, body, 403)

	for _, bad := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"number": "", "signed_on": today}, "number"},
		{map[string]any{"number": "KH-UBND", "signed_on": today}, "number"},
		{map[string]any{"number": "7/KH-UBND", "signed_on": "31/02/2026"}, "signed_on"},
		{map[string]any{"number": "7/KH-UBND", "signed_on": "2099-01-01"}, "signed_on"},
		{map[string]any{"number": "7/KH-UBND"}, "signed_on"},
		{map[string]any{"number": strings.Repeat("9", 5000), "signed_on": today}, "number"},
	} {
		resp, body := office.Do(http.MethodPost, base+"/plan/register", bad.body)
		wantStatus(t, "bad "+bad.field, resp, body, 422)
		if !strings.Contains(string(body), `"`+bad.field+`"`) {
			t.Errorf("the 422 for %v does not name %s: %s", bad.body, bad.field, body)
		}
	}
	// A number the demo's register already holds, in the same year,
	// written in lower case.
	var taken, takenOn string
	if err := a.DB.R.QueryRow(`SELECT number, signed_on FROM outgoing_documents WHERE kind = 'plan' ORDER BY signed_on DESC LIMIT 1`).Scan(&taken, &takenOn); err != nil {
		t.Fatal(err)
	}
	resp, body = office.Do(http.MethodPost, base+"/plan/register", map[string]any{"number": strings.ToLower(taken), "signed_on": takenOn})
	wantStatus(t, "a number taken", resp, body, 409)

	resp, body = office.Do(http.MethodPost, base+"/plan/register", map[string]any{"number": "131/KH-UBND", "signed_on": showDay(yesterday)})
	wantStatus(t, "register", resp, body, 201)
	if !strings.Contains(string(body), `"number":"131/KH-UBND"`) || !strings.Contains(string(body), `"signed_on":"`+yesterday+`"`) {
		t.Errorf("the registration: %s", body)
	}
	resp, body = office.Do(http.MethodPost, base+"/plan/register", map[string]any{"number": "132/KH-UBND", "signed_on": today})
	wantStatus(t, "a second registration", resp, body, 409)

	resp, body = office.Do(http.MethodGet, base+"/plan.pdf", nil)
	wantStatus(t, "the registered plan", resp, body, 200)
	txt = pdftest.Text(t, body)
	for _, w := range []string{"Số: 131/KH-UBND", placeDay(yesterday)} {
		if !strings.Contains(txt, w) {
			t.Errorf("the registered plan lacks %q:\n%.500s", w, txt)
		}
	}
	if strings.Contains(txt, "DỰ THẢO") {
		t.Error("the registered plan still says DỰ THẢO")
	}
}

// A team's decision cites the plan: it can be registered only once the
// plan is, and not signed before it; registered, it prints its number,
// its day and the plan's number and day among its bases.
func TestRegisterDecision(t *testing.T) {
	a := demoApp(t)
	round, _ := confirmedDraftRound(t, a)
	today, yesterday := days(a)
	id := queryID(t, a, `SELECT id FROM audits WHERE round_id = ? AND status <> 'cancelled' ORDER BY id LIMIT 1`, round)
	office := a.Token("office", demo.Password)
	path := "/api/v1/audits/" + strconv.FormatInt(id, 10) + "/decision/register"
	resp, body := office.Do(http.MethodPost, path, map[string]any{"number": "140/QĐ-UBND", "signed_on": today})
	wantStatus(t, "before the plan", resp, body, 409)

	resp, body = office.Do(http.MethodPost, "/api/v1/rounds/"+strconv.FormatInt(round, 10)+"/plan/register",
		map[string]any{"number": "131/KH-UBND", "signed_on": today})
	wantStatus(t, "the plan", resp, body, 201)
	resp, body = office.Do(http.MethodPost, path, map[string]any{"number": "140/QĐ-UBND", "signed_on": yesterday})
	wantStatus(t, "signed before the plan", resp, body, 422)
	if !strings.Contains(string(body), `"signed_on"`) {
		t.Errorf("the 422 does not name signed_on: %s", body)
	}
	resp, body = office.Do(http.MethodPost, path, map[string]any{"number": "140/QĐ-UBND", "signed_on": today})
	wantStatus(t, "the decision", resp, body, 201)

	resp, body = office.Do(http.MethodGet, "/api/v1/audits/"+strconv.FormatInt(id, 10)+"/decision.pdf", nil)
	wantStatus(t, "the registered decision", resp, body, 200)
	txt := pdftest.Text(t, body)
	for _, w := range []string{"Số: 140/QĐ-UBND", placeDay(today),
		"Căn cứ Kế hoạch số 131/KH-UBND ngày " + showDay(today) + " của UBND huyện Đức Trọng", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the registered decision lacks %q:\n%s", w, txt)
		}
	}
}

// The registration page suggests the next number of the register and
// today, asks before it registers, and gives back what was typed with the
// field's problem when refused.
func TestRegisterPage(t *testing.T) {
	a := demoApp(t)
	round, programme := confirmedDraftRound(t, a)
	today, _ := days(a)
	office := a.Login("office", demo.Password)
	page := "/rounds/" + strconv.FormatInt(round, 10) + "/plan/register"
	status, html := office.Page(page)
	if status != 200 || !strings.Contains(html, `value="96/KH-UBND"`) || !strings.Contains(html, "data-confirm") {
		t.Errorf("%d: the page does not suggest 96/KH-UBND or does not ask first:\n%s", status, html)
	}
	resp, body := office.Form(page, url.Values{"number": {"96/KH-UBND"}, "signed_on": {"32/13/2026"}})
	wantStatus(t, "a bad day", resp, body, 422)
	if !strings.Contains(string(body), `value="32/13/2026"`) || !strings.Contains(string(body), `value="96/KH-UBND"`) {
		t.Errorf("what was typed is lost:\n%s", body)
	}
	resp, body = office.Form(page, url.Values{"number": {"96/KH-UBND"}, "signed_on": {showDay(today)}})
	wantStatus(t, "registered", resp, body, 303)
	if loc := resp.Header.Get("Location"); loc != "/programmes/"+strconv.FormatInt(programme, 10) {
		t.Errorf("back to %q", loc)
	}
	if status, html := office.Page("/programmes/" + strconv.FormatInt(programme, 10)); status != 200 || !strings.Contains(html, "96/KH-UBND") {
		t.Errorf("%d: the programme page does not show the plan's number", status)
	}
}

// days are today and yesterday on the app's clock, yyyy-mm-dd.
func days(a *webtest.App) (today, yesterday string) {
	now := a.DB.Now()
	return i18n.Day(now), i18n.Day(now.AddDate(0, 0, -1))
}

// showDay writes a day as people type it, dd/mm/yyyy.
func showDay(day string) string { return i18n.ShowDay(day) }

// Issuing accepts the outgoing register's number and signing day: the
// report prints them; without them it keeps the app's own series. A bad
// day or a number the organiser used that year is refused and leaves the
// audit waiting.
func TestIssueWithRegisterNumber(t *testing.T) {
	a := demoApp(t)
	ids, _, _ := submitted(t, a)
	today, yesterday := days(a)
	office := a.Token("office", demo.Password)
	issue := func(id int64) string { return "/api/v1/audits/" + strconv.FormatInt(id, 10) + "/issue" }
	for _, bad := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"number": "150/BC-UBND", "signed_on": "2026-02-30"}, "signed_on"},
		{map[string]any{"number": "150/BC-UBND", "signed_on": "2099-01-01"}, "signed_on"},
		{map[string]any{"number": "", "signed_on": today}, "number"},
	} {
		resp, body := office.Do(http.MethodPost, issue(ids[0]), bad.body)
		wantStatus(t, "bad "+bad.field, resp, body, 422)
		if !strings.Contains(string(body), `"`+bad.field+`"`) {
			t.Errorf("the 422 for %v does not name %s: %s", bad.body, bad.field, body)
		}
	}
	resp, body := office.Do(http.MethodPost, issue(ids[0]), map[string]any{"number": "150/BC-UBND", "signed_on": yesterday})
	wantStatus(t, "issue with a number", resp, body, 201)
	if !strings.Contains(string(body), `"number":"150/BC-UBND"`) {
		t.Errorf("the issued report: %s", body)
	}
	resp, body = office.Do(http.MethodGet, "/api/v1/audits/"+strconv.FormatInt(ids[0], 10)+"/report.pdf", nil)
	wantStatus(t, "the report", resp, body, 200)
	txt := pdftest.Text(t, body)
	for _, w := range []string{"Số: 150/BC-UBND", i18n.DateLong(i18n.VI, mustDay(t, yesterday))} {
		if !strings.Contains(txt, w) {
			t.Errorf("the issued report lacks %q:\n%.800s", w, txt)
		}
	}
	resp, body = office.Do(http.MethodPost, issue(ids[1]), map[string]any{"number": "150/bc-ubnd", "signed_on": today})
	wantStatus(t, "a number taken", resp, body, 409)
	if n := queryID(t, a, `SELECT COUNT(*) FROM issued_reports WHERE audit_id = ?`, ids[1]); n != 0 {
		t.Errorf("a refused issue stored %d reports", n)
	}
	resp, body = office.Do(http.MethodPost, issue(ids[1]), nil)
	wantStatus(t, "issue without a number", resp, body, 201)
}

// mustDay reads a day (yyyy-mm-dd) at noon in Hà Nội.
func mustDay(t *testing.T, day string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, day, i18n.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(12 * time.Hour)
}
