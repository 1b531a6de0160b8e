package web

import (
	"maps"
	"slices"

	"github.com/labstack/echo/v4"
)

// Gate is one middleware of the security chain: what every request passes
// after routing and before its handler. It has a name so that the running
// application can say which gates it has, in which order (Router.Gates),
// and a test can assert it.
type Gate struct {
	Name       string
	Middleware echo.MiddlewareFunc
}

// GateRules is the name of the gate that applies the route rules.
const GateRules = "rules"

// RulesGate is the gate that applies each route's rule: Enforce.
func (r *Router) RulesGate() Gate { return Gate{Name: GateRules, Middleware: r.Enforce} }

// Install puts the gates on every route, the first of the list running
// first, after the middleware of New (request id, panics, headers, body
// limit), and records their names. The application installs its whole
// chain once, where it is built; feature mounts register routes only.
func (r *Router) Install(gates ...Gate) {
	for _, g := range gates {
		r.Echo.Use(g.Middleware)
		r.gates = append(r.gates, g.Name)
	}
}

// Gates returns the names of the installed gates in the order they run.
func (r *Router) Gates() []string { return slices.Clone(r.gates) }

// Rules returns every registered rule keyed "METHOD path", for tests that
// check the rules themselves.
func (r *Router) Rules() map[string]Rule { return maps.Clone(r.rules) }
