package checklist

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// pageRoutes registers the pages: reading, printing and comparing for
// auditors too; importing and editing drafts for the office and admins.
func (h *Handler) pageRoutes(r *web.Router) {
	const one = "/checklists/:id"
	const draft = one + "/draft"
	r.GET("/checklists", h.listPage, readers)
	r.POST("/checklists/import", h.importPage, managers)
	r.GET(one, h.viewPage, readers)
	r.GET(one+"/print", h.printPage, readers)
	r.GET(one+"/diff", h.diffPage, readers)
	r.POST(draft, h.startDraftPage, managers)
	r.GET(draft, h.draftPage, managers)
	r.POST(draft+"/publish", h.publishPage, managers)
	r.POST(draft+"/discard", h.discardPage, managers)
	r.GET(draft+"/new-item", h.newItemPage, managers)
	r.POST(draft+"/items", h.addItemPage, managers)
	r.GET(draft+"/items/:code", h.editItemPage, managers)
	r.POST(draft+"/items/:code", h.saveItemPage, managers)
	r.POST(draft+"/items/:code/move", h.moveItemPage, managers)
	r.POST(draft+"/items/:code/remove", h.removeItemPage, managers)
	r.POST(draft+"/exclusions", h.excludePage, managers)
	r.POST(draft+"/exclusions/:clause/remove", h.includePage, managers)
	if h.Views != nil && h.Views.Shell != nil {
		h.Views.Shell.AddNav(web.NavEntry{Path: "/checklists", Label: "nav.checklists", Roles: readers.Roles,
			Order: web.NavOrderPlan + 5, Hint: "checklist.hint", HomeRoles: []string{role.Office}})
	}
}

func checklistPath(id int64) string { return "/checklists/" + strconv.FormatInt(id, 10) }

// section is a run of items under one top-level clause (4…10, VN).
type section struct {
	Code  string
	Title string
	Items []itemView
}

// itemView is an item with what a page shows beside it.
type itemView struct {
	Item
	ClauseTitle string // the grouping clause's title
	Excluded    string // why its clause is not applicable, "" when it is
}

// exclusionView is a clause marked not applicable.
type exclusionView struct {
	Clause, Title, Reason string
}

// layout groups items into sections and names each clause in lang.
type layout struct {
	Sections   []section
	Exclusions []exclusionView
}

func (h *Handler) layout(ctx context.Context, v *Version, items []Item, lang string) (layout, error) {
	cs, err := h.Store.Clauses(ctx)
	if err != nil {
		return layout{}, err
	}
	titles := make(map[string]string, len(cs))
	for _, c := range cs {
		titles[c.Code] = c.Title(lang)
	}
	var out layout
	for _, it := range items {
		if n := len(out.Sections); n == 0 || out.Sections[n-1].Code != it.Section() {
			out.Sections = append(out.Sections, section{Code: it.Section(), Title: titles[it.Section()]})
		}
		reason, _ := v.Exclusion(it)
		s := &out.Sections[len(out.Sections)-1]
		s.Items = append(s.Items, itemView{Item: it, ClauseTitle: titles[it.GroupClause()], Excluded: reason})
	}
	for _, c := range sortedClauses(v.NotApplicable) {
		out.Exclusions = append(out.Exclusions, exclusionView{Clause: c, Title: titles[c], Reason: v.NotApplicable[c]})
	}
	return out, nil
}

// listData is the list of checklists with the import form.
type listData struct {
	Checklists []Checklist
	Query      string
	Name       string
	CanEdit    bool
	Columns    []string
	MaxSize    int
}

func (h *Handler) listData(c echo.Context) (*listData, error) {
	q := c.QueryParam("q")
	cs, err := h.Store.List(c.Request().Context(), q)
	if err != nil {
		return nil, err
	}
	return &listData{Checklists: cs, Query: q, CanEdit: canEdit(c), Columns: Columns, MaxSize: web.MaxUploadSize}, nil
}

func (h *Handler) listPage(c echo.Context) error {
	d, err := h.listData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "checklists", d)
}

// importPage imports a file posted from the list page; every problem of a
// refused file is listed there by line and column.
func (h *Handler) importPage(c echo.Context) error {
	name := c.FormValue("name")
	cl, err := h.importUpload(c, name)
	if err != nil {
		d, derr := h.listData(c)
		if derr != nil {
			return derr
		}
		d.Name = name
		return h.Views.RenderInvalid(c, "checklists", d, err)
	}
	web.SetFlash(c, "checklist.flash_imported", "name", cl.Name, "n", cl.Items)
	return c.Redirect(http.StatusSeeOther, checklistPath(cl.ID))
}

func (h *Handler) importUpload(c echo.Context, name string) (Checklist, error) {
	b, filename, err := web.FormFile(c, "file")
	if err != nil {
		return Checklist{}, err
	}
	return h.importFile(c.Request().Context(), b, filename, name)
}

// viewData is one version of a checklist, as read or printed.
type viewData struct {
	Checklist Checklist
	Version   *Version
	layout
	Versions []VersionInfo
	Query    string
	Shown    int
	CanEdit  bool
}

// viewData loads the version asked for (?version=N, else the latest
// published), narrowed by ?q=.
func (h *Handler) viewData(c echo.Context) (*viewData, error) {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	cl, err := h.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := h.exportVersion(c, id, c.QueryParam("version"))
	if err != nil {
		return nil, asNotFound(err)
	}
	d := &viewData{Checklist: cl, Version: v, Query: c.QueryParam("q"), CanEdit: canEdit(c)}
	items := Filter(v.Items, d.Query)
	d.Shown = len(items)
	if d.layout, err = h.layout(ctx, v, items, web.Lang(c)); err != nil {
		return nil, err
	}
	if d.Versions, err = h.visibleVersions(c, id); err != nil {
		return nil, err
	}
	return d, nil
}

// asNotFound turns a bad ?version= into the page not found: on a page, a
// mistyped link is a missing page rather than a form to correct.
func asNotFound(err error) error {
	if apperr.KindOf(err) == apperr.Invalid {
		return apperr.NotFoundThing("thing.checklist_version")
	}
	return err
}

func (h *Handler) visibleVersions(c echo.Context, id int64) ([]VersionInfo, error) {
	vs, err := h.Store.Versions(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	var out []VersionInfo
	for _, v := range vs {
		if v.Status == StatusPublished || canEdit(c) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (h *Handler) viewPage(c echo.Context) error {
	d, err := h.viewData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "checklist", d)
}

// printPage is the blank checklist on paper, the fallback when a tablet
// fails in the field.
func (h *Handler) printPage(c echo.Context) error {
	d, err := h.viewData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "checklist_print", d)
}

// diffData is what changed between two versions.
type diffData struct {
	Checklist Checklist
	Diff      Diff
	From, To  *Version
	Versions  []VersionInfo
	Titles    map[string]string
}

func (h *Handler) diffPage(c echo.Context) error {
	diff, from, to, err := h.diffParams(c)
	if err != nil {
		return asNotFound(err)
	}
	cl, err := h.Store.Get(c.Request().Context(), from.ChecklistID)
	if err != nil {
		return err
	}
	d := &diffData{Checklist: cl, Diff: diff, From: from, To: to, Titles: map[string]string{}}
	if d.Versions, err = h.visibleVersions(c, cl.ID); err != nil {
		return err
	}
	cs, err := h.Store.Clauses(c.Request().Context())
	if err != nil {
		return err
	}
	for _, cc := range cs {
		d.Titles[cc.Code] = cc.Title(web.Lang(c))
	}
	return h.Views.Render(c, http.StatusOK, "checklist_diff", d)
}
