package main

import (
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/idempotency"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// securityChain is every gate a request passes after routing and before its
// handler, in the order they run, top to bottom. It is the only place that
// installs them: feature mounts (auth.Mount, org.MountChanges, …) register
// routes only, so dropping a feature never drops a gate. Before these run
// the request already has its id, panic recovery, security headers and body
// limit (web.New). internal/webtest installs the same list for the tests of
// the packages; TestRouteGatesOfTheRunningApp checks both.
func securityChain(d *db.DB, r *web.Router, setup *auth.Setup) []web.Gate {
	return []web.Gate{
		// Nothing dynamic is cached: every response but the static files'
		// says Cache-Control: no-store, whatever its handler set. First, so
		// that the refusals of the gates below are marked too.
		web.NoStoreGate(),
		// A deployment that has not declared its organiser yet can do
		// nothing useful: while the setup page is armed, every page leads
		// there. First, because it needs nobody to be signed in, and a
		// fresh database has nobody to sign in.
		{Name: auth.GateSetup, Middleware: setup.Gate},
		// Who is calling: a bearer token (API clients) or the session
		// cookie (browsers) becomes the signed-in user, the viewer pages
		// see and the actor the trail records. First, because every gate
		// below asks who the caller is. A bad token is 401 here; a stale
		// cookie is dropped and the request goes on anonymous.
		auth.SessionGate(d),
		// Cross-site request forgery: every unsafe request a cookie
		// authenticates, and every form posted before sign-in, must carry
		// the CSRF token; bearer requests need none (a browser never adds
		// the header by itself), which only the session gate can tell, so
		// this comes after it. Before the rules, as it always was: a forged
		// request is refused as such (403 csrf_failed) whatever its route,
		// and nothing below runs for it.
		auth.CSRFGate(),
		// Who may pass the route: its web.Rule (public, or signed in with
		// one of its roles; a user who must change their password only
		// where the rule allows it). It needs the user, so after the
		// session gate. A route registered without a rule is refused.
		r.RulesGate(),
		// People of a unit dissolved without a successor may read but not
		// change anything but their own account. It needs the user and the
		// matched route's rule, and only sees requests the rules let
		// through, so a caller refused by the rules gets 401/403 from them,
		// never "unit_dissolved".
		org.DissolvedUnitGate(d, r),
		// An import sent again with the Idempotency-Key of one already
		// done answers the first answer instead of importing twice. Last:
		// only a request every gate above let through is remembered.
		idempotency.Gate(d),
	}
}
