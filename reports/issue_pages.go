package reports

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// IssuePage is the page that asks before a report is issued: what will be
// issued (the audit and its findings by grade), what issuing does, and the
// optional number and signing day from the outgoing register.
type IssuePage struct {
	Audit    *audit.Audit
	ByResult map[string]int
	Input    org.RegisterInput
	// From is "reports" when the page was opened from the reports page;
	// Back is where it returns: that page or the audit's.
	From, Back string
}

// issueForm shows the page to whoever may issue the audit's report now.
func (p *Pages) issueForm(c echo.Context) error {
	pl, err := issuable(c, p.API.findings())
	if err != nil {
		return err
	}
	pg, err := p.issuePage(c.Request().Context(), pl, org.RegisterInput{}, c.QueryParam("from"))
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "issue_confirm", pg)
}

// issuePage builds the page of an audit, with what was typed.
func (p *Pages) issuePage(ctx context.Context, pl *audit.Audit, in org.RegisterInput, from string) (IssuePage, error) {
	pg := IssuePage{Audit: pl, Input: in, Back: "/audits/" + strconv.FormatInt(pl.ID, 10) + "#report"}
	if from == "reports" {
		pg.From, pg.Back = from, "/reports#audit-"+strconv.FormatInt(pl.ID, 10)
	}
	results, err := p.API.findings().ProgrammeResults(ctx, pl.ProgrammeID)
	if err != nil {
		return pg, err
	}
	for _, r := range results {
		if r.AuditID == pl.ID {
			pg.ByResult = r.ByResult
		}
	}
	return pg, nil
}

// refusedIssue shows the page again with what was typed when the number
// or day were refused (422, or 409 for a number the organiser used);
// reports whether it did.
func (p *Pages) refusedIssue(c echo.Context, pl *audit.Audit, in org.RegisterInput, err error) (bool, error) {
	if err == nil {
		return false, nil
	}
	e := apperr.As(err)
	if e.Kind != apperr.Invalid && e.Code != "number_taken" {
		return false, nil
	}
	pg, perr := p.issuePage(c.Request().Context(), pl, in, c.FormValue("from"))
	if perr != nil {
		return true, perr
	}
	return true, p.Views.RenderInvalid(c, "issue_confirm", pg, err)
}
