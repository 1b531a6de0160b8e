package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/web"
)

// RotationAPI serves the rotation settings: how many years of earlier
// rounds a new round avoids repeating or reversing.
type RotationAPI struct{ Audits *audit.Store }

// Routes registers the settings, read and changed by admin and office.
func (a *RotationAPI) Routes(r *web.Router) {
	r.GET("/api/v1/settings/rotation", a.get, staff)
	r.PUT("/api/v1/settings/rotation", a.put, staff)
}

func (a *RotationAPI) get(c echo.Context) error {
	s, err := a.Audits.RotationSettings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

func (a *RotationAPI) put(c echo.Context) error {
	var in audit.RotationInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	s, err := a.Audits.SaveRotationSettings(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

// word fills a round's rule breaks and spot checks with sentences in the
// reader's language, so that an API client can show them as they are.
func (a *API) word(c echo.Context, r *audit.Round) {
	if a.Catalog == nil || r == nil {
		return
	}
	lang := web.Lang(c)
	if r.Stats != nil {
		for i := range r.Stats.Swaps {
			for j := range r.Stats.Swaps[i].Broken {
				b := &r.Stats.Swaps[i].Broken[j]
				b.Message = a.Catalog.Msg(lang, b.Msg())
			}
		}
	}
	for i := range r.SpotChecks {
		r.SpotChecks[i].Message = a.Catalog.Msg(lang, r.SpotChecks[i].Msg())
	}
}
