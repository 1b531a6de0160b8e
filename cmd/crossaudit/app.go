package main

import (
	"log/slog"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
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
}

// newApp wires every package's routes onto one server. It is the only place
// that knows them all, and what the route-rule test walks.
func newApp(d *db.DB, log *slog.Logger, params auth.Params) (*app, error) {
	s, r, err := web.Boot(log)
	if err != nil {
		return nil, err
	}
	r.Install(securityChain(d, r)...) // every request's gates, in order: see chain.go
	a := &app{server: s, router: r}
	a.auth = auth.Mount(s, r, d, params)
	(&org.Handler{Store: &org.Store{DB: d}}).Routes(r)
	org.MountManage(s, r, d)
	org.MountChanges(s, r, d, auth.FollowMerger, audit.FollowMerger) // people, then open nonconformities, follow mergers
	inbox.Mount(s, r, d)
	checklist.Mount(s, r, d)
	audits := &audit.Store{DB: d, Checklists: &checklist.Store{DB: d}}
	(&audit.API{Store: audits}).Routes(r)
	(&audit.Pages{Store: audits, Units: &org.Store{DB: d}, Views: s.Views}).Routes(r)
	conduct := audit.NewConduct(audits)
	(&audit.ConductAPI{Conduct: conduct}).Routes(r)
	conductPages := &audit.ConductPages{Conduct: conduct, Units: &org.Store{DB: d}, Views: s.Views}
	conductPages.Routes(r)
	a.reports = reports.Mount(s, r, d)
	(&audit.Corrective{Conduct: conduct, Units: &org.Store{DB: d}, Views: s.Views}).Routes(r)
	if err := audit.MountOffline(s, r, conduct); err != nil {
		return nil, err
	}
	conductPages.Panels = procedures.Mount(s, r, d, conduct).ItemPanels // the audit page shows reconciliation beside its items
	dashboard.Mount(s, r, d)
	return a, nil
}
