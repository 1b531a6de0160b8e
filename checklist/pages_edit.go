package checklist

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The draft editor: every change is a small form post answered with a
// redirect back to the item changed (post/redirect/get), so a tablet keeps
// its place in a long list and a reload never repeats a change.

func draftPath(id int64) string { return checklistPath(id) + "/draft" }

func itemAnchor(id int64, code string) string {
	return draftPath(id) + "#item-" + url.PathEscape(code)
}

// draftOf returns the checklist id of the path and its draft. Returns
// apperr.NotFound when there is no draft.
func (h *Handler) draftOf(c echo.Context) (int64, *Version, error) {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return 0, nil, err
	}
	v, err := h.Store.Draft(c.Request().Context(), id)
	return id, v, err
}

func (h *Handler) startDraftPage(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	v, created, err := h.Store.StartDraft(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if created {
		web.SetFlash(c, "checklist.flash_draft_started", "version", v.Number)
	}
	return c.Redirect(http.StatusSeeOther, draftPath(id))
}

// draftData is the draft editor.
type draftData struct {
	Checklist Checklist
	Version   *Version
	layout
	Clauses []Clause
	Base    int // the latest published version the draft is compared with
	Changes int // how many items and exclusions differ from it
}

func (h *Handler) draftData(c echo.Context) (*draftData, error) {
	id, v, err := h.draftOf(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	cl, err := h.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &draftData{Checklist: cl, Version: v, Base: cl.Version}
	if d.layout, err = h.layout(ctx, v, v.Items, web.Lang(c)); err != nil {
		return nil, err
	}
	if d.Clauses, err = h.Store.Clauses(ctx); err != nil {
		return nil, err
	}
	if base, err := h.Store.Published(ctx, id); err == nil {
		diff := Compare(base, v)
		d.Changes = len(diff.Items) + len(diff.NotApplicable)
	}
	return d, nil
}

// draftPage shows the editor, or sends to the checklist when it has no
// draft (after a publish in another tab, say).
func (h *Handler) draftPage(c echo.Context) error {
	d, err := h.draftData(c)
	if apperr.KindOf(err) == apperr.NotFound {
		if id, perr := web.PathID(c, "id", "thing.checklist"); perr == nil {
			return c.Redirect(http.StatusSeeOther, checklistPath(id))
		}
	}
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "checklist_draft", d)
}

// invalidDraft shows the editor again with what went wrong.
func (h *Handler) invalidDraft(c echo.Context, err error) error {
	d, derr := h.draftData(c)
	if derr != nil {
		return derr
	}
	return h.Views.RenderInvalid(c, "checklist_draft", d, err)
}

func (h *Handler) publishPage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	if _, err := h.Store.Publish(c.Request().Context(), id, v.Number); err != nil {
		return h.invalidDraft(c, err)
	}
	web.SetFlash(c, "checklist.flash_published", "version", v.Number)
	return c.Redirect(http.StatusSeeOther, checklistPath(id))
}

func (h *Handler) discardPage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	if err := h.Store.Discard(c.Request().Context(), id, v.Number); err != nil {
		return err
	}
	web.SetFlash(c, "checklist.flash_discarded", "version", v.Number)
	return c.Redirect(http.StatusSeeOther, checklistPath(id))
}

func (h *Handler) moveItemPage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	code := c.Param("code")
	if _, err := h.Store.MoveItem(c.Request().Context(), id, v.Number, code, delta(c.FormValue("dir"))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, itemAnchor(id, code))
}

func (h *Handler) removeItemPage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	code := c.Param("code")
	if err := h.Store.RemoveItem(c.Request().Context(), id, v.Number, code); err != nil {
		return err
	}
	web.SetFlash(c, "checklist.flash_removed", "code", code)
	return c.Redirect(http.StatusSeeOther, draftPath(id))
}

func (h *Handler) excludePage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	clause := c.FormValue("clause")
	if err := h.Store.SetNotApplicable(c.Request().Context(), id, v.Number, clause, c.FormValue("reason")); err != nil {
		return h.invalidDraft(c, err)
	}
	web.SetFlash(c, "checklist.flash_excluded", "clause", normalizeClause(clause))
	return c.Redirect(http.StatusSeeOther, draftPath(id)+"#exclusions")
}

func (h *Handler) includePage(c echo.Context) error {
	id, v, err := h.draftOf(c)
	if err != nil {
		return err
	}
	if err := h.Store.ClearNotApplicable(c.Request().Context(), id, v.Number, c.Param("clause")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, draftPath(id)+"#exclusions")
}

// itemData is the form of one item of the draft.
type itemData struct {
	Checklist Checklist
	Version   *Version
	In        Item
	OldCode   string // "" when adding
	Clauses   []Clause
}

func (h *Handler) itemData(c echo.Context, in Item, oldCode string) (*itemData, error) {
	id, v, err := h.draftOf(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	cl, err := h.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := h.Store.Clauses(ctx)
	if err != nil {
		return nil, err
	}
	return &itemData{Checklist: cl, Version: v, In: in, OldCode: oldCode, Clauses: cs}, nil
}

func (h *Handler) newItemPage(c echo.Context) error {
	d, err := h.itemData(c, Item{Kind: KindCheck}, "")
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "checklist_item", d)
}

func (h *Handler) editItemPage(c echo.Context) error {
	d, err := h.itemData(c, Item{}, c.Param("code"))
	if err != nil {
		return err
	}
	it, ok := d.Version.Item(d.OldCode)
	if !ok {
		return notFoundItem()
	}
	d.In, d.OldCode = it, it.Code
	return h.Views.Render(c, http.StatusOK, "checklist_item", d)
}

// itemFromForm copies the posted fields, named as the import columns.
func itemFromForm(c echo.Context) Item {
	return ItemInput{
		ID: c.FormValue("id"), Clause: c.FormValue("clause"), Kind: c.FormValue("kind"),
		TextVI: c.FormValue("text_vi"), TextEN: c.FormValue("text_en"),
		GuidanceVI: c.FormValue("guidance_vi"), GuidanceEN: c.FormValue("guidance_en"),
		LegalRefsVI: c.FormValue("legal_refs_vi"), LegalRefsEN: c.FormValue("legal_refs_en"),
		Unit: c.FormValue("unit"), Target: c.FormValue("target"), Failure: c.FormValue("failure") != "",
	}.Item()
}

func (h *Handler) addItemPage(c echo.Context) error {
	return h.saveItemForm(c, "")
}

func (h *Handler) saveItemPage(c echo.Context) error {
	return h.saveItemForm(c, c.Param("code"))
}

// saveItemForm stores the posted item, or shows the form again with what
// is wrong next to each field.
func (h *Handler) saveItemForm(c echo.Context, oldCode string) error {
	in := itemFromForm(c)
	d, err := h.itemData(c, in, oldCode)
	if err != nil {
		return err
	}
	it, err := h.Store.SaveItem(c.Request().Context(), d.Checklist.ID, d.Version.Number, oldCode, in)
	if err != nil {
		return h.Views.RenderInvalid(c, "checklist_item", d, err)
	}
	web.SetFlash(c, "checklist.flash_saved", "code", it.Code)
	return c.Redirect(http.StatusSeeOther, itemAnchor(d.Checklist.ID, it.Code))
}

func notFoundItem() error { return apperr.NotFoundThing("thing.checklist_item") }
