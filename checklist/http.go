package checklist

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Handler serves the checklist API and pages.
type Handler struct {
	Store *Store
	Views *web.Views
}

// Mount registers the checklist API and pages on a booted server; it has
// the shape of webtest.Mounter. Seeding is separate (Seed), run once at
// start-up.
func Mount(s *web.Server, r *web.Router, store *Store) {
	(&Handler{Store: store, Views: s.Views}).Routes(r)
}

// Who may do what (CONTRACT.md): checklists are managed by admin and
// office and read by auditors; auditees have no use for them.
var (
	readers  = web.Roles(role.Admin, role.Office, role.Auditor)
	managers = web.Roles(role.Admin, role.Office)
)

// Routes registers the API and the pages with their rules.
func (h *Handler) Routes(r *web.Router) {
	const one = "/api/v1/checklists/:id"
	const version = one + "/versions/:n"
	r.GET("/api/v1/clauses", h.apiClauses, readers)
	r.GET("/api/v1/checklists", h.apiList, readers)
	r.POST("/api/v1/checklists/import", h.apiImport, managers)
	r.GET(one, h.apiGet, readers)
	r.GET(one+"/export", h.apiExport, readers)
	r.GET(one+"/diff", h.apiDiff, readers)
	r.GET(one+"/versions", h.apiVersions, readers)
	r.POST(one+"/versions", h.apiStartDraft, managers)
	r.GET(version, h.apiVersion, readers)
	r.DELETE(version, h.apiDiscard, managers)
	r.POST(version+"/publish", h.apiPublish, managers)
	r.PUT(version+"/items/:code", h.apiPutItem, managers)
	r.DELETE(version+"/items/:code", h.apiDeleteItem, managers)
	r.POST(version+"/items/:code/move", h.apiMoveItem, managers)
	r.PUT(version+"/not-applicable/:clause", h.apiExclude, managers)
	r.DELETE(version+"/not-applicable/:clause", h.apiInclude, managers)
	h.pageRoutes(r)
}

// canEdit reports whether the caller manages checklists and so may see
// drafts; to anyone else a draft does not exist.
func canEdit(c echo.Context) bool {
	v := web.ViewerOf(c)
	return v != nil && (v.Role == role.Admin || v.Role == role.Office)
}

// itemJSON is an item in the API: the keys of CONTRACT.md (id is the code),
// then the measure's unit and target, the failure mark, the position and
// the legal references.
type itemJSON struct {
	ID         string `json:"id"`
	Clause     string `json:"clause"`
	Kind       string `json:"kind"`
	TextVI     string `json:"text_vi"`
	TextEN     string `json:"text_en"`
	GuidanceVI string `json:"guidance_vi"`
	GuidanceEN string `json:"guidance_en"`
	Unit       string `json:"unit"`
	Target     string `json:"target"`
	Failure    bool   `json:"failure"`
	Position   int    `json:"position"`
	// The legal references, Vietnamese and English (version 2 on).
	LegalRefsVI string `json:"legal_refs_vi"`
	LegalRefsEN string `json:"legal_refs_en"`
}

func toJSON(it Item) itemJSON {
	return itemJSON{ID: it.Code, Clause: it.Clause, Kind: it.Kind, TextVI: it.TextVI, TextEN: it.TextEN,
		GuidanceVI: it.GuidanceVI, GuidanceEN: it.GuidanceEN, Unit: it.Unit, Target: it.Target,
		Failure: it.Failure, Position: it.Position, LegalRefsVI: it.LegalRefsVI, LegalRefsEN: it.LegalRefsEN}
}

type exclusionJSON struct {
	Clause string `json:"clause"`
	Reason string `json:"reason"`
}

// versionJSON is a checklist with one version's items: id is the
// checklist's, version_id the checklist_versions row an audit pins.
type versionJSON struct {
	ID            int64           `json:"id"`
	Name          string          `json:"name"`
	Version       int             `json:"version"`
	VersionID     int64           `json:"version_id"`
	Status        string          `json:"status"`
	PublishedAt   time.Time       `json:"published_at,omitzero"`
	Items         []itemJSON      `json:"items"`
	NotApplicable []exclusionJSON `json:"not_applicable"`
}

