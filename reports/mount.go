package reports

import (
	"context"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// Deps are what the reports read and how they address themselves, built
// once by the binary.
type Deps struct {
	Findings   *findings.Store
	Procedures *procedures.Store
	Units      *org.Store
	// PublicURL is the site's public address printed on issued reports
	// (see API.PublicURL); empty takes the address a request reached.
	PublicURL string
}

// Mount registers the reports on a booted server: the API, the reports
// page with its navigation entry, the reconciliation document, the public
// verification page and the DOCX twins of four PDFs.
func Mount(s *web.Server, r *web.Router, deps Deps) *API {
	f := deps.Findings
	api := &API{Issuer: &Issuer{Loader: &Loader{Findings: f}, Cat: s.Catalog}, Programmes: &ProgrammeLoader{Findings: f, Dashboard: &dashboard.Store{DB: f.DB}},
		Units: deps.Units, PublicURL: deps.PublicURL}
	api.Routes(r)
	api.FormRoutes(r)
	(&ReconcileAPI{Loader: &ReconcileLoader{Store: deps.Procedures, Org: deps.Units, DB: f.DB}, Cat: s.Catalog}).Routes(r)
	(&Pages{API: api, Views: s.Views}).Routes(r)
	(&RoundDocs{API: api, Views: s.Views}).Routes(r)
	(&ConclusionsPages{API: api, Views: s.Views}).Routes(r)
	api.DocxRoutes(r)
	s.Views.Shell.AddNav(web.NavEntry{Path: "/reports", Label: "report.nav", Roles: []string{role.Admin, role.Office}, Order: web.NavOrderPlan + 20})
	return api
}

// AuditFile returns an audit's report as the API serves it: the stored
// bytes of its latest revision once issued, else a draft in Vietnamese
// (the command line's `report audit`). Returns apperr.NotFound.
func AuditFile(ctx context.Context, c *findings.Store, auditID int64) ([]byte, error) {
	rs, err := c.IssuedReports(ctx, auditID)
	if err != nil {
		return nil, err
	}
	if len(rs) > 0 {
		return c.IssuedPDF(ctx, rs[len(rs)-1].ID)
	}
	is := &Issuer{Loader: &Loader{Findings: c}, Cat: i18n.MustLoad()}
	return is.Draft(ctx, auditID, i18n.VI)
}

// ProgrammeFile draws a programme's summary in Vietnamese (the command
// line's `report programme`). Returns apperr.NotFound.
func ProgrammeFile(ctx context.Context, f *findings.Store, programmeID int64) ([]byte, error) {
	l := &ProgrammeLoader{Findings: f, Dashboard: &dashboard.Store{DB: f.DB}}
	in, err := l.Input(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	return (&Renderer{Cat: i18n.MustLoad(), Lang: i18n.VI}).ProgrammePDF(BuildProgrammeReport(in))
}
