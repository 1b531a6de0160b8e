package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// demoApp is the whole application with the demo district loaded, on a real
// listener, driven through webtest's clients.
func demoApp(t *testing.T) *webtest.App {
	t.Helper()
	d := demotest.Open(t)
	a, err := newApp(newStores(d), slog.New(slog.NewTextHandler(io.Discard, nil)), settings{params: webtest.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.server.Echo)
	t.Cleanup(srv.Close)
	return &webtest.App{TB: t, DB: d, Server: a.server, Router: a.router, Auth: a.auth, HTTP: srv}
}

// setupApp is the whole application on an empty database, as `serve`
// starts it without --demo: no organiser, the setup page armed. It returns
// the app and the setup code.
func setupApp(t *testing.T) (*webtest.App, string) {
	t.Helper()
	d := webtest.OpenDB(t)
	a, err := newApp(newStores(d), slog.New(slog.NewTextHandler(io.Discard, nil)), settings{params: webtest.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	code := auth.NewSetupCode()
	a.setup.Arm(code)
	srv := httptest.NewServer(a.server.Echo)
	t.Cleanup(srv.Close)
	return &webtest.App{TB: t, DB: d, Server: a.server, Router: a.router, Auth: a.auth, HTTP: srv}, code
}

// visit is one page of the sweep: who opens it and the status expected.
type visit struct {
	path   string
	status int
}

// sweepFor lists the pages each demo login opens. Pages of later features
// that need a record (a programme, an audit) take the first the demo holds.
func sweepFor(t *testing.T, a *webtest.App, role string) []visit {
	everyone := []visit{{"/", 200}, {"/inbox", 200}, {"/account", 200}, {"/password", 200}, {"/no/such/page", 404},
		{"/audits", 200}, {"/nonconformities", 200}}
	staff := []visit{
		{"/units", 200}, {"/units/new", 200}, {"/units/import", 200}, {"/units/24961/edit", 200}, {"/units/changes", 200},
		{"/users", 200}, {"/users/new", 200}, {"/users/import", 200}, {"/users/auditee.24961/edit", 200},
		{"/trail", 200}, {"/trail?entity=user", 200}, {"/programmes", 200}, {"/register", 200},
	}
	if id := firstID(t, a, "checklists"); id != "" {
		one := "/checklists/" + id
		staff = append(staff, visit{"/checklists", 200}, visit{one, 200}, visit{one + "/print", 200}, visit{one + "/diff", 200},
			visit{one + "/draft", 200}, visit{one + "/draft/new-item", 200}, visit{one + "/draft/items/C01", 200})
	}
	if id := firstID(t, a, "programmes"); id != "" {
		staff = append(staff, visit{"/programmes/" + id, 200}, visit{"/programmes/" + id + "/conclusions", 200})
	}
	if id := firstID(t, a, "audits"); id != "" {
		staff = append(staff, visit{"/audits/" + id + "/plan", 200})
	}
	// The pages that ask before the office's acts that cannot be undone:
	// confirming a previewed round, ending an active programme.
	var prog, n string
	if err := a.DB.R.QueryRow(`SELECT CAST(programme_id AS TEXT), CAST(n AS TEXT) FROM rounds WHERE status = 'preview' ORDER BY id LIMIT 1`).Scan(&prog, &n); err == nil {
		staff = append(staff, visit{"/programmes/" + prog + "/rounds/" + n + "/confirm", 200})
	}
	if err := a.DB.R.QueryRow(`SELECT CAST(id AS TEXT) FROM programmes WHERE status = 'active' ORDER BY id LIMIT 1`).Scan(&prog); err == nil {
		staff = append(staff, visit{"/programmes/" + prog + "/complete", 200})
	}
	// The outgoing register's page of a confirmed round's plan.
	var round string
	if err := a.DB.R.QueryRow(`SELECT id FROM rounds WHERE status = 'confirmed' ORDER BY id LIMIT 1`).Scan(&round); err == nil {
		staff = append(staff, visit{"/rounds/" + round + "/plan/register", 200})
	}
	for _, status := range []string{"submitted", "in_progress"} {
		var id string
		if err := a.DB.R.QueryRow(`SELECT id FROM audits WHERE status = ? ORDER BY id LIMIT 1`, status).Scan(&id); err == nil {
			staff = append(staff, visit{"/audits/" + id, 200})
			if status == "submitted" {
				staff = append(staff, visit{"/audits/" + id + "/issue", 200})
			}
		}
	}
	// The plan page of the audit whose audited commune proposed another day
	// (issue 24): the office answers there; auditee.24961 opens it only when
	// it is its own commune's audit.
	var proposed, proposer string
	if a.DB.R.QueryRow(`SELECT CAST(a.id AS TEXT), u.code FROM date_proposals p JOIN audits a ON a.id = p.audit_id
		JOIN units u ON u.id = a.auditee_unit_id WHERE p.status = 'pending' ORDER BY p.id LIMIT 1`).Scan(&proposed, &proposer) == nil {
		staff = append(staff, visit{"/audits/" + proposed + "/plan", 200})
		if role == "auditee" {
			want := 404
			if proposer == "24961" {
				want = 200
			}
			everyone = append(everyone, visit{"/audits/" + proposed + "/plan", want})
		}
	}
	// Procedure reconciliation (audit/procedures): an auditee is sent to its
	// own unit's page and may not see another's.
	everyone = append(everyone, visit{"/procedures/units/24961", 200})
	staff = append(staff, visit{"/procedures", 200}, visit{"/procedures/catalogue", 200}, visit{"/procedures/catalogue/1.004120", 200},
		visit{"/procedures/import", 200}, visit{"/procedures/figures", 200})
	if id := firstID(t, a, "audits"); id != "" {
		staff = append(staff, visit{"/audits/" + id + "/procedures", 200})
	}
	// The dashboard (reports/dashboard): staff see every unit; a unit's
	// users see their own unit's page only.
	everyone = append(everyone, visit{"/dashboard/units/24961", 200}, visit{"/dashboard/units/24961/review", 200})
	staff = append(staff, visit{"/dashboard", 200})
	if role == "auditor" || role == "auditee" {
		everyone = append(everyone, visit{"/dashboard", 403}, visit{"/dashboard/units/24958", 404})
	}
	// Training needs (audit/training): the office's page.
	staff = append(staff, visit{"/training-needs", 200})
	if role == "auditor" || role == "auditee" {
		everyone = append(everyone, visit{"/training-needs", 403})
	}
	// Reports (reports/): the office's reports page; the public
	// verification page, with a code and without.
	staff = append(staff, visit{"/reports", 200})
	everyone = append(everyone, visit{"/verify", 200}, visit{"/verify/ZZZZZ-ZZZZZ", 404})
	if code := firstID(t, a, "issued_reports"); code != "" {
		var c string
		if a.DB.R.QueryRow(`SELECT code FROM issued_reports WHERE id = ?`, code).Scan(&c) == nil {
			everyone = append(everyone, visit{"/verify/" + c, 200})
		}
	}
	if role == "auditor" || role == "auditee" {
		everyone = append(everyone, visit{"/reports", 403})
	}
	// Corrective actions (audit/nc_*): a nonconformity's page for whoever
	// may see it, the settings for the admin only.
	if id := firstID(t, a, "findings WHERE grade IN ('minor', 'major') AND status = 'cause_analysed'"); id != "" {
		staff = append(staff, visit{"/nonconformities/" + id, 200}, visit{"/nonconformities?overdue=1&grade=major", 200})
		if aid := firstID(t, a, "nc_actions WHERE finding_id = "+id); aid != "" {
			staff = append(staff, visit{"/nonconformities/" + id + "/actions/" + aid + "/remove", 200})
		}
	}
	for _, side := range []struct{ role, column string }{{"auditee", "a.auditee_unit_id"}, {"auditor", "a.auditor_unit_id"}} {
		var id string
		if role == side.role && a.DB.R.QueryRow(`SELECT CAST(MIN(f.id) AS TEXT) FROM findings f JOIN audits a ON a.id = f.audit_id
			WHERE f.grade IN ('minor', 'major') AND `+side.column+` = (SELECT id FROM units WHERE code = '24961')`).Scan(&id) == nil && id != "" {
			everyone = append(everyone, visit{"/nonconformities/" + id, 200})
		}
	}
	switch role {
	case "admin":
		return append(append(everyone, staff...), visit{"/settings/nonconformities", 200}, visit{"/settings/organisation", 200})
	case "office":
		return append(append(everyone, staff...), visit{"/settings/nonconformities", 403}, visit{"/settings/organisation", 403})
	case "auditor":
		return append(everyone, visit{"/units", 200}, visit{"/users", 403}, visit{"/procedures", 200}, visit{"/procedures/figures", 200},
			visit{"/procedures/import", 403})
	}
	return append(everyone, visit{"/units", 403}, visit{"/procedures/units/24964", 404},
		visit{"/procedures/catalogue", 403})
}

// firstID returns the smallest id of a table, "" when it is empty or does
// not exist yet.
func firstID(t *testing.T, a *webtest.App, table string) string {
	var id string
	if err := a.DB.R.QueryRow(`SELECT CAST(MIN(id) AS TEXT) FROM ` + table).Scan(&id); err != nil {
		t.Logf("no %s to sweep: %v", table, err)
	}
	return id
}

var (
	dataPage = regexp.MustCompile(`<body data-page="([a-z_]+)">`)
	tags     = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)
	attrText = regexp.MustCompile(`(?:aria-label|title|placeholder|alt)="([^"]*)"`)
	keyLike  = regexp.MustCompile(`\b([a-z]+)((?:\.[a-z_][a-z0-9_]*)+)\b`)
)

// leaks returns the catalogue-like ids in what a person reads on a page
// (text and the attributes read aloud): a key missing from the catalogue
// comes back from T as itself.
func leaks(body string, prefixes map[string]bool) []string {
	var out []string
	texts := []string{tags.ReplaceAllString(body, " ")}
	for _, m := range attrText.FindAllStringSubmatch(body, -1) {
		texts = append(texts, m[1])
	}
	for _, s := range texts {
		for _, m := range keyLike.FindAllStringSubmatch(s, -1) {
			if prefixes[m[1]] {
				out = append(out, m[0])
			}
		}
	}
	for _, bad := range []string{"<no value>", "%!", "[missing]"} {
		if strings.Contains(body, bad) {
			out = append(out, bad)
		}
	}
	return out
}

// TestEveryPageRendersInBothLanguages boots the whole application with the
// demo, signs in as each kind of demo login in Vietnamese and in English,
// renders every page (forms shown again after invalid input included), and
// checks that no raw catalogue id reaches the screen and that every page
// template was rendered at least once.
func TestEveryPageRendersInBothLanguages(t *testing.T) {
	a := demoApp(t)
	cat := i18n.MustLoad()
	prefixes := map[string]bool{}
	for _, k := range cat.Keys(i18n.VI) {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	rendered := map[string]bool{}
	check := func(t *testing.T, what string, status, want int, body, lang string) {
		t.Helper()
		if status != want {
			t.Errorf("%s: status %d, want %d", what, status, want)
		}
		m := dataPage.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: not a page of the layout", what)
			return
		}
		rendered[m[1]] = true
		if !strings.Contains(body, `<html lang="`+lang+`">`) {
			t.Errorf("%s: not in %s", what, lang)
		}
		if l := leaks(body, prefixes); len(l) > 0 {
			t.Errorf("%s shows raw ids %v", what, l)
		}
	}
	for _, lang := range i18n.Langs {
		anon := a.Anonymous()
		if lang == i18n.EN {
			anon.Page("/login")
			anon.Form("/lang", url.Values{"lang": {"en"}, "next": {"/login"}})
		}
		status, body := anon.Page("/login")
		check(t, lang+" /login", status, 200, body, lang)
		for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
			role, _, _ := strings.Cut(login, ".")
			t.Run(lang+"/"+login, func(t *testing.T) {
				c := a.Login(login, demo.Password)
				c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
				for _, v := range sweepFor(t, a, role) {
					status, body := c.Page(v.path)
					check(t, v.path, status, v.status, body, lang)
				}
				if role == "admin" || role == "office" {
					sweepForms(t, c, func(what string, resp *http.Response, body []byte, want int) {
						check(t, what, resp.StatusCode, want, string(body), lang)
					})
				}
			})
		}
		// The question before evidence is deleted (without script), asked of
		// the team conducting the audit that holds the demo's mark-up.
		var evidence, lead string
		if a.DB.R.QueryRow(`SELECT '/audits/' || m.audit_id || '/attachments/' || m.id || '/delete', us.username
			FROM attachments m JOIN attachments o ON o.original_of = m.id JOIN audits au ON au.id = m.audit_id AND au.status = 'in_progress'
			JOIN audit_team tm ON tm.audit_id = au.id JOIN users us ON us.id = tm.user_id ORDER BY m.id LIMIT 1`).Scan(&evidence, &lead) == nil {
			c := a.Login(lead, demo.Password)
			c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			status, body := c.Page(evidence)
			check(t, lang+" "+evidence, status, 200, body, lang)
		}
		// The submission's confirmation page, as the lead of an audit in
		// progress sees it.
		var submitting, subLead string
		if a.DB.R.QueryRow(`SELECT CAST(a.id AS TEXT), u.code FROM audits a JOIN units u ON u.id = a.auditor_unit_id
			WHERE a.status = 'in_progress' ORDER BY a.id LIMIT 1`).Scan(&submitting, &subLead) == nil {
			c := a.Login("auditor."+subLead, demo.Password)
			c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			status, body := c.Page("/audits/" + submitting + "/submit")
			check(t, lang+" /audits/"+submitting+"/submit", status, 200, body, lang)
		}
	}
	// A deployment not set up yet: the setup page, armed, in both
	// languages, and shown again after invalid input.
	fresh, setup := setupApp(t)
	for _, lang := range i18n.Langs {
		anon := fresh.Anonymous()
		if status, _ := anon.Page("/"); status != http.StatusSeeOther {
			t.Errorf("/ before setup: %d, want a redirect to /setup", status)
		}
		if lang == i18n.EN {
			anon.Page("/setup")
			anon.Form("/lang", url.Values{"lang": {"en"}, "next": {"/setup"}})
		}
		status, body := anon.Page("/setup")
		check(t, lang+" /setup without its code", status, 200, body, lang)
		status, body = anon.Page("/setup?code=" + setup)
		check(t, lang+" /setup", status, 200, body, lang)
		resp, b := anon.Form("/setup", url.Values{"code": {setup}, "name": {""}, "place": {"Lâm Đồng"}})
		check(t, lang+" /setup refused", resp.StatusCode, 422, string(b), lang)
	}
	var missing []string
	for _, name := range a.Server.Views.Names() {
		if !rendered[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("pages never rendered by the sweep: %v; add a path that renders each to sweepFor", missing)
	}
}

// sweepForms posts invalid forms and files so that the pages shown again
// with errors are rendered too.
func sweepForms(t *testing.T, c *webtest.Client, check func(string, *http.Response, []byte, int)) {
	t.Helper()
	c.Page("/units/new")
	resp, body := c.Form("/units/new", url.Values{"code": {"Xã"}, "name": {""}})
	check("invalid unit", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Form("/users/new", url.Values{"username": {"x y"}, "role": {"auditee"}, "password": {"short"}})
	check("invalid user", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Upload("/units/import", "file", "u.csv", []byte("code,name\n24961,Trùng\n,\n"), map[string]string{"csrf": c.CSRF})
	check("invalid units file", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Upload("/users/import", "file", "u.csv", []byte("username,role,unit\nx y,boss,99\n"), map[string]string{"csrf": c.CSRF})
	check("invalid users file", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Upload("/units/changes", "file", "c.csv", []byte("old_code,new_code,new_name,effective_date\n99999,24961,,31/02/2025\n24961,24958,,01/07/2025\n24961,24964,,01/07/2025\n"),
		map[string]string{"csrf": c.CSRF, "action": "check"})
	check("invalid change table", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Upload("/units/changes", "file", "c.csv", []byte("old_code,new_code,new_name,effective_date\n24961,24967,,01/07/2025\n"),
		map[string]string{"csrf": c.CSRF, "action": "check"})
	check("checked change table", resp, body, http.StatusOK)
	resp, body = c.Upload("/units/changes", "file", "c.csv", []byte("old_code,new_code,new_name,effective_date\n24961,24967,,01/07/2025\n"),
		map[string]string{"csrf": c.CSRF, "action": "apply"})
	check("change table to confirm", resp, body, http.StatusOK)
	name := "sweep." + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "."))
	name = regexp.MustCompile(`[^a-z0-9.]`).ReplaceAllString(name, "")
	resp, body = c.Upload("/users/import", "file", "u.csv", []byte("username,role,unit\n"+name+",auditee,24961\n"), map[string]string{"csrf": c.CSRF})
	check("users file with generated passwords", resp, body, http.StatusOK)
	if !bytes.Contains(body, []byte(name)) {
		t.Error("the generated password is not shown")
	}
	resp, body = c.Do(http.MethodGet, "/trail?from=hôm+qua", nil)
	check("invalid trail filter", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Upload("/procedures/import/catalogue", "file", "dm.csv", []byte("code,name,field,level,effective_date\n1.1,A,B,C,31/02/2024\n"), map[string]string{"csrf": c.CSRF})
	check("invalid procedure catalogue", resp, body, http.StatusUnprocessableEntity)
	resp, body = c.Form("/procedures/figures", url.Values{"unit": {"24961"}, "period": {"quý 3"}, "received": {"x"}})
	check("invalid dossier figures", resp, body, http.StatusUnprocessableEntity)
	token := c.CSRF
	c.CSRF = "a-token-from-an-earlier-session"
	resp, body = c.Form("/units/new", url.Values{"code": {"24999"}})
	c.CSRF = token
	check("a form from an earlier session", resp, body, http.StatusForbidden)
}

// TestDemoHomePageFitsEachLogin checks that every kind of demo login lands
// on a home page that says who they are, what they do here and what waits,
// with the shortcuts only for the office and the administrator.
func TestDemoHomePageFitsEachLogin(t *testing.T) {
	a := demoApp(t)
	for _, tc := range []struct {
		login string
		wants []string
		quick bool
	}{
		{"admin", []string{"Quản trị hệ thống", "Bạn quản trị hệ thống"}, true},
		{"office", []string{"Phòng Nội vụ huyện Đức Trọng", "Bạn điều phối đánh giá nội bộ chéo"}, true},
		{"auditor.24961", []string{"Chuyên gia đánh giá · Xã Hiệp An", "Bạn là chuyên gia đánh giá"}, false},
		{"auditee.24961", []string{"Bộ phận một cửa · Xã Hiệp An", "Đơn vị của bạn được đánh giá chéo"}, false},
	} {
		t.Run(tc.login, func(t *testing.T) {
			_, body := a.Login(tc.login, demo.Password).Page("/")
			for _, want := range append(tc.wants, "Việc đang chờ bạn", "Chào mừng bạn đến với bản trình diễn CrossAudit của UBND huyện Đức Trọng") {
				if !strings.Contains(body, want) {
					t.Errorf("home lacks %q", want)
				}
			}
			if got := strings.Contains(body, `class="tile"`); got != tc.quick {
				t.Errorf("shortcuts shown: %v, want %v", got, tc.quick)
			}
			navs := regexp.MustCompile(`<li><a href="(/[a-z]*)"`).FindAllStringSubmatch(body, -1)
			var paths []string
			for _, m := range navs {
				paths = append(paths, m[1])
			}
			if !slices.Contains(paths, "/") || !slices.Contains(paths, "/inbox") {
				t.Errorf("navigation %v lacks home or inbox", paths)
			}
			if tc.quick != slices.Contains(paths, "/users") {
				t.Errorf("navigation %v: users shown to the wrong roles", paths)
			}
		})
	}
}
