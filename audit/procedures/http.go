package procedures

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Who may do what (CONTRACT.md): admin and office manage the catalogue,
// the lists and the figures; auditors read them; an auditee reads its own
// unit's page, which the handlers check.
var (
	managers = web.Roles(role.Admin, role.Office)
	readers  = web.Roles(role.Admin, role.Office, role.Auditor)
	everyone = web.SignedIn()
)

// Handler serves the API and the pages.
type Handler struct {
	Store   *Store
	Conduct *conduct.Store // the audit package's answer path, for "use as evidence"
	Views   *web.Views
	Catalog *i18n.Catalog
}

// Mount registers the routes, the pages and the navigation entry, and
// returns the handler, whose Panel the audit page may show. conduct is the
// application's answer path, shared so that evidence saves join the same
// commit group as the audit page's saves.
func Mount(s *web.Server, r *web.Router, store *Store, conduct *conduct.Store) *Handler {
	h := &Handler{Store: store, Conduct: conduct, Views: s.Views, Catalog: s.Catalog}
	h.Routes(r)
	s.Views.Shell.AddNav(web.NavEntry{Path: "/procedures", Label: "nav.procedures", Roles: role.All, Order: web.NavOrderPlan + 8,
		Hint: "nav.procedures_hint", HomeRoles: managers.Roles})
	return h
}

// Routes registers every route with its rule.
func (h *Handler) Routes(r *web.Router) {
	r.GET("/api/v1/procedures/catalogue", h.apiCatalogue, readers)
	r.POST("/api/v1/procedures/catalogue", h.apiImportCatalogue, managers)
	r.POST("/api/v1/procedures/lists/:kind", h.apiImportList, managers)
	r.GET("/api/v1/procedures/reconciliation", h.apiOverview, readers)
	r.GET("/api/v1/procedures/units/:code", h.apiUnit, everyone)
	r.GET("/api/v1/procedures/figures", h.apiFigures, readers)
	r.POST("/api/v1/procedures/figures", h.apiSaveFigures, managers)
	r.POST("/api/v1/procedures/figures/import", h.apiImportFigures, managers)
	r.GET("/api/v1/audits/:id/procedures", h.apiAuditEvidence, everyone)
	r.POST("/api/v1/audits/:id/procedure-evidence", h.apiUseEvidence, web.Roles(role.Auditor))
	h.pageRoutes(r)
}

// user is the signed-in user; the router's rule guarantees one.
func user(c echo.Context) *auth.User { return auth.UserOf(c) }

// CanSeeUnit says whether u may read a unit's reconciliation: staff and
// auditors any unit, an auditee only its own. Others get 404, as for a
// unit they may not know of.
func CanSeeUnit(u *auth.User, code string) bool {
	return u.IsStaff() || u.Role == role.Auditor || u.InUnit(code)
}

func (h *Handler) apiCatalogue(c echo.Context) error {
	info, procs, err := h.Store.Catalogue(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"catalogue": info, "items": procs})
}

func (h *Handler) apiImportCatalogue(c echo.Context) error {
	data, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	res, err := h.Store.ImportCatalogue(c.Request().Context(), name, data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, res)
}

func (h *Handler) apiImportList(c echo.Context) error {
	if !validKind(c.Param("kind")) {
		return apperr.NotFoundThing("thing.procedure_list")
	}
	data, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	res, err := h.Store.ImportList(c.Request().Context(), c.Param("kind"), name, data, c.FormValue("unit"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, res)
}

func (h *Handler) apiOverview(c echo.Context) error {
	ov, err := h.Store.Overview(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ov)
}

func (h *Handler) apiUnit(c echo.Context) error {
	code := c.Param("code")
	if !CanSeeUnit(user(c), code) {
		return apperr.NotFoundThing("thing.unit")
	}
	ug, err := h.Store.Unit(c.Request().Context(), code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ug)
}

func (h *Handler) apiFigures(c echo.Context) error {
	figs, err := h.Store.Figures(c.Request().Context(), c.QueryParam("unit"))
	if err != nil {
		return err
	}
	target, err := h.Store.Target(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]FigureView, len(figs))
	for i, f := range figs {
		out[i] = f.View(target)
	}
	return c.JSON(http.StatusOK, map[string]any{"target": target, "items": out})
}

// figuresInput is the body of POST /api/v1/procedures/figures.
type figuresInput struct {
	Unit       string `json:"unit" validate:"required"`
	Period     string `json:"period" validate:"required"`
	Received   int    `json:"received"`
	OnTime     int    `json:"on_time"`
	Late       int    `json:"late"`
	Paper      int    `json:"paper"`
	Electronic int    `json:"electronic"`
}

func (h *Handler) apiSaveFigures(c echo.Context) error {
	var in figuresInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	// The input has exactly the fields a client may set, so it converts.
	f := Figures(in)
	if err := h.Store.SaveFigures(c.Request().Context(), f); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}

func (h *Handler) apiImportFigures(c echo.Context) error {
	data, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	n, err := h.Store.ImportFigures(c.Request().Context(), name, data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]int{"rows": n})
}