func versionBody(v *Version, items []Item) versionJSON {
	out := versionJSON{ID: v.ChecklistID, Name: v.Name, Version: v.Number, VersionID: v.ID, Status: v.Status,
		PublishedAt: v.PublishedAt, Items: make([]itemJSON, len(items)), NotApplicable: []exclusionJSON{}}
	for i, it := range items {
		out.Items[i] = toJSON(it)
	}
	for _, c := range sortedClauses(v.NotApplicable) {
		out.NotApplicable = append(out.NotApplicable, exclusionJSON{Clause: c, Reason: v.NotApplicable[c]})
	}
	return out
}

func (h *Handler) apiClauses(c echo.Context) error {
	cs, err := h.Store.Clauses(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cs)
}

func (h *Handler) apiList(c echo.Context) error {
	limit, err := intParam(c, "limit", 0)
	if err != nil || limit < 0 {
		return apperr.InvalidFields(map[string]apperr.Msg{"limit": apperr.M("validation.type")})
	}
	cs, err := h.Store.List(c.Request().Context(), c.QueryParam("q"))
	if err != nil {
		return err
	}
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit] // CONTRACT.md: every match unless limit is given
	}
	if !canEdit(c) {
		for i := range cs {
			cs[i].Draft = 0
		}
	}
	return c.JSON(http.StatusOK, cs)
}

// apiGet answers the latest published version, its items narrowed by q.
func (h *Handler) apiGet(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	v, err := h.Store.Published(c.Request().Context(), id)
	if err != nil {
		return notFoundAsChecklist(err)
	}
	return c.JSON(http.StatusOK, versionBody(v, Filter(v.Items, c.QueryParam("q"))))
}

// notFoundAsChecklist names the checklist, not a version, when a checklist
// id leads nowhere.
func notFoundAsChecklist(err error) error {
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.NotFoundThing("thing.checklist")
	}
	return err
}

func (h *Handler) apiVersion(c echo.Context) error {
	v, err := h.versionParam(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, versionBody(v, Filter(v.Items, c.QueryParam("q"))))
}

// versionParam loads the version named by :id and :n, hiding drafts from
// those who may not edit.
func (h *Handler) versionParam(c echo.Context) (*Version, error) {
	id, n, err := idAndNumber(c)
	if err != nil {
		return nil, err
	}
	return h.visibleVersion(c, id, n)
}

func (h *Handler) visibleVersion(c echo.Context, id int64, n int) (*Version, error) {
	v, err := h.Store.VersionNumber(c.Request().Context(), id, n)
	if err != nil {
		return nil, err
	}
	if !v.Published() && !canEdit(c) {
		return nil, apperr.NotFoundThing("thing.checklist_version")
	}
	return v, nil
}

