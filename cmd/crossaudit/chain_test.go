package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/idempotency"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// bareApp is the whole application on an empty database, before any route
// is added to it by the test and before it listens.
func bareApp(t *testing.T) *app {
	t.Helper()
	a, err := newApp(newStores(webtest.OpenDB(t)), slog.New(slog.NewTextHandler(io.Discard, nil)), settings{params: webtest.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// listen starts a on a real listener, driven through webtest's clients.
func listen(t *testing.T, a *app) *webtest.App {
	t.Helper()
	srv := httptest.NewServer(a.server.Echo)
	t.Cleanup(srv.Close)
	return &webtest.App{TB: t, DB: a.auth.DB, Server: a.server, Router: a.router, Auth: a.auth, HTTP: srv}
}

// TestEveryRouteOfTheAppHasARule checks the rules of the routes newApp
// registers: every route has one, and every rule lets someone through by
// saying so (public, or at least one known role).
func TestEveryRouteOfTheAppHasARule(t *testing.T) {
	a := bareApp(t)
	if missing := a.router.Unruled(); len(missing) > 0 {
		t.Fatalf("routes without a rule: %v", missing)
	}
	if n := len(a.server.Echo.Routes()); n < 20 {
		t.Errorf("only %d routes: is the app wired?", n)
	}
	if bad := ruleProblems(a.router.Rules()); len(bad) > 0 {
		t.Errorf("bad rules:\n%v", bad)
	}
}

// ruleProblems lists the rules that are neither public nor name a role,
// that name a role that does not exist (a typo admits no one), or that are
// public and name roles too (which of the two was meant?).
func ruleProblems(rules map[string]web.Rule) []string {
	var out []string
	for key, rule := range rules {
		switch {
		case rule.Public && len(rule.Roles) > 0:
			out = append(out, fmt.Sprintf("%s: public, yet names roles %v", key, rule.Roles))
		case rule.Public:
		case len(rule.Roles) == 0:
			out = append(out, key+": neither public nor names a role")
		default:
			for _, r := range rule.Roles {
				if !role.Known(r) {
					out = append(out, fmt.Sprintf("%s: unknown role %q", key, r))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestRuleProblemsCatchesRulesThatAdmitNoOne checks the check above.
func TestRuleProblemsCatchesRulesThatAdmitNoOne(t *testing.T) {
	rules := map[string]web.Rule{
		"GET /public":    web.Public(),
		"GET /signed-in": web.SignedIn(),
		"GET /staff":     web.Roles(role.Admin, role.Office),
		"GET /password":  {Roles: role.All, DuringForcedChange: true},
		"GET /zero":      {},
		"GET /empty":     web.Roles(),
		"GET /typo":      web.Roles(role.Office, "ofice"),
		"GET /both":      {Public: true, Roles: []string{role.Admin}},
	}
	got := ruleProblems(rules)
	want := []string{
		`GET /both: public, yet names roles [admin]`,
		`GET /empty: neither public nor names a role`,
		`GET /typo: unknown role "ofice"`,
		`GET /zero: neither public nor names a role`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%q\nwant\n%q", got, want)
	}
}

// TestRouteGatesOfTheRunningApp checks the security chain of the app that
// newApp builds: which gates it installs, in which order, that the test
// apps of internal/webtest install the same, and, through real requests,
// that each gate acts: the rules refuse, CSRF tokens are checked on cookie
// requests only, the people of a dissolved unit cannot write.
func TestRouteGatesOfTheRunningApp(t *testing.T) {
	want := []string{web.GateNoStore, auth.GateSession, auth.GateCSRF, web.GateRules, org.GateDissolvedUnit, idempotency.GateName}
	a := bareApp(t)
	// The app has the setup gate right after no-store; the packages' test
	// apps, whose databases are set up, need no other.
	if got := a.router.Gates(); !slices.Equal(got, slices.Insert(slices.Clone(want), 1, auth.GateSetup)) {
		t.Errorf("the app's gates are %v, want setup after no-store in %v", got, want)
	}
	if got := webtest.New(t).Router.Gates(); !slices.Equal(got, want) {
		t.Errorf("webtest's gates are %v, want the app's %v", got, want)
	}

	ok := func(c echo.Context) error { return c.String(http.StatusOK, "passed") }
	a.router.GET("/api/v1/test/admin-only", ok, web.Roles(role.Admin))
	a.router.POST("/api/v1/test/write", ok, web.Roles(role.Auditor, role.Auditee))
	a.server.Echo.GET("/api/v1/test/unruled", ok) // around the Router: no rule
	app := listen(t, a)
	app.Unit("U1", "Xã Một", "")
	app.Unit("U2", "Xã Hai", "")
	app.User("admin", role.Admin, "")
	app.User("auditor.U1", role.Auditor, "U1")
	app.User("auditee.U2", role.Auditee, "U2")
	if _, err := app.DB.W.Exec(`UPDATE units SET retired_at = updated_at WHERE code = 'U2'`); err != nil {
		t.Fatal(err)
	}

	expect := func(who string, c *webtest.Client, method, path string, status int, code string) {
		t.Helper()
		resp, body := c.Do(method, path, nil)
		if resp.StatusCode != status {
			t.Errorf("%s %s %s: %d %s, want %d", who, method, path, resp.StatusCode, body, status)
			return
		}
		if code != "" {
			if got := webtest.DecodeError(t, body).Error.Code; got != code {
				t.Errorf("%s %s %s: code %q, want %q", who, method, path, got, code)
			}
		}
	}
	admin := app.Token("admin", webtest.Password)
	auditorAPI := app.Token("auditor.U1", webtest.Password)
	auditorBrowser := app.Login("auditor.U1", webtest.Password)
	forged := *auditorBrowser // the same session cookie, without the token
	forged.CSRF = ""
	dissolved := app.Token("auditee.U2", webtest.Password)

	// The rules.
	expect("anonymous", app.Anonymous(), http.MethodGet, "/api/v1/test/admin-only", http.StatusUnauthorized, "unauthorized")
	expect("an auditor", auditorAPI, http.MethodGet, "/api/v1/test/admin-only", http.StatusForbidden, "forbidden")
	expect("the admin", admin, http.MethodGet, "/api/v1/test/admin-only", http.StatusOK, "")
	expect("the admin", admin, http.MethodGet, "/api/v1/test/unruled", http.StatusForbidden, "forbidden")
	// CSRF: a cookie request needs the token, a bearer one does not.
	expect("a browser with its token", auditorBrowser, http.MethodPost, "/api/v1/test/write", http.StatusOK, "")
	expect("a browser without its token", &forged, http.MethodPost, "/api/v1/test/write", http.StatusForbidden, "csrf_failed")
	expect("a bearer client", auditorAPI, http.MethodPost, "/api/v1/test/write", http.StatusOK, "")
	// A dissolved unit's person, whom the rules let through, cannot write.
	expect("an auditee of a dissolved unit", dissolved, http.MethodPost, "/api/v1/test/write", http.StatusForbidden, "unit_dissolved")
	// Setup: while armed, a page leads to /setup, the API passes.
	a.setup.Arm(auth.NewSetupCode())
	expect("the admin, setup armed", admin, http.MethodGet, "/units", http.StatusSeeOther, "")
	expect("the admin, setup armed", admin, http.MethodGet, "/api/v1/test/admin-only", http.StatusOK, "")
	a.setup.Arm("")
	expect("the admin, set up", admin, http.MethodGet, "/units", http.StatusOK, "")
}
