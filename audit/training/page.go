package training

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
)

// pageData is /training-needs: the programme picker and the needs of the
// chosen programme, the units that need something first.
type pageData struct {
	Programmes []*audit.Programme
	Chosen     int64
	Needs      *Needs
	// Needing are the units with a need; Without counts the others.
	Needing []UnitNeeds
	Without int
}

// page is the office's training-needs page, on the programme named by
// ?programme= or DefaultProgramme.
func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := programmeParam(c)
	if err != nil {
		return err
	}
	d := pageData{}
	if d.Programmes, err = h.Audits.ListProgrammes(ctx); err != nil {
		return err
	}
	if id == 0 {
		if id, err = h.Store.DefaultProgramme(ctx); err != nil {
			return err
		}
	}
	if id != 0 {
		if d.Needs, err = h.Store.Needs(ctx, id); err != nil {
			return err
		}
		d.Chosen = id
		for _, it := range d.Needs.Items {
			if it.Empty() {
				d.Without++
			} else {
				d.Needing = append(d.Needing, it)
			}
		}
	}
	return h.Views.Render(c, http.StatusOK, "training_needs", d)
}
