package web

import (
	"net/http"
	"slices"
	"sort"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
)

// Rule says who may pass a route. Finer checks (the audit's team, the
// audited unit) belong to the handler; the rule is the first gate.
type Rule struct {
	Public bool     // no sign-in needed
	Roles  []string // signed-in users of these roles
	// DuringForcedChange lets a user who must change their password through
	// (the password page, sign-out).
	DuringForcedChange bool
}

// Public is the rule of a route open to everyone.
func Public() Rule { return Rule{Public: true} }

// Roles is the rule of a route open to signed-in users of the given roles.
func Roles(roles ...string) Rule { return Rule{Roles: roles} }

// SignedIn is the rule of a route open to every signed-in user; the handler
// narrows it by unit or team.
func SignedIn() Rule { return Rule{Roles: role.All} }

// Router registers routes together with their rules, so that a route cannot
// be added without saying who may use it. Enforce refuses any route that has
// no rule, so a route added around the Router fails closed.
type Router struct {
	Echo  *echo.Echo
	rules map[string]Rule
	gates []string // names of the installed gates, in order (Install)
}

// NewRouter returns a Router on e.
func NewRouter(e *echo.Echo) *Router {
	return &Router{Echo: e, rules: map[string]Rule{}}
}

func ruleKey(method, path string) string { return method + " " + path }

// Add registers a route with its rule.
func (r *Router) Add(method, path string, h echo.HandlerFunc, rule Rule) {
	r.rules[ruleKey(method, path)] = rule
	r.Echo.Add(method, path, h)
}

// GET registers a GET route (HEAD answers too).
func (r *Router) GET(path string, h echo.HandlerFunc, rule Rule) {
	r.Add(http.MethodGet, path, h, rule)
	r.Add(http.MethodHead, path, h, rule)
}

// POST registers a POST route.
func (r *Router) POST(path string, h echo.HandlerFunc, rule Rule) {
	r.Add(http.MethodPost, path, h, rule)
}

// PUT registers a PUT route.
func (r *Router) PUT(path string, h echo.HandlerFunc, rule Rule) {
	r.Add(http.MethodPut, path, h, rule)
}

// PATCH registers a PATCH route.
func (r *Router) PATCH(path string, h echo.HandlerFunc, rule Rule) {
	r.Add(http.MethodPatch, path, h, rule)
}

// DELETE registers a DELETE route.
func (r *Router) DELETE(path string, h echo.HandlerFunc, rule Rule) {
	r.Add(http.MethodDelete, path, h, rule)
}

// RuleFor returns the rule of a registered route.
func (r *Router) RuleFor(method, path string) (Rule, bool) {
	rule, ok := r.rules[ruleKey(method, path)]
	return rule, ok
}

// Unruled lists the routes of the Echo instance that have no rule; the
// route-completeness test asserts it is empty.
func (r *Router) Unruled() []string {
	var out []string
	for _, rt := range r.Echo.Routes() {
		if _, ok := r.rules[ruleKey(rt.Method, rt.Path)]; !ok {
			out = append(out, ruleKey(rt.Method, rt.Path))
		}
	}
	sort.Strings(out)
	return out
}

// Enforce is the middleware that applies each route's rule (the gate
// GateRules, see RulesGate). It runs after the gate that loads the
// signed-in user: without one, every route that is not public is refused.
func (r *Router) Enforce(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rule, ok := r.rules[ruleKey(c.Request().Method, c.Path())]
		if !ok {
			if c.Path() == "" || c.Path() == "/*" {
				return next(c) // no route matched: let Echo answer 404
			}
			Logger(c).Warn("route without a rule refused", "method", c.Request().Method, "path", c.Path())
			return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
		}
		if rule.Public {
			return next(c)
		}
		v := ViewerOf(c)
		if v == nil {
			return apperr.New(apperr.Unauthorized, "unauthorized", apperr.M("error.unauthorized"))
		}
		if !slices.Contains(rule.Roles, v.Role) {
			return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
		}
		if v.MustChangePassword && !rule.DuringForcedChange {
			if IsAPI(c) {
				return apperr.New(apperr.Forbidden, "password_change_required", apperr.M("error.password_change_required"))
			}
			return c.Redirect(http.StatusSeeOther, "/password")
		}
		return next(c)
	}
}
