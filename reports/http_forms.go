package reports

import (
	"github.com/crossaudit/crossaudit/internal/apperr"
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
