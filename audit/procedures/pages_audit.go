package procedures

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// auditPage shows the panel of an audit on a page of its own: every item's
// lines together, for reading before the audit or on a phone.
func (h *Handler) auditPage(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	panel, _, err := h.Panel(c.Request().Context(), user(c), id)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_audit", panel)
}

// ItemPanel is what the audit page shows beside one checklist item: the
// item's evidence lines, and whether the viewer may raise them.
type ItemPanel struct {
	ItemEvidence
	AuditID  int64
	Unit     string
	UnitName string
	CanUse   bool
}

// ItemPanels is the audit page's hook (audit.ItemPanels, wired in cmd):
// the audit's panel, item by item, for a viewer the audit page has already
// let read the audit's answers.
func (h *Handler) ItemPanels(ctx context.Context, u *auth.User, p *audit.Audit) (map[string]any, error) {
	panel, err := h.panelFor(ctx, u, p)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(panel.Items))
	for _, ie := range panel.Items {
		out[ie.Item] = ItemPanel{ItemEvidence: ie, AuditID: panel.AuditID, Unit: panel.Unit, UnitName: panel.UnitName, CanUse: panel.CanUse}
	}
	return out, nil
}

// useEvidence is the panels' form: it adds the line to the answer's note
// and returns (post/redirect/get) to the item on the audit page when the
// form came from there (back=audit), else to the panel's own page.
func (h *Handler) useEvidence(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	item := c.FormValue("item")
	if _, _, err := h.UseEvidence(c.Request().Context(), user(c), id, item, c.FormValue("key")); err != nil {
		return err
	}
	web.SetFlash(c, "procedures.evidence_added", "item", item)
	// The item code is one the panel offered (UseEvidence found it), so it
	// is safe in the fragment.
	if c.FormValue("back") == "audit" {
		return c.Redirect(http.StatusSeeOther, "/audits/"+strconv.FormatInt(id, 10)+"#item-"+item)
	}
	return c.Redirect(http.StatusSeeOther, "/audits/"+strconv.FormatInt(id, 10)+"/procedures#ev-"+item)
}
