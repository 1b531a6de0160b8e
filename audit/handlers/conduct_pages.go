package handlers

import (
	"context"
	"strconv"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ConductPages serves the pages of conducting audits: the list of one's
// audits, the audit page (/audits/{id}, CONTRACT.md) with its forms, which
// work without JavaScript and which audit.js turns into saves at every
// touch, and the nonconformity register.
type ConductPages struct {
	Audits   *audit.Store
	Conduct  *conduct.Store
	Findings *findings.Store
	Units    *org.Store
	Views    *web.Views
	// Panels, when set, supplies what the audit page shows beside its
	// checklist items on behalf of a package that imports this one (the
	// procedure reconciliation's gaps and dossier figures, wired in cmd).
	Panels ItemPanels
	// Measured, when set, gives the system's figures that a measured
	// value is checked against (Stores.Measured).
	Measured measured.Source
}

// ItemPanels returns, for a viewer who sees an audit's answers, a value
// per checklist item code that the partial "audit_item_panel" draws beside
// the item; items without one show nothing.
type ItemPanels func(ctx context.Context, u *auth.User, p *audit.Audit) (map[string]any, error)

// Routes registers the pages with the API's rules, the navigation entries
// and the home page's list of audits to conduct.
func (p *ConductPages) Routes(r *web.Router) {
	r.GET("/audits", p.list, web.SignedIn())
	r.GET("/audits/:id", p.audit, web.SignedIn())
	r.GET("/audits/:id/forms", p.forms, conductors)
	r.POST("/audits/:id/opening", p.saveOpening, conductors)
	r.POST("/audits/:id/answers/:item", p.saveAnswer, conductors)
	r.POST("/audits/:id/attachments", p.attach, conductors)
	r.GET("/audits/:id/attachments/:aid/delete", p.confirmDetach, conductors)
	r.POST("/audits/:id/attachments/:aid/delete", p.detach, conductors)
	r.GET("/audits/:id/submit", p.submitReview, conductors)
	r.POST("/audits/:id/submit", p.submit, conductors)
	r.POST("/findings/:id", p.editFinding, planner)
	p.Views.Shell.AddNav(web.NavEntry{Path: "/audits", Label: "nav.audits", Roles: role.All, Order: web.NavOrderWork,
		Hint: "nav.audits_hint", HomeRoles: staff.Roles})
	p.Views.Shell.AddNav(web.NavEntry{Path: "/nonconformities", Label: "nav.nonconformities", Roles: role.All,
		Order: web.NavOrderWork + 1, Hint: "nav.nonconformities_hint", HomeRoles: staff.Roles})
	p.Views.Shell.AddHome(p.home)
}

// statusOrder is the order of the list's sections: the work first.
var statusOrder = []string{audit.StatusInProgress, audit.StatusPlanned, audit.StatusSubmitted, audit.StatusIssued, audit.StatusCancelled}

// auditRow is an audit as the lists show it.
type auditRow struct {
	audit.AuditSummary
	AuditorName string
	AuditeeName string
	Progress    conduct.Progress
}

// Percent is the share of items answered.
func (r auditRow) Percent() int { return conduct.Percent(r.Progress.Answered, r.Progress.Total) }

// rows lists the audits the viewer may see, with names and progress.
func (p *ConductPages) rows(ctx context.Context, u *auth.User, f audit.AuditFilter) ([]auditRow, error) {
	audits, err := p.Audits.ListAudits(ctx, audit.Visibility(u, f))
	if err != nil {
		return nil, err
	}
	names, err := p.Units.UnitNames(ctx)
	if err != nil {
		return nil, err
	}
	progress, err := p.Conduct.Progresses(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]auditRow, 0, len(audits))
	for _, a := range audits {
		out = append(out, auditRow{AuditSummary: a, AuditorName: names[a.AuditorUnit], AuditeeName: names[a.AuditeeUnit], Progress: progress[a.ID]})
	}
	return out, nil
}

func auditPath(id int64) string { return "/audits/" + strconv.FormatInt(id, 10) }

func itemAnchor(code string) string { return "#item-" + code }

// resultChoices are the result buttons in the order an auditor weighs them.
var resultChoices = []checklist.Result{checklist.Conform, checklist.Minor, checklist.Major, checklist.Observation, checklist.Improvement, checklist.NA}
