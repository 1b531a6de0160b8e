package training

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Who may do what: the office and the administrator read every unit's
// needs; a unit's own people read their unit's only (CONTRACT.md: "the
// dashboard API" is the office's, a unit's users see their own unit).
var (
	staff    = web.Roles(role.Admin, role.Office)
	everyone = web.SignedIn()
)

// Handler serves the training needs' API and page.
type Handler struct {
	Store  *Store
	Audits *audit.Store // the programmes the page offers
	Views  *web.Views
}

// Mount registers the routes and the office's navigation entry.
func Mount(s *web.Server, r *web.Router, store *Store) *Handler {
	h := &Handler{Store: store, Audits: store.Findings.Audits, Views: s.Views}
	r.GET("/api/v1/training-needs", h.apiNeeds, everyone)
	r.GET("/api/v1/training-needs/units/:code", h.apiUnitNeeds, everyone)
	r.GET("/training-needs", h.page, staff)
	s.Views.Shell.AddNav(web.NavEntry{Path: "/training-needs", Label: "training.nav", Roles: staff.Roles, Order: web.NavOrderPlan + 9,
		Hint: "training.nav_hint", HomeRoles: staff.Roles})
	return h
}

// programmeParam reads ?programme=: 0 when absent. Returns apperr.Invalid
// naming it when it is not a positive number.
func programmeParam(c echo.Context) (int64, error) {
	v := text.Clean(c.QueryParam("programme"))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("validation.type")})
	}
	return id, nil
}

// visible keeps the units whose needs u may read: every unit for staff,
// the user's own otherwise.
func visible(u *auth.User, items []UnitNeeds) []UnitNeeds {
	if u.IsStaff() {
		return items
	}
	out := []UnitNeeds{}
	for _, it := range items {
		if u.InUnit(it.Unit) {
			out = append(out, it)
		}
	}
	return out
}

// apiNeeds is GET /api/v1/training-needs?programme=ID: the programme is
// required (422 naming it when absent or malformed, 404 when unknown).
func (h *Handler) apiNeeds(c echo.Context) error {
	id, err := programmeParam(c)
	if err != nil {
		return err
	}
	if id == 0 {
		return apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("validation.required")})
	}
	n, err := h.Store.Needs(c.Request().Context(), id)
	if err != nil {
		return err
	}
	n.Items = visible(auth.UserOf(c), n.Items)
	return c.JSON(http.StatusOK, n)
}

// apiUnitNeeds is GET /api/v1/training-needs/units/{code}?programme=ID: one
// unit's needs, in the latest programme holding it when none is named.
// A unit the caller may not read, or not in the programme, is 404.
func (h *Handler) apiUnitNeeds(c echo.Context) error {
	ctx, code := c.Request().Context(), c.Param("code")
	if !auth.UserOf(c).CanSeeUnit(code) {
		return apperr.NotFoundThing("thing.unit")
	}
	id, err := programmeParam(c)
	if err != nil {
		return err
	}
	if id == 0 {
		if id, err = h.Store.UnitProgramme(ctx, code); err != nil {
			return err
		}
		if id == 0 {
			return apperr.NotFoundThing("thing.programme")
		}
	}
	n, err := h.Store.Needs(ctx, id)
	if err != nil {
		return err
	}
	for _, it := range n.Items {
		if it.Unit == code {
			return c.JSON(http.StatusOK, map[string]any{"programme": n.Programme, "previous_programme": n.Previous, "target": n.Target, "unit": it})
		}
	}
	return apperr.NotFoundThing("thing.unit")
}
