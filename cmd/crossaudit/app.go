package main

import (
	"log/slog"
	"net"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/audit/training"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/reports"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// app is the whole web application wired on one database.
type app struct {
	server *web.Server
	router *web.Router
	auth   *auth.Store
	// setup is the one-time setup page, armed by serve on a database
	// without an organiser.
	setup *auth.Setup
}

// settings are what the configuration tells the app beyond its stores.
type settings struct {
	// params are the password hashing's costs (tests lower them).
	params auth.Params
	// publicURL is the site's public address printed on issued reports.
	publicURL string
	// trustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none, and the connection's address does.
	trustedProxies []*net.IPNet
}

// newApp wires every package's routes onto one server, over the stores
// built once for the process. It is the only place that knows them all,
// and what the route-rule test walks.
func newApp(st *stores, log *slog.Logger, set settings) (*app, error) {
	d := st.audits.DB
	s, r, err := web.Boot(log)
	if err != nil {
		return nil, err
	}
	// Before any route: the client's address, which the sign-in throttle
	// counts by, comes from forwarding headers only through a trusted proxy.
	s.Echo.IPExtractor = ipExtractor(set.trustedProxies)
	people := &auth.Store{DB: d, Params: set.params}
	a := &app{server: s, router: r, auth: people, setup: &auth.Setup{Store: people, Views: s.Views}}
	r.Install(securityChain(d, r, a.setup)...) // every request's gates, in order: see chain.go
	auth.Mount(s, r, people)
	a.setup.Routes(r)
	(&org.Handler{Store: st.units}).Routes(r)
	(&org.ProfileHandler{Store: st.units, Views: s.Views}).Routes(r)
	org.MountManage(s, r, st.units)
	org.MountChanges(s, r, st.units, auth.FollowMerger, findings.FollowMerger) // people, then open nonconformities, follow mergers
	inbox.Mount(s, r, st.inbox)
	checklist.Mount(s, r, st.checklists)
	// The audit page shows the reconciliation beside its items; procedures
	// sits above conduct, so it is handed to the audit pages as panels.
	// Its figures flag a measured value that contradicts them, the same way.
	procs := procedures.Mount(s, r, st.procedures, st.conduct)
	stores := handlers.StoresOf(st.findings)
	stores.Measured = procs.MeasuredFigures
	if err := handlers.Mount(s, r, stores, procs.ItemPanels); err != nil {
		return nil, err
	}
	training.Mount(s, r, st.training)
	reports.Mount(s, r, reports.Deps{Findings: st.findings, Procedures: st.procedures, Units: st.units, PublicURL: set.publicURL})
	dashboard.Mount(s, r, st.dashboard)
	return a, nil
}
