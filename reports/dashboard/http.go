package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// staff may see every unit's figures (CONTRACT.md: the dashboard API is
// for the office and the administrator).
var staff = web.Roles(role.Admin, role.Office)

// Handler serves the dashboard, its API and exports, and the units' own
// pages.
type Handler struct {
	Store *Store
	Views *web.Views
	cat   *i18n.Catalog // the words of the exports
}

// Mount registers the dashboard's routes and navigation entries.
func Mount(s *web.Server, r *web.Router, store *Store) {
	(&Handler{Store: store, Views: s.Views, cat: s.Catalog}).Routes(r)
	mountReview(s, r, store)
}

// Routes registers the routes with their rules.
func (h *Handler) Routes(r *web.Router) {
	r.GET("/api/v1/dashboard", h.api, staff)
	r.GET("/dashboard", h.page, staff)
	r.GET("/dashboard/export/:kind", h.export, staff)
	r.GET("/dashboard/mine", h.mine, web.SignedIn())
	r.GET("/dashboard/units/:code", h.unitPage, web.SignedIn())
	sh := h.Views.Shell
	sh.AddNav(web.NavEntry{Path: "/dashboard", Label: "dashboard.nav", Roles: staff.Roles, Order: web.NavOrderPlan + 10,
		Hint: "dashboard.nav_hint", HomeRoles: staff.Roles})
	sh.AddNav(web.NavEntry{Path: "/dashboard/mine", Label: "dashboard.nav_mine", Roles: []string{role.Auditor, role.Auditee},
		Order: web.NavOrderWork + 20})
}

// query reads the programme and filters of a request. Returns
// apperr.Invalid naming the field.
func (h *Handler) query(c echo.Context) (int64, Filter, error) {
	id, err := ParseProgramme(strings.TrimSpace(c.QueryParam("programme")))
	if err != nil {
		return 0, Filter{}, err
	}
	f := Filter{Unit: text.Clean(c.QueryParam("unit")), Status: text.Clean(c.QueryParam("status"))}
	bad := apperr.Fields{}
	if f.Status != "" && !isNCStatus(f.Status) {
		bad.Add("status", apperr.M("validation.oneof", "param", strings.Join(findings.NCStates, " ")))
	}
	if len(f.Unit) > 64 {
		bad.Add("unit", apperr.M("dashboard.unknown_unit"))
	}
	return id, f, bad.Err()
}

// load reads and builds the dashboard of the requested programme, the
// latest when none is named. Returns apperr.NotFound for an unknown
// programme, or when there is none at all.
func (h *Handler) load(ctx context.Context, id int64, f Filter) (*Dashboard, error) {
	if id == 0 {
		latest, err := h.Store.Latest(ctx)
		if err != nil {
			return nil, err
		}
		if latest == 0 {
			return nil, apperr.NotFoundThing("thing.programme")
		}
		id = latest
	}
	d, err := h.Store.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, ok := d.Names[f.Unit]; f.Unit != "" && !ok {
		return nil, apperr.InvalidFields(map[string]apperr.Msg{"unit": apperr.M("dashboard.unknown_unit")})
	}
	return Build(d, f), nil
}

// api is GET /api/v1/dashboard?programme=&unit=&status=.
func (h *Handler) api(c echo.Context) error {
	id, f, err := h.query(c)
	if err != nil {
		return err
	}
	d, err := h.load(c.Request().Context(), id, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// export is GET /dashboard/export/{kind}?format=csv|xlsx&lang=vi|en with
// the page's filters: Vietnamese unless lang=en (web.ExportLang).
func (h *Handler) export(c echo.Context) error {
	kind := c.Param("kind")
	if !slices.Contains(ExportKinds, kind) {
		return apperr.New(apperr.NotFound, "not_found", apperr.M("error.page_not_found"))
	}
	format := cmpOr(c.QueryParam("format"), FormatCSV)
	if format != FormatCSV && format != FormatXLSX {
		return apperr.InvalidFields(map[string]apperr.Msg{"format": apperr.M("validation.oneof", "param", "csv xlsx")})
	}
	lang, err := web.ExportLang(c)
	if err != nil {
		return err
	}
	id, f, err := h.query(c)
	if err != nil {
		return err
	}
	d, err := h.load(c.Request().Context(), id, f)
	if err != nil {
		return err
	}
	t := ExportTable(d, kind, h.cat, lang)
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = WriteXLSX(&buf, t)
	} else {
		err = WriteCSV(&buf, t)
	}
	if err != nil {
		return apperr.Wrap(fmt.Errorf("dashboard: export %s: %w", kind, err))
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%d.%s"`, kind, d.Programme.ID, format))
	return c.Blob(http.StatusOK, ctype, buf.Bytes())
}

// mine leads each user to their own figures: the office to the dashboard,
// a unit's users to their unit's page.
func (h *Handler) mine(c echo.Context) error {
	u := auth.UserOf(c)
	if u.IsStaff() {
		return c.Redirect(http.StatusSeeOther, "/dashboard")
	}
	if u.UnitCode == "" {
		return apperr.NotFoundThing("thing.unit")
	}
	return c.Redirect(http.StatusSeeOther, "/dashboard/units/"+u.UnitCode)
}

// canSeeUnit reports whether u may see a unit's own page: staff every
// unit, everyone else only their own.
func canSeeUnit(u *auth.User, code string) bool { return u.IsStaff() || u.InUnit(code) }

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
