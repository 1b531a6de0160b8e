package reports

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// FormRoutes registers the printable forms with their rules: a
// nonconformity's corrective-action request form for whoever may see the
// nonconformity (the handler narrows it, 404 otherwise); a programme's
// corrective-action register for the office and the administrator; an
// audit's closing-meeting minutes for whoever may see its findings; a
// blank checklist for staff and auditors, who read checklists
// (CONTRACT.md; audited units do not).
func (a *API) FormRoutes(r *web.Router) {
	r.GET("/api/v1/nonconformities/:id/request.pdf", a.caRequestPDF, web.SignedIn())
	r.GET("/api/v1/programmes/:id/actions.pdf", a.actionRegisterPDF, staff)
	r.GET("/api/v1/audits/:id/minutes.pdf", a.minutesPDF, web.SignedIn())
	r.GET("/api/v1/checklists/:id/blank.pdf", a.blankChecklistPDF, issuers)
}

// notFoundFinding is the answer to a nonconformity the caller may not see:
// 404, so that its existence is not revealed.
func notFoundFinding() error { return apperr.NotFoundThing("thing.finding") }

// blankChecklistPDF serves a checklist's latest published version, or
// ?version=N, blank for paper use, to staff and auditors.
func (a *API) blankChecklistPDF(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	n := 0
	if v := c.QueryParam("version"); v != "" {
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return apperr.InvalidFields(map[string]apperr.Msg{"version": apperr.M("validation.type")})
		}
	}
	lang := web.Lang(c)
	in, err := a.Issuer.Loader.BlankChecklistInput(c.Request().Context(), id, n, lang)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: lang}).BlankChecklistPDF(BuildBlankChecklist(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "danh-muc-kiem-tra-"+strconv.FormatInt(id, 10)+"-v"+strconv.Itoa(in.Version.Number)+".pdf", "")
}

// caRequestPDF serves the request form of a nonconformity to whoever may
// see it (the register's rules; 404 otherwise).
func (a *API) caRequestPDF(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := web.PathID(c, "id", "thing.finding")
	if err != nil {
		return err
	}
	nc, err := a.findings().NC(ctx, id)
	if err != nil {
		return err
	}
	p, err := a.findings().Conduct.Access(ctx, nc.AuditID)
	if err != nil {
		return err
	}
	if !findings.CanSeeFinding(auth.UserOf(c), nc.Finding, p) {
		return notFoundFinding()
	}
	in, err := a.Issuer.Loader.CARequestInput(ctx, nc)
	if err != nil {
		return err
	}
	// Numbered when the audit was submitted; printing never numbers it.
	n, _, err := a.numbers().Find(ctx, findings.FormCARequest, nc.ID)
	if err != nil {
		return err
	}
	in.Number = n.Number
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).CARequestPDF(BuildCARequest(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "phieu-yeu-cau-khac-phuc-"+strconv.FormatInt(id, 10)+".pdf", "")
}

// minutesPDF serves an audit's closing-meeting minutes to whoever may see
// its findings (404 otherwise).
func (a *API) minutesPDF(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.MinutesInput(ctx, p)
	if err != nil {
		return err
	}
	// Numbered at the closing meeting, which is the submission: before it
	// the lead prints a form to fill in on site, with a blank number.
	n, _, err := a.numbers().Find(ctx, findings.FormMinutes, p.ID)
	if err != nil {
		return err
	}
	in.Number = n.Number
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).MinutesPDF(BuildMinutes(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "bien-ban-hop-ket-thuc-"+strconv.FormatInt(p.ID, 10)+".pdf", "")
}

// actionRegisterPDF serves a programme's register to staff.
func (a *API) actionRegisterPDF(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	in, err := a.Issuer.Loader.RegisterInput(c.Request().Context(), id)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).ActionRegisterPDF(BuildActionRegister(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "so-theo-doi-khac-phuc-"+strconv.FormatInt(id, 10)+".pdf", "")
}
