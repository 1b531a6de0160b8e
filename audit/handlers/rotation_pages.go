package handlers

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// rotationYears is the stored rotation window, for the settings form.
func (p *Pages) rotationYears(c echo.Context) (string, error) {
	s, err := p.Audits.RotationSettings(c.Request().Context())
	if err != nil {
		return "", err
	}
	return strconv.Itoa(s.HistoryYears), nil
}

// saveRotation stores the rotation window from the programme page's form
// and comes back to the page; a bad number shows the form again with it.
func (p *Pages) saveRotation(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	typed := strings.TrimSpace(c.FormValue("history_years"))
	var in audit.RotationInput
	if typed != "" {
		n, err := strconv.Atoi(typed)
		if err != nil {
			return p.refusedRotation(c, apperr.InvalidFields(map[string]apperr.Msg{"history_years": apperr.M("validation.type")}), typed)
		}
		in.HistoryYears = &n
	}
	if _, err := p.Audits.SaveRotationSettings(c.Request().Context(), in); err != nil {
		return p.refusedRotation(c, err, typed)
	}
	return redirect(c, "rotation.saved", programmePath(id)+"#rotation-settings")
}

// refusedRotation shows the programme page again with the settings form as
// typed and its error.
func (p *Pages) refusedRotation(c echo.Context, err error, typed string) error {
	return p.refused(c, err, func(d *programmeData) { d.RotationYears = typed })
}
