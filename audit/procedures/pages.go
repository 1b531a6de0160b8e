package procedures

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// pageRoutes registers the pages.
func (h *Handler) pageRoutes(r *web.Router) {
	r.GET("/procedures", h.overviewPage, everyone)
	r.GET("/procedures/export", h.exportAll, readers)
	r.GET("/procedures/units/:code", h.unitPage, everyone)
	r.GET("/procedures/units/:code/export", h.exportUnit, everyone)
	r.POST("/procedures/units/:code/import/:kind", h.importUnitList, managers)
	r.GET("/procedures/catalogue", h.cataloguePage, readers)
	r.GET("/procedures/catalogue/:code", h.historyPage, readers)
	r.GET("/procedures/import", h.importPage, managers)
	r.POST("/procedures/import/:what", h.importFile, managers)
	r.GET("/procedures/figures", h.figuresPage, readers)
	r.POST("/procedures/figures", h.saveFigures, managers)
	r.POST("/procedures/target", h.saveTarget, managers)
	r.GET("/audits/:id/procedures", h.auditPage, everyone)
	r.POST("/audits/:id/procedures/evidence", h.useEvidence, web.Roles(role.Auditor))
}

func canManage(u *auth.User) bool { return u.IsStaff() }

// overviewData is the owner's page.
type overviewData struct {
	Overview
	CanManage bool
	GapKinds  []string
	ListKinds []string
	// ListKindOf maps a gap kind to the list it comes from.
	ListKindOf map[string]string
}

func (h *Handler) overviewPage(c echo.Context) error {
	u := user(c)
	if u.Role == role.Auditee {
		// An auditee sees its own unit's page only.
		return c.Redirect(http.StatusSeeOther, "/procedures/units/"+url.PathEscape(u.UnitCode))
	}
	ov, err := h.Store.Overview(c.Request().Context())
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures", overviewData{Overview: ov, CanManage: canManage(u), GapKinds: GapKinds, ListKinds: ListKinds,
		ListKindOf: listOf})
}

// unitData is a unit's page.
type unitData struct {
	UnitGaps
	Catalogue *CatalogueInfo
	Target    float64
	Figures   []FigureView
	Groups    []gapGroup
	CanManage bool
	ListKinds []string
	Back      bool // the viewer may go back to the owner's page
}

// gapGroup is the gaps of one kind, for a table of their own.
type gapGroup struct {
	Kind     string
	Gaps     []Gap
	Unknown  bool // the list it comes from was never imported
	ListKind string
}

func groupGaps(ug UnitGaps) []gapGroup {
	var out []gapGroup
	for _, k := range GapKinds {
		g := gapGroup{Kind: k, ListKind: listOf[k]}
		g.Unknown = g.ListKind != "" && !ug.Imported(g.ListKind)
		for _, gap := range ug.Gaps {
			if gap.Kind == k {
				g.Gaps = append(g.Gaps, gap)
			}
		}
		out = append(out, g)
	}
	return out
}

func (h *Handler) unitData(c echo.Context) (unitData, error) {
	u, code := user(c), c.Param("code")
	if !CanSeeUnit(u, code) {
		return unitData{}, apperr.NotFoundThing("thing.unit")
	}
	ctx := c.Request().Context()
	ug, err := h.Store.Unit(ctx, code)
	if err != nil {
		return unitData{}, err
	}
	info, _, err := h.Store.Catalogue(ctx)
	if err != nil {
		return unitData{}, err
	}
	target, err := h.Store.Target(ctx)
	if err != nil {
		return unitData{}, err
	}
	figs, err := h.Store.Figures(ctx, code)
	if err != nil {
		return unitData{}, err
	}
	d := unitData{UnitGaps: ug, Catalogue: info, Target: target, Groups: groupGaps(ug), CanManage: canManage(u),
		ListKinds: ListKinds, Back: u.Role != role.Auditee}
	for _, f := range figs {
		d.Figures = append(d.Figures, f.View(target))
	}
	return d, nil
}

func (h *Handler) unitPage(c echo.Context) error {
	d, err := h.unitData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_unit", d)
}

// importUnitList takes a list of one kind for the unit of the page; every
// row must name that unit.
func (h *Handler) importUnitList(c echo.Context) error {
	code, kind := c.Param("code"), c.Param("kind")
	if !validKind(kind) {
		return apperr.NotFoundThing("thing.procedure_list")
	}
	data, name, err := web.FormFile(c, "file")
	if err == nil {
		var res ListResult
		if res, err = h.Store.ImportList(c.Request().Context(), kind, name, data, code); err == nil {
			web.SetFlash(c, "procedures.list_imported", "rows", res.Rows, "units", len(res.Units))
			return c.Redirect(http.StatusSeeOther, "/procedures/units/"+url.PathEscape(code))
		}
	}
	d, derr := h.unitData(c)
	if derr != nil {
		return derr
	}
	return h.Views.RenderInvalid(c, "procedures_unit", d, err)
}

// catalogueData is the catalogue page.
type catalogueData struct {
	Catalogue *CatalogueInfo
	Query     string
	Items     []Procedure
	Pager     web.Pager
}

func (h *Handler) cataloguePage(c echo.Context) error {
	info, procs, err := h.Store.Catalogue(c.Request().Context())
	if err != nil {
		return err
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	if q != "" {
		key := text.Fold(q)
		procs = slices.DeleteFunc(procs, func(p Procedure) bool {
			return !strings.Contains(text.Fold(p.Code+" "+p.Name+" "+p.Field), key)
		})
	}
	d := catalogueData{Catalogue: info, Query: q}
	d.Items, d.Pager = web.Paginate(c, procs, web.PerPage)
	return h.Views.Render(c, http.StatusOK, "procedures_catalogue", d)
}

func (h *Handler) historyPage(c echo.Context) error {
	vs, err := h.Store.History(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_history", vs)
}
