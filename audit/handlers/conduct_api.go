package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ConductAPI serves conducting an audit: the audit with its answers, the
// saves, the evidence, the meetings, submission, and the nonconformity
// register.
type ConductAPI struct {
	Audits   *audit.Store
	Conduct  *conduct.Store
	Findings *findings.Store
	// Measured and Catalog flag the recorded values that contradict the
	// system's figures (the view's "warnings"); nil Measured: none.
	Measured measured.Source
	Catalog  *i18n.Catalog
}

// conductors may pass the routes that change an audit's answers; the
// handler narrows them to the audit's team (CONTRACT.md: answer, attach,
// submit are for the team's auditors only, until submitted).
var conductors = web.Roles(role.Auditor)

// Routes registers the API with its rules (CONTRACT.md, "Who may do what").
// Reads are open to every signed-in user and narrowed by the handler: an
// audit the caller may not read answers 404. The PATCH of a nonconformity
// is open to the audited unit too, for the root-cause fields of the
// corrective-action feature.
func (a *ConductAPI) Routes(r *web.Router) {
	r.GET("/api/v1/audits/:id", a.getAudit, web.SignedIn())
	r.PUT("/api/v1/audits/:id/answers/:item", a.putAnswer, conductors)
	r.PUT("/api/v1/audits/:id/opening", a.putOpening, conductors)
	r.POST("/api/v1/audits/:id/attachments", a.addAttachment, conductors)
	r.GET("/api/v1/audits/:id/attachments/:aid", a.getAttachment, web.SignedIn())
	r.DELETE("/api/v1/audits/:id/attachments/:aid", a.deleteAttachment, conductors)
	r.POST("/api/v1/audits/:id/submit", a.submit, conductors)
	r.PATCH("/api/v1/findings/:id", a.patchFinding, web.SignedIn())
}

// readable loads the audit's plan if the caller may read it, else 404.
func readable(c echo.Context, s *audit.Store) (*audit.Audit, error) {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return nil, err
	}
	return readableID(c, s, id)
}

// readableID is readable for an audit id that is not the path's.
func readableID(c echo.Context, s *audit.Store, id int64) (*audit.Audit, error) {
	p, err := s.Audit(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !audit.CanRead(auth.UserOf(c), p) {
		return nil, audit.ErrHidden()
	}
	return p, nil
}

// conductable loads what the access rules need of the audit (Access, not
// the whole plan: it runs on every save) if the caller may answer it: 404
// when they may not read it, 403 when they may read but not answer.
func conductable(c echo.Context, s *conduct.Store) (*audit.Audit, error) {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return nil, err
	}
	p, err := s.Access(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !audit.CanRead(auth.UserOf(c), p) {
		return nil, audit.ErrHidden()
	}
	if !audit.CanConduct(auth.UserOf(c), p) {
		return nil, audit.ErrForbidden()
	}
	return p, nil
}

func (a *ConductAPI) getAudit(c echo.Context) error {
	p, err := readable(c, a.Audits)
	if err != nil {
		return err
	}
	view, err := a.Findings.View(c.Request().Context(), p, audit.CanSeeFindings(auth.UserOf(c), p))
	if err != nil {
		return err
	}
	out := struct {
		*findings.AuditView
		// Warnings are the measured values that contradict the system's
		// figures, for a caller who sees the answers, while they may still
		// change (a submitted record stands); never a refusal.
		Warnings []measured.Warning `json:"warnings"`
	}{AuditView: view, Warnings: []measured.Warning{}}
	if audit.CanSeeFindings(auth.UserOf(c), p) && audit.OpenForAnswers(p.Status) {
		sheet, err := a.Conduct.Sheet(c.Request().Context(), p)
		if err != nil {
			return err
		}
		ws, err := measuredWarnings(c.Request().Context(), a.Measured, p, sheet)
		if err != nil {
			return err
		}
		out.Warnings = translated(a.Catalog, web.Lang(c), ws)
	}
	return c.JSON(http.StatusOK, out)
}

func (a *ConductAPI) putAnswer(c echo.Context) error {
	p, err := conductable(c, a.Conduct)
	if err != nil {
		return err
	}
	var in conduct.AnswerInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	si, err := a.Conduct.SaveAnswer(c.Request().Context(), p, c.Param("item"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"version": si.Answer.Version, "suggested": si.Suggested, "override": si.Override})
}

func (a *ConductAPI) putOpening(c echo.Context) error {
	p, err := conductable(c, a.Conduct)
	if err != nil {
		return err
	}
	var in conduct.OpeningInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	m, err := a.Conduct.SaveOpening(c.Request().Context(), p.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (a *ConductAPI) submit(c echo.Context) error {
	p, err := conductable(c, a.Conduct)
	if err != nil {
		return err
	}
	in, err := submissionBody(c)
	if err != nil {
		return err
	}
	if _, err := a.Findings.Submit(c.Request().Context(), p, in); err != nil {
		return err
	}
	fs, err := a.Findings.Findings(c.Request().Context(), findings.FindingFilter{AuditID: p.ID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": p.ID, "status": audit.StatusSubmitted, "findings": fs})
}
