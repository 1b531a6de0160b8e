package org_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestPeopleOfADissolvedUnitReadButCannotAct dissolves a unit with people:
// the check lists them and where they will stand, the office is told, they
// keep reading their unit's records but every action on current work is
// refused, and once the office moves them from the users page they act
// again.
func TestPeopleOfADissolvedUnitReadButCannotAct(t *testing.T) {
	a := webtest.New(t, func(s *web.Server, r *web.Router, d *db.DB) { org.MountManage(s, r, &org.Store{DB: d}) }, func(s *web.Server, r *web.Router, d *db.DB) {
		org.MountChanges(s, r, &org.Store{DB: d}, auth.FollowMerger)
		// A stand-in for any action on current work (answering an
		// audit, a corrective action): signed in, and unsafe.
		act := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
		r.POST("/test/act", act, web.SignedIn())
		r.POST("/api/v1/test/act", act, web.SignedIn())
		r.GET("/test/read", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, web.SignedIn())
	})
	for _, u := range [][2]string{{"H2", "Xã Liên Hiệp"}, {"H3", "Xã Hiệp Thạnh"}} {
		a.Unit(u[0], u[1], "")
	}
	a.User("office", role.Office, "")
	a.User("auditee.H2", role.Auditee, "H2")
	a.User("auditor.H2", role.Auditor, "H2")
	a.User("auditee.H3", role.Auditee, "H3")
	person := a.Login("auditee.H2", webtest.Password)
	if resp, _ := person.Form("/test/act", url.Values{}); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("acting before the change: %d", resp.StatusCode)
	}

	office := a.Login("office", webtest.Password)
	table := []byte("old_code,new_code,new_name,effective_date\nH2,,,01/07/2025\n")
	resp, body := office.Upload("/units/changes", "file", "t.csv", table, map[string]string{"csrf": office.CSRF, "action": "check"})
	page := string(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Người dùng của đơn vị bị giải thể (2)") ||
		!strings.Contains(page, "auditee.H2") || !strings.Contains(page, "auditor.H2") || strings.Contains(page, "auditee.H3") {
		t.Errorf("the check does not list the people of the dissolved unit: %d", resp.StatusCode)
	}
	if resp, _ := office.Upload("/units/changes", "file", "t.csv", table, map[string]string{"csrf": office.CSRF, "action": "apply", "confirm": "1"}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", resp.StatusCode)
	}
	var notices int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = 'office' AND n.msg_key = 'reorg.notice_stranded'`).Scan(&notices)
	if notices != 1 {
		t.Errorf("the office got %d notices about the people left, want 1", notices)
	}
	_, page = office.Page("/units/changes")
	if !strings.Contains(page, "Người dùng của đơn vị đã giải thể") || !strings.Contains(page, `href="/users/auditee.H2/edit"`) ||
		!strings.Contains(page, `href="/users/auditor.H2/edit"`) {
		t.Error("the page does not list the people to move")
	}

	// They still belong to their old unit, so they read its records; they
	// can no longer act, but may sign out and look after their account.
	u, err := a.Auth.UserByUsername(context.Background(), "auditee.H2")
	if err != nil || u.UnitCode != "H2" || !u.CanSeeUnit("H2") || u.CanSeeUnit("H3") {
		t.Errorf("auditee.H2 after the dissolution: %+v %v", u, err)
	}
	if status, _ := person.Page("/test/read"); status != http.StatusNoContent {
		t.Errorf("reading after the dissolution: %d", status)
	}
	resp, body = person.Form("/test/act", url.Values{})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "đã giải thể") {
		t.Errorf("acting after the dissolution: %d %s", resp.StatusCode, body)
	}
	api := a.Token("auditor.H2", webtest.Password)
	if resp, body := api.Do(http.MethodPost, "/api/v1/test/act", nil); resp.StatusCode != http.StatusForbidden || webtest.DecodeError(t, body).Error.Code != "unit_dissolved" {
		t.Errorf("acting through the API after the dissolution: %d %s", resp.StatusCode, body)
	}
	if resp, _ := a.Login("auditee.H3", webtest.Password).Form("/test/act", url.Values{}); resp.StatusCode != http.StatusNoContent {
		t.Errorf("a person of a live unit: %d", resp.StatusCode)
	}

	// The office moves one of them from the users page.
	resp, _ = office.Form("/users/auditee.H2/edit", url.Values{"display_name": {"auditee.H2"}, "role": {"auditee"}, "unit": {"H3"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("move from the users page: %d", resp.StatusCode)
	}
	if resp, _ := person.Form("/test/act", url.Values{}); resp.StatusCode != http.StatusNoContent {
		t.Errorf("acting once moved: %d", resp.StatusCode)
	}
	_, page = office.Page("/units/changes")
	if strings.Contains(page, `href="/users/auditee.H2/edit"`) || !strings.Contains(page, `href="/users/auditor.H2/edit"`) {
		t.Error("the list of people to move is not up to date")
	}
	if resp, _ := person.Form("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out: %d", resp.StatusCode)
	}
	if resp, _ := a.Login("auditor.H2", webtest.Password).Form("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a person of a dissolved unit signs out: %d", resp.StatusCode)
	}
}
