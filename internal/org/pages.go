package org

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Who may do what with units (CONTRACT.md): admin and office manage them,
// auditors read them, auditees need no list.
var (
	unitManagers = web.Roles(role.Admin, role.Office)
	unitReaders  = web.Roles(role.Admin, role.Office, role.Auditor)
)

// Pages serves the units pages: the list with its search, the form to
// create or edit a unit, and the bulk import.
type Pages struct {
	Store *Store
	Views *web.Views
}

// MountManage registers what managing units adds to the units API: the
// edit and import endpoints, the pages, and their navigation entry.
func MountManage(s *web.Server, r *web.Router, store *Store) {
	h := &Handler{Store: store}
	r.PATCH("/api/v1/units/:code", h.patch, unitManagers)
	r.POST("/api/v1/units/import", h.importFile, unitManagers)
	(&Pages{Store: store, Views: s.Views}).Routes(r)
	s.Views.Shell.AddNav(web.NavEntry{Path: "/units", Label: "nav.units", Roles: unitReaders.Roles, Order: web.NavOrderAdmin,
		Hint: "units.hint", HomeRoles: unitManagers.Roles})
}

// Routes registers the pages with their rules.
func (p *Pages) Routes(r *web.Router) {
	r.GET("/units", p.list, unitReaders)
	r.GET("/units/new", p.newForm, unitManagers)
	r.POST("/units/new", p.create, unitManagers)
	r.GET("/units/import", p.importForm, unitManagers)
	r.POST("/units/import", p.importFile, unitManagers)
	r.GET("/units/:code/edit", p.editForm, unitManagers)
	r.POST("/units/:code/edit", p.update, unitManagers)
}

type listData struct {
	Query     string
	All       bool
	Units     []Unit
	Pager     web.Pager
	CanManage bool
}

func (p *Pages) list(c echo.Context) error {
	f := UnitFilter{Query: c.QueryParam("q"), All: c.QueryParam("all") == "1"}
	units, err := p.Store.ListUnits(c.Request().Context(), f)
	if err != nil {
		return err
	}
	d := listData{Query: f.Query, All: f.All, CanManage: slices.Contains(unitManagers.Roles, web.ViewerOf(c).Role)}
	d.Units, d.Pager = web.Paginate(c, units, web.PerPage)
	return p.Views.Render(c, http.StatusOK, "units", d)
}

// formData is the unit form, new or edit, with what the user typed.
type formData struct {
	New   bool
	In    UnitInput
	Kinds []string
}

func (p *Pages) newForm(c echo.Context) error {
	return p.Views.Render(c, http.StatusOK, "unit_form", formData{New: true, In: UnitInput{Kind: "commune"}, Kinds: Kinds})
}

func formInput(c echo.Context) UnitInput {
	return UnitInput{Code: c.FormValue("code"), Name: c.FormValue("name"), Kind: c.FormValue("kind"), Cluster: c.FormValue("cluster"),
		Place: c.FormValue("place"), Chairman: c.FormValue("chairman")}
}

func (p *Pages) create(c echo.Context) error {
	in := formInput(c)
	u, err := p.Store.CreateUnit(c.Request().Context(), in)
	if err != nil {
		return p.Views.RenderInvalid(c, "unit_form", formData{New: true, In: in, Kinds: Kinds}, err)
	}
	web.SetFlash(c, "units.created", "name", u.Name)
	return c.Redirect(http.StatusSeeOther, "/units")
}

func (p *Pages) editForm(c echo.Context) error {
	u, err := p.Store.UnitByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	in := UnitInput{Code: u.Code, Name: u.Name, Kind: u.Kind, Cluster: u.Cluster, Place: u.Place, Chairman: u.Chairman}
	return p.Views.Render(c, http.StatusOK, "unit_form", formData{In: in, Kinds: Kinds})
}

func (p *Pages) update(c echo.Context) error {
	in := formInput(c)
	in.Code = c.Param("code")
	u, err := p.Store.UpdateUnit(c.Request().Context(), in.Code, UnitPatch{Name: &in.Name, Kind: &in.Kind, Cluster: &in.Cluster,
		Place: &in.Place, Chairman: &in.Chairman})
	if err != nil {
		return p.Views.RenderInvalid(c, "unit_form", formData{In: in, Kinds: Kinds}, err)
	}
	web.SetFlash(c, "units.updated", "name", u.Name)
	return c.Redirect(http.StatusSeeOther, "/units?q="+url.QueryEscape(u.Code))
}

// importData is the import page: the columns a file must have.
type importData struct{ Columns []string }

func (p *Pages) importForm(c echo.Context) error {
	return p.Views.Render(c, http.StatusOK, "unit_import", importData{Columns: ImportColumns})
}

func (p *Pages) importFile(c echo.Context) error {
	file, _, err := web.FormFile(c, "file")
	if err == nil {
		var n int
		if n, err = p.Store.ImportUnits(c.Request().Context(), file); err == nil {
			web.SetFlash(c, "units.imported", "n", n)
			return c.Redirect(http.StatusSeeOther, "/units")
		}
	}
	return p.Views.RenderInvalid(c, "unit_import", importData{Columns: ImportColumns}, err)
}
