package main

import (
	"log/slog"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
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
	// reports is kept to set its public address from the configuration.
	reports *reports.API
	// setup is the one-time setup page, armed by serve on a database
	// without an organiser.
	setup *auth.Setup
}

// newApp wires every package's routes onto one server, over the stores
// built once for the process. It is the only place that knows them all,
// and what the route-rule test walks.
func newApp(st *stores, log *slog.Logger, params auth.Params) (*app, error) {
	d := st.audits.DB
	s, r, err := web.Boot(log)
	if err != nil {
		return nil, err
	}
	people := &auth.Store{DB: d, Params: params}
	a := &app{server: s, router: r, auth: people, setup: &auth.Setup{Store: people, Views: s.Views}}
	r.Install(securityChain(d, r, a.setup)...) // every request's gates, in order: see chain.go
	auth.Mount(s, r, people)
	a.setup.Routes(r)
	(&org.Handler{Store: st.units}).Routes(r)
	(&org.ProfileHandler{Store: st.units, Views: s.Views}).Routes(r)
	org.MountManage(s, r, d)
	org.MountChanges(s, r, d, auth.FollowMerger, findings.FollowMerger) // people, then open nonconformities, follow mergers
	inbox.Mount(s, r, d)
	checklist.Mount(s, r, d)
	// The audit page shows the reconciliation beside its items; procedures
	// sits above conduct, so it is handed to the audit pages as panels.
	procs := procedures.Mount(s, r, d, st.conduct)
	if err := handlers.Mount(s, r, handlers.StoresOf(st.findings), procs.ItemPanels); err != nil {
		return nil, err
	}
	a.reports = reports.Mount(s, r, st.findings)
	dashboard.Mount(s, r, d)
	return a, nil
}
