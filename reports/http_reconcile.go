package reports

import (
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ReconcileAPI serves the reconciliation document beside the pages' CSV
// and XLSX downloads, under the same rules.
type ReconcileAPI struct {
	Loader *ReconcileLoader
	Cat    *i18n.Catalog
}

// Routes registers the document with the rules of the downloads it sits
// beside (audit/procedures): the whole owner's for admin, office and
// auditors; a unit's for any signed-in user, narrowed by the handler to
// the unit's own auditee (404 otherwise, as for a unit one may not know).
func (a *ReconcileAPI) Routes(r *web.Router) {
	r.GET("/procedures/export.pdf", a.all, web.Roles(role.Admin, role.Office, role.Auditor))
	r.GET("/procedures/units/:code/export.pdf", a.unit, web.SignedIn())
}

func (a *ReconcileAPI) all(c echo.Context) error {
	return a.send(c, "", "doi-chieu-tthc.pdf")
}

func (a *ReconcileAPI) unit(c echo.Context) error {
	code := c.Param("code")
	if !procedures.CanSeeUnit(auth.UserOf(c), code) {
		return apperr.NotFoundThing("thing.unit")
	}
	return a.send(c, code, "doi-chieu-tthc-"+code+".pdf")
}

// send reads and draws the document in the viewer's language.
func (a *ReconcileAPI) send(c echo.Context, unit, name string) error {
	in, err := a.Loader.Input(c.Request().Context(), unit)
	if err != nil {
		return err
	}
	in.GapsOnly = c.QueryParam("gaps") == "1"
	b, err := (&Renderer{Cat: a.Cat, Lang: web.Lang(c)}).ReconcilePDF(BuildReconcileReport(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, name, "")
}
