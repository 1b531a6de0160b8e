package reports

// Who may read an audit's documents (CONTRACT.md, "read an audit"): the
// plan and team, and the findings. A caller who may not is answered 404,
// so that the audit's existence is not revealed.

import (
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// planReadable loads the audit if the caller may read its plan and team
// (CONTRACT.md, "read an audit"), else 404.
func planReadable(c echo.Context, s *findings.Store) (*audit.Audit, error) {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return nil, err
	}
	p, err := s.Audits.Audit(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !audit.CanRead(auth.UserOf(c), p) {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	return p, nil
}

// readable loads the audit if the caller may see its findings (the
// report holds them), else 404.
func readable(c echo.Context, s *findings.Store) (*audit.Audit, error) {
	p, err := planReadable(c, s)
	if err != nil {
		return nil, err
	}
	if !audit.CanSeeFindings(auth.UserOf(c), p) {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	return p, nil
}
