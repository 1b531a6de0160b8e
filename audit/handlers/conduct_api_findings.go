package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// patchFinding corrects a finding's grade or statement: 404 unless the
// caller may see it, 403 unless they are staff or the audit's lead. The
// audited unit's analysis of a nonconformity is not written here but
// through PATCH /api/v1/nonconformities/{id}, where the workflow decides
// who may write it.
func (a *ConductAPI) patchFinding(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := web.PathID(c, "id", "thing.finding")
	if err != nil {
		return err
	}
	f, err := a.Findings.Finding(ctx, id)
	if err != nil {
		return err
	}
	u := auth.UserOf(c)
	p, err := a.Audits.Audit(ctx, f.AuditID)
	if err != nil {
		return err
	}
	if !findings.CanSeeFinding(u, f, p) {
		return apperr.NotFoundThing("thing.finding")
	}
	if !audit.CanEditFindings(u, p) {
		return audit.ErrForbidden()
	}
	var in findings.FindingEdit
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Analysing() {
		return audit.ErrForbidden()
	}
	f, err = a.Findings.EditFinding(ctx, id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}
