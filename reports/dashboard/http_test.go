package dashboard_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// fair is a small district of 8 units over two years, two rounds each,
// every team finding 3 nonconformities.
var fair = world{units: 8, years: []int{2025, 2026}, rounds: 2, nc: func(_, _, _, _ int) int { return 3 }}

func users(a *webtest.App) {
	var n int
	if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM units WHERE code = 'U001'`).Scan(&n); err == nil && n == 0 {
		a.Unit("U001", "Xã Đức Thạnh số 1", "Cụm 1")
	}
	a.User("office", "office", "")
	a.User("admin", "admin", "")
	a.User("auditor.u001", "auditor", "U001")
	a.User("auditee.u001", "auditee", "U001")
}

func getJSON(t *testing.T, c *webtest.Client, path string, want int, out any) {
	t.Helper()
	resp, body := c.Do(http.MethodGet, path, nil)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d %s, want %d", path, resp.StatusCode, body, want)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
}

func TestDashboardAPIOnlyForOfficeAndAdmin(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	path := fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026])
	for _, who := range []string{"office", "admin"} {
		var d struct {
			Programme struct{ ID int64 }
			Units     map[string]struct {
				Name  string
				Score *float64
				Rank  int
			}
			Leniency struct {
				Units map[string]struct{ Audits int }
			}
		}
		getJSON(t, a.Token(who, webtest.Password), path, 200, &d)
		if d.Programme.ID != ids[2026] || len(d.Units) != 8 || d.Units["U003"].Name != "Xã Đức Thạnh số 3" || d.Units["U003"].Score == nil || d.Units["U003"].Rank != 1 {
			t.Errorf("%s: units %+v", who, d.Units)
		}
		if got := d.Leniency.Units["U003"].Audits; got != 4 {
			t.Errorf("%s: leniency of U003 counts %d audits over both years, want 4", who, got)
		}
	}
	for _, who := range []string{"auditor.u001", "auditee.u001"} {
		resp, body := a.Token(who, webtest.Password).Do(http.MethodGet, path, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", who, resp.StatusCode)
		}
		webtest.DecodeError(t, body)
		if status, _ := a.Login(who, webtest.Password).Page("/dashboard"); status != http.StatusForbidden {
			t.Errorf("%s opens the dashboard page: %d", who, status)
		}
	}
	if resp, _ := a.Anonymous().Do(http.MethodGet, path, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d, want 401", resp.StatusCode)
	}
}

func TestDashboardBadInput(t *testing.T) {
	a := newApp(t)
	users(a)
	office := a.Token("office", webtest.Password)
	// No programme at all: the API says so; the page says so in words.
	getJSON(t, office, "/api/v1/dashboard", 404, nil)
	browser := a.Login("office", webtest.Password)
	if status, body := browser.Page("/dashboard"); status != 200 || !strings.Contains(body, "Chưa có chương trình đánh giá nào.") {
		t.Errorf("page without programmes: %d", status)
	}
	ids := fair.build(t, a)
	// A programme with units but no rounds yet.
	if _, err := a.DB.W.Exec(`INSERT INTO programmes (owner_id, year, name, checklist_version_id, status, created_at, updated_at)
		SELECT owner_id, 2027, 'Chương trình năm 2027', checklist_version_id, 'draft', created_at, updated_at FROM programmes WHERE id = ?`, ids[2026]); err != nil {
		t.Fatal(err)
	}
	var empty struct {
		Programme  struct{ ID int64 }
		Rounds     []any
		League     []any
		Corrective struct {
			OnTimeRate *float64 `json:"on_time_rate"`
		}
		Change struct {
			ScoreDelta *float64 `json:"score_delta"`
		}
	}
	getJSON(t, office, "/api/v1/dashboard", 200, &empty)
	if empty.Programme.ID == ids[2026] || len(empty.Rounds) != 0 || empty.Corrective.OnTimeRate != nil || empty.Change.ScoreDelta != nil {
		t.Errorf("the latest programme, without data: %+v", empty)
	}
	if status, body := browser.Page("/dashboard"); status != 200 || !strings.Contains(body, `id="db-no-data"`) {
		t.Errorf("page of a programme without data: %d", status)
	}
	for path, want := range map[string]struct {
		status int
		field  string
	}{
		"/api/v1/dashboard?programme=abc":                  {422, "programme"},
		"/api/v1/dashboard?programme=-3":                   {422, "programme"},
		"/api/v1/dashboard?programme=999999":               {404, ""},
		"/api/v1/dashboard?status=bogus":                   {422, "status"},
		"/api/v1/dashboard?unit=NOPE":                      {422, "unit"},
		"/dashboard/export/results?format=pdf":             {422, "format"},
		"/dashboard/export/everything?format=csv":          {404, ""},
		"/dashboard/export/results?programme=999999":       {404, ""},
		"/dashboard/export/nonconformities?status=unknown": {422, "status"},
		"/dashboard/export/league?lang=fr":                 {422, "lang"},
	} {
		resp, body := office.Do(http.MethodGet, path, nil)
		if resp.StatusCode != want.status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want.status)
			continue
		}
		if !strings.HasPrefix(path, "/api/") { // a page: the error page names the field
			if want.field != "" && !strings.Contains(string(body), "<strong>"+want.field+"</strong>") {
				t.Errorf("%s: the error page does not name %q", path, want.field)
			}
			continue
		}
		e := webtest.DecodeError(t, body)
		if _, ok := e.Error.Fields[want.field]; want.field != "" && !ok {
			t.Errorf("%s: fields %v lack %q", path, e.Error.Fields, want.field)
		}
	}
	// Filters that match nothing: a clear, empty answer.
	var none struct {
		Overdue []any
		League  []struct{ Unit string }
		Units   map[string]any
	}
	getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d&unit=U002&status=verified", ids[2026]), 200, &none)
	if len(none.Overdue) != 0 || len(none.League) != 1 || len(none.Units) != 1 {
		t.Errorf("filtered to one unit and an unused state: %+v", none)
	}
	if status, body := browser.Page(fmt.Sprintf("/dashboard?programme=%d&unit=U002&status=verified", ids[2026])); status != 200 ||
		!strings.Contains(body, "Không có điểm không phù hợp nào.") {
		t.Errorf("page with filters matching nothing: %d", status)
	}
}

func TestUnitPagesShowOnlyTheirOwnUnit(t *testing.T) {
	a := newApp(t)
	fair.build(t, a)
	users(a)
	for _, who := range []string{"auditor.u001", "auditee.u001"} {
		c := a.Login(who, webtest.Password)
		resp, _ := c.Do(http.MethodGet, "/dashboard/mine", nil)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/dashboard/units/U001" {
			t.Errorf("%s: /dashboard/mine → %d %s", who, resp.StatusCode, loc)
		}
		status, body := c.Page("/dashboard/units/U001")
		if status != 200 || !strings.Contains(body, "Kết quả của Xã Đức Thạnh số 1") || !strings.Contains(body, "Trung bình chương trình") {
			t.Errorf("%s: own unit page %d", who, status)
		}
		// Other units appear only as the teams that audited this one, never
		// with their results.
		if strings.Contains(body, "/dashboard/units/U002") {
			t.Errorf("%s: own page links to another unit's figures", who)
		}
		// The audited unit reads its audits; its auditors may not, so
		// their page does not link to them.
		if links := strings.Contains(body, `href="/audits/`); links != (who == "auditee.u001") {
			t.Errorf("%s: links to the audits: %v", who, links)
		}
		if status, _ := c.Page("/dashboard/units/U002"); status != http.StatusNotFound {
			t.Errorf("%s sees another unit's page: %d", who, status)
		}
	}
	office := a.Login("office", webtest.Password)
	for _, path := range []string{"/dashboard/units/U002", "/dashboard/units/U005"} {
		if status, _ := office.Page(path); status != 200 {
			t.Errorf("office %s: %d", path, status)
		}
	}
	if status, _ := office.Page("/dashboard/units/NOPE"); status != 404 {
		t.Errorf("unknown unit: %d", status)
	}
}

