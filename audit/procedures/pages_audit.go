package procedures

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/web"
)

// auditPage shows the panel of an audit on a page of its own, so that it
// serves before the audit page includes the partial.
func (h *Handler) auditPage(c echo.Context) error {
	id, err := auditID(c)
	if err != nil {
		return err
	}
	panel, _, err := h.Panel(c.Request().Context(), user(c), id)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_audit", panel)
}

// useEvidence is the panel's form: it adds the line to the answer's note
// and returns to the panel (post/redirect/get).
func (h *Handler) useEvidence(c echo.Context) error {
	id, err := auditID(c)
	if err != nil {
		return err
	}
	item := c.FormValue("item")
	if _, _, err := h.UseEvidence(c.Request().Context(), user(c), id, item, c.FormValue("key")); err != nil {
		return err
	}
	web.SetFlash(c, "procedures.evidence_added", "item", item)
	return c.Redirect(http.StatusSeeOther, "/audits/"+strconv.FormatInt(id, 10)+"/procedures#ev-"+item)
}