func (h *Handler) apiVersions(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	vs, err := h.Store.Versions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	out := []VersionInfo{}
	for _, v := range vs {
		if v.Status == StatusPublished || canEdit(c) {
			out = append(out, v)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// importResult is what an import answers (CONTRACT.md).
type importResult struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
}

func (h *Handler) apiImport(c echo.Context) error {
	b, filename, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	cl, err := h.importFile(c.Request().Context(), b, filename, c.FormValue("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, importResult{ID: cl.ID, Version: cl.Version})
}

// importFile validates the whole file, then stores it as a new checklist.
// The name is the one given, else the file's own, else the file name.
func (h *Handler) importFile(ctx context.Context, b []byte, filename, name string) (Checklist, error) {
	cs, err := h.Store.Clauses(ctx)
	if err != nil {
		return Checklist{}, err
	}
	p, err := ParseFile(b, ClauseSet(cs))
	if err != nil {
		return Checklist{}, err
	}
	if text.Clean(name) == "" {
		name = p.Name
	}
	if text.Clean(name) == "" {
		name = defaultName(filename)
	}
	return h.Store.Import(ctx, name, p.Items)
}

// defaultName names an imported checklist after its file, cut to MaxName.
func defaultName(filename string) string {
	base := text.Clean(strings.TrimSuffix(path.Base(strings.ReplaceAll(filename, `\`, "/")), path.Ext(filename)))
	if base == "" || base == "." || base == "/" {
		base = "Danh mục kiểm tra"
	}
	if r := []rune(base); len(r) > MaxName {
		base = string(r[:MaxName])
	}
	return base
}

func (h *Handler) apiExport(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	format, err := exportFormat(c.QueryParam("format"))
	if err != nil {
		return err
	}
	v, err := h.exportVersion(c, id, c.QueryParam("version"))
	if err != nil {
		return err
	}
	return sendExport(c, format, v)
}

func exportFormat(s string) (string, error) {
	switch s {
	case "", FormatCSV:
		return FormatCSV, nil
	case FormatXLSX, FormatJSON:
		return s, nil
	}
	return "", apperr.InvalidFields(map[string]apperr.Msg{"format": apperr.M("validation.oneof", "param", "csv xlsx json")})
}

// exportVersion is version n when given, else the latest published one.
func (h *Handler) exportVersion(c echo.Context, id int64, n string) (*Version, error) {
	if n == "" {
		v, err := h.Store.Published(c.Request().Context(), id)
		return v, notFoundAsChecklist(err)
	}
	num, err := strconv.Atoi(n)
	if err != nil || num <= 0 {
		return nil, apperr.InvalidFields(map[string]apperr.Msg{"version": apperr.M("validation.type")})
	}
	return h.visibleVersion(c, id, num)
}

func sendExport(c echo.Context, format string, v *Version) error {
	var buf strings.Builder
	if err := Write(&buf, format, v); err != nil {
		return apperr.Wrap(err)
	}
	name := fmt.Sprintf("checklist-%d-v%d.%s", v.ChecklistID, v.Number, format)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, ContentType(format), []byte(buf.String()))
}

func (h *Handler) apiDiff(c echo.Context) error {
	d, _, _, err := h.diffParams(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// diffParams compares versions from and to (query parameters): by default
// the newest version the caller may see against the one before it.
func (h *Handler) diffParams(c echo.Context) (Diff, *Version, *Version, error) {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return Diff{}, nil, nil, err
	}
	cl, err := h.Store.Get(c.Request().Context(), id)
	if err != nil {
		return Diff{}, nil, nil, err
	}
	to := cl.Version
	if cl.Draft > 0 && canEdit(c) {
		to = cl.Draft
	}
	to, errTo := intParam(c, "to", to)
	from, errFrom := intParam(c, "from", to-1)
	if errTo != nil || errFrom != nil || from < 1 || to < 1 {
		return Diff{}, nil, nil, apperr.InvalidFields(map[string]apperr.Msg{"from": apperr.M("checklist.diff_versions")})
	}
	a, err := h.visibleVersion(c, id, from)
	if err != nil {
		return Diff{}, nil, nil, err
	}
	b, err := h.visibleVersion(c, id, to)
	if err != nil {
		return Diff{}, nil, nil, err
	}
	return Compare(a, b), a, b, nil
}

func intParam(c echo.Context, name string, def int) (int, error) {
	s := c.QueryParam(name)
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

func (h *Handler) apiStartDraft(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return err
	}
	v, created, err := h.Store.StartDraft(c.Request().Context(), id)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, versionBody(v, v.Items))
}

func (h *Handler) apiPublish(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	v, err := h.Store.Publish(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, versionBody(v, v.Items))
}

// idAndNumber reads :id, a checklist, and :n, the number of one of its
// versions; a malformed one names nothing, so it is not found.
func idAndNumber(c echo.Context) (int64, int, error) {
	id, err := web.PathID(c, "id", "thing.checklist")
	if err != nil {
		return 0, 0, err
	}
	n, err := web.PathID(c, "n", "thing.checklist_version")
	return id, int(n), err
}

func (h *Handler) apiDiscard(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	if err := h.Store.Discard(c.Request().Context(), id, n); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