func TestDashboardPageShowsChartsAndFlags(t *testing.T) {
	a := newApp(t)
	// Units 2 and 5 audit each other's units gently: U002 finds nothing in
	// anyone and U005 nothing either; everyone else finds 8.
	w := world{units: 12, years: []int{2025, 2026}, rounds: 3, nc: func(_, _, auditor, _ int) int {
		if auditor == 2 || auditor == 5 {
			return 0
		}
		return 8
	}}
	ids := w.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	status, body := c.Page(fmt.Sprintf("/dashboard?programme=%d", ids[2026]))
	if status != 200 {
		t.Fatalf("page: %d", status)
	}
	for _, want := range []string{`<svg class="chart"`, `role="img"`, `id="chart-heat-t"`, `id="db-flagged-units"`,
		"Xã Đức Thạnh số 2", "Xã Đức Thạnh số 5", "/dashboard/export/results?", `href="/audits/`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	var d dashboard.Dashboard
	getJSON(t, a.Token("office", webtest.Password), fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026]), 200, &d)
	if got := d.Leniency.Flagged(); len(got) != 2 || got[0] != "U002" || got[1] != "U005" {
		t.Errorf("flagged %v, want U002 and U005", got)
	}
	if d.Change.Previous == nil || d.Change.Previous.Audits != 36 {
		t.Errorf("change against 2025: %+v", d.Change.Previous)
	}
}
