package audit

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// findingFilter reads the register's query (?programme=&unit=&status=).
// Returns apperr.Invalid for a programme that is not a number or an unknown
// status.
func findingFilter(c echo.Context) (FindingFilter, error) {
	f := FindingFilter{Unit: text.Clean(c.QueryParam("unit")), NonconformitiesOnly: true}
	if p := text.Clean(c.QueryParam("programme")); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return f, apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("validation.type")})
		}
		f.ProgrammeID = id
	}
	var err error
	f.Status, err = cleanStatus(c.QueryParam("status"))
	return f, err
}

func (a *ConductAPI) listNonconformities(c echo.Context) error {
	f, err := findingFilter(c)
	if err != nil {
		return err
	}
	list, err := a.Conduct.Findings(c.Request().Context(), findingVisibility(auth.UserOf(c), f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (a *ConductAPI) patchNonconformity(c echo.Context) error { return a.patch(c, true) }

func (a *ConductAPI) patchFinding(c echo.Context) error { return a.patch(c, false) }

// patch corrects a finding's grade or statement: 404 unless the caller may
// see it (and, for the nonconformity route, unless it is one), 403 unless
// they are staff or the audit's lead.
func (a *ConductAPI) patch(c echo.Context, ncOnly bool) error {
	ctx := c.Request().Context()
	id, err := idParam(c, "id", "thing.finding")
	if err != nil {
		return err
	}
	f, err := a.Conduct.Finding(ctx, id)
	if err != nil {
		return err
	}
	u := auth.UserOf(c)
	if !CanSeeFinding(u, f) || (ncOnly && !f.IsNonconformity()) {
		return apperr.NotFoundThing("thing.finding")
	}
	p, err := a.Conduct.Plan(ctx, f.AuditID)
	if err != nil {
		return err
	}
	if !CanEditFindings(u, p) {
		return errForbidden()
	}
	var in FindingEdit
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	f, err = a.Conduct.EditFinding(ctx, id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}
