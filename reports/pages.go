package reports

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Pages serves the office's reports page (issue and download) and the
// public verification page.
type Pages struct {
	API   *API
	Views *web.Views
}

// Routes registers the pages: the reports page is the office's and the
// administrator's; verification is public (CONTRACT.md).
func (p *Pages) Routes(r *web.Router) {
	r.GET("/reports", p.list, staff)
	r.POST("/reports/audits/:id/issue", p.issue, staff)
	// From the audit page: staff or the team's lead (issuable decides).
	r.GET("/audits/:id/issue", p.issueForm, web.SignedIn())
	r.POST("/audits/:id/issue", p.issueFromAudit, web.SignedIn())
	r.GET("/verify", p.verifyForm, web.Public())
	r.GET("/verify/:code", p.verify, web.Public())
}

// ProgrammeReports is one programme on the reports page.
type ProgrammeReports struct {
	Programme *audit.Programme
	Audits    []AuditReports
}

// AuditReports is one submitted or issued audit with its revisions.
type AuditReports struct {
	findings.AuditResult
	Revisions []findings.IssuedReport
}

func (p *Pages) list(c echo.Context) error {
	ctx := c.Request().Context()
	store := p.API.findings()
	ps, err := store.Audits.ListProgrammes(ctx)
	if err != nil {
		return err
	}
	issued, err := store.AllIssued(ctx)
	if err != nil {
		return err
	}
	byAudit := map[int64][]findings.IssuedReport{}
	for _, r := range issued {
		byAudit[r.AuditID] = append(byAudit[r.AuditID], r)
	}
	var data []ProgrammeReports
	for _, prog := range ps {
		results, err := store.ProgrammeResults(ctx, prog.ID)
		if err != nil {
			return err
		}
		pr := ProgrammeReports{Programme: prog}
		for _, a := range results {
			if a.Status == audit.StatusSubmitted || a.Status == audit.StatusIssued {
				pr.Audits = append(pr.Audits, AuditReports{AuditResult: a, Revisions: byAudit[a.AuditID]})
			}
		}
		data = append(data, pr)
	}
	return p.Views.Render(c, http.StatusOK, "reports", data)
}

// issue issues a report from the reports page (post/redirect/get): the
// outcome comes back as a flash.
func (p *Pages) issue(c echo.Context) error {
	return p.issueThenBack(c, "report.page.issued", func(id string) string { return "/reports#audit-" + id })
}

// issueFromAudit issues a report from the audit page and returns there.
func (p *Pages) issueFromAudit(c echo.Context) error {
	return p.issueThenBack(c, "report.audit.issued_flash", func(id string) string { return "/audits/" + id + "#report" })
}

// issueThenBack issues the audit of the path's id and redirects to back(id)
// with the outcome as a flash: done (with the number and the unit), or
// refused because the audit is no longer waiting to be issued.
func (p *Pages) issueThenBack(c echo.Context, done string, back func(id string) string) error {
	pl, err := issuable(c, p.API.findings())
	if err != nil {
		return err
	}
	in := org.RegisterInput{Number: c.FormValue("number"), SignedOn: c.FormValue("signed_on")}
	r, err := p.API.Issuer.Issue(c.Request().Context(), pl.ID, p.API.baseURL(c), nil, in)
	if shown, serr := p.refusedIssue(c, pl, in, err); shown {
		return serr
	}
	var ae *apperr.Error
	switch {
	case err == nil:
		web.SetFlash(c, done, "number", r.Number, "unit", r.AuditeeName)
	case errors.As(err, &ae) && ae.Kind == apperr.Conflict:
		web.SetFlash(c, "report.page.not_issued")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, back(strconv.FormatInt(pl.ID, 10)))
}

func (p *Pages) verifyForm(c echo.Context) error {
	if code := NormalizeCode(c.QueryParam("code")); code != "" {
		return c.Redirect(http.StatusSeeOther, "/verify/"+url.PathEscape(code))
	}
	return p.Views.Render(c, http.StatusOK, "verify", VerifyPage{})
}

// VerifyPage is what the public verification page shows.
type VerifyPage struct {
	Code   string
	Found  bool
	Report Verified
}

func (p *Pages) verify(c echo.Context) error {
	code := NormalizeCode(c.Param("code"))
	v, err := lookup(c.Request().Context(), p.API.findings(), code)
	if apperr.KindOf(err) == apperr.NotFound {
		return p.Views.Render(c, http.StatusNotFound, "verify", VerifyPage{Code: code})
	}
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "verify", VerifyPage{Code: code, Found: true, Report: v})
}
