package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/web"
)

// actionEditRoutes registers the correction and removal of a corrective
// action, for whoever may add one (the audited side) while the plan is
// drawn up: PATCH and DELETE in the API; on the page, an edit form beside
// each action and a removal that asks first (GET shows what is removed;
// the POST without confirm=1 shows the same page instead of acting).
func (h *Corrective) actionEditRoutes(r *web.Router) {
	r.PATCH("/api/v1/nonconformities/:id/actions/:aid", h.patchAction, web.SignedIn())
	r.DELETE("/api/v1/nonconformities/:id/actions/:aid", h.deleteAction, web.SignedIn())
	r.POST("/nonconformities/:id/actions/:aid", h.postEditAction, web.SignedIn())
	r.GET("/nonconformities/:id/actions/:aid/remove", h.removeActionForm, web.SignedIn())
	r.POST("/nonconformities/:id/actions/:aid/remove", h.postRemoveAction, web.SignedIn())
}

// loadAction is loadFor the audited side, with the path's action.
func (h *Corrective) loadAction(c echo.Context) (*findings.NCDetail, findings.NCAction, error) {
	d, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return nil, findings.NCAction{}, err
	}
	aid, err := web.PathID(c, "aid", "ca.thing_action")
	if err != nil {
		return nil, findings.NCAction{}, err
	}
	for _, a := range d.Actions {
		if a.ID == aid {
			return d, a, nil
		}
	}
	_, err = h.Findings.Action(c.Request().Context(), d.ID, aid) // the 404
	return nil, findings.NCAction{}, err
}

// patchAction answers PATCH /api/v1/nonconformities/{id}/actions/{aid}:
// the fields sent replace the action's, those left out keep theirs.
func (h *Corrective) patchAction(c echo.Context) error {
	d, a, err := h.loadAction(c)
	if err != nil {
		return err
	}
	in := findings.ActionInput{Description: a.Description, Owner: a.Owner, DueDate: a.DueDate}
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	act, err := h.Findings.EditAction(c.Request().Context(), d.ID, a.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, act)
}

// deleteAction answers DELETE /api/v1/nonconformities/{id}/actions/{aid}
// with the nonconformity as it is then.
func (h *Corrective) deleteAction(c echo.Context) error {
	d, a, err := h.loadAction(c)
	if err != nil {
		return err
	}
	if err := h.Findings.RemoveAction(c.Request().Context(), d.ID, a.ID); err != nil {
		return err
	}
	return h.answer(c, d.ID, http.StatusOK)
}

// postEditAction corrects an action from its form on the page; a refusal
// shows the form again, open, with what was typed.
func (h *Corrective) postEditAction(c echo.Context) error {
	d, a, err := h.loadAction(c)
	if err != nil {
		return err
	}
	in := findings.ActionInput{Description: c.FormValue("description"), Owner: c.FormValue("owner"), DueDate: c.FormValue("due_date")}
	if _, err := h.Findings.EditAction(c.Request().Context(), d.ID, a.ID, in); err != nil {
		return h.refused(c, fmt.Sprintf("edit:%d", a.ID), err, func(dd *ncDetailData) { dd.Edit = in })
	}
	return ncRedirect(c, "confirm.action.edited", d.ID, fmt.Sprintf("#action-%d", a.ID))
}

// actionRemoveData is the page that asks before an action is removed.
type actionRemoveData struct {
	NC     *findings.NCDetail
	Action findings.NCAction
	Units  map[string]string
}

// removeActionForm shows the action that would be removed; in a state
// where actions are fixed it answers as the removal would (409 on the
// nonconformity's page).
func (h *Corrective) removeActionForm(c echo.Context) error {
	d, a, err := h.loadAction(c)
	if err != nil {
		return err
	}
	if d.Status != findings.NCCauseAnalysed {
		return h.refused(c, "action", findings.ErrActionsClosed(d.Status), nil)
	}
	units, err := h.Units.UnitNames(c.Request().Context())
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "nc_action_remove", actionRemoveData{NC: d, Action: a, Units: units})
}

func (h *Corrective) postRemoveAction(c echo.Context) error {
	if c.FormValue("confirm") != "1" {
		return h.removeActionForm(c) // removing cannot be undone: ask first
	}
	d, a, err := h.loadAction(c)
	if err != nil {
		return err
	}
	if err := h.Findings.RemoveAction(c.Request().Context(), d.ID, a.ID); err != nil {
		return h.refused(c, "action", err, nil)
	}
	return ncRedirect(c, "confirm.action.removed", d.ID, "#actions")
}

// EditValues is what action a's edit form shows: what was typed when the
// form comes back refused, else the action as it is.
func (d *ncDetailData) EditValues(a findings.NCAction) findings.ActionInput {
	if d.Form == fmt.Sprintf("edit:%d", a.ID) {
		return d.Edit
	}
	return findings.ActionInput{Description: a.Description, Owner: a.Owner, DueDate: a.DueDate}
}

// Editing reports whether action a's edit form comes back refused.
func (d *ncDetailData) Editing(a findings.NCAction) bool {
	return d.Form == fmt.Sprintf("edit:%d", a.ID)
}
