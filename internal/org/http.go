package org

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Handler serves the units API.
type Handler struct{ Store *Store }

// Routes registers the units API with its rules (CONTRACT.md: units are read
// by auditors, managed by admin and office; auditees need no list).
func (h *Handler) Routes(r *web.Router) {
	r.GET("/api/v1/units", h.list, web.Roles(role.Admin, role.Office, role.Auditor))
	r.POST("/api/v1/units", h.create, web.Roles(role.Admin, role.Office))
}

func (h *Handler) list(c echo.Context) error {
	units, err := h.Store.ListUnits(c.Request().Context(), UnitFilter{Query: c.QueryParam("q"), All: c.QueryParam("all") == "1"})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, units)
}

func (h *Handler) create(c echo.Context) error {
	var in UnitInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	u, err := h.Store.CreateUnit(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}
