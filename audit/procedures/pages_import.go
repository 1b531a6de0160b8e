package procedures

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// importKinds are the files the import page takes, with their columns.
var importKinds = []importKind{
	{"catalogue", "code, name, field, level, effective_date, legal_basis"},
	{Portal, "unit, code, name"},
	{OneStop, "unit, code, name"},
	{Processes, "unit, code, process_code, version, effective_date, name"},
	{"figures", strings.Join(FigureColumns, ", ")},
}

type importKind struct{ What, Columns string }

// importData is the import page; Failed names the form whose file was
// refused, so that its problems show beside it.
type importData struct {
	Kinds     []importKind
	Failed    string
	Catalogue *CatalogueInfo
}

func (h *Handler) importPage(c echo.Context) error {
	info, _, err := h.Store.Catalogue(c.Request().Context())
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_import", importData{Kinds: importKinds, Catalogue: info})
}

func (h *Handler) importFile(c echo.Context) error {
	what := c.Param("what")
	if what != "catalogue" && what != "figures" && !validKind(what) {
		return apperr.NotFoundThing("thing.procedure_list")
	}
	ctx := c.Request().Context()
	data, name, err := web.FormFile(c, "file")
	if err == nil {
		switch what {
		case "catalogue":
			var res CatalogueResult
			if res, err = h.Store.ImportCatalogue(ctx, name, data); err == nil {
				web.SetFlash(c, "procedures.catalogue_imported", "n", res.Procedures, "new", res.NewVersions, "dropped", res.Dropped)
				return c.Redirect(http.StatusSeeOther, "/procedures/catalogue")
			}
		case "figures":
			var n int
			if n, err = h.Store.ImportFigures(ctx, name, data); err == nil {
				web.SetFlash(c, "procedures.figures_imported", "n", n)
				return c.Redirect(http.StatusSeeOther, "/procedures/figures")
			}
		default:
			var res ListResult
			if res, err = h.Store.ImportList(ctx, what, name, data, ""); err == nil {
				web.SetFlash(c, "procedures.list_imported", "rows", res.Rows, "units", len(res.Units))
				return c.Redirect(http.StatusSeeOther, "/procedures")
			}
		}
	}
	info, _, ierr := h.Store.Catalogue(ctx)
	if ierr != nil {
		return ierr
	}
	return h.Views.RenderInvalid(c, "procedures_import", importData{Kinds: importKinds, Failed: what, Catalogue: info}, err)
}

// figuresData is the figures page: the target, every unit's figures, and
// for managers the entry form with what was typed.
type figuresData struct {
	Target    float64
	TargetIn  string
	Items     []FigureView
	Units     []unitRef
	In        map[string]string
	CanManage bool
}

func (h *Handler) figuresData(c echo.Context) (figuresData, error) {
	ctx := c.Request().Context()
	target, err := h.Store.Target(ctx)
	if err != nil {
		return figuresData{}, err
	}
	figs, err := h.Store.Figures(ctx, "")
	if err != nil {
		return figuresData{}, err
	}
	units, err := h.Store.units(ctx, "")
	if err != nil {
		return figuresData{}, err
	}
	d := figuresData{Target: target, TargetIn: strconv.FormatFloat(target, 'f', -1, 64), Units: units, In: map[string]string{},
		CanManage: canManage(user(c))}
	for _, f := range figs {
		d.Items = append(d.Items, f.View(target))
	}
	return d, nil
}

func (h *Handler) figuresPage(c echo.Context) error {
	d, err := h.figuresData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "procedures_figures", d)
}

func (h *Handler) saveFigures(c echo.Context) error {
	in := map[string]string{}
	for _, k := range FigureColumns {
		in[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := Figures{Unit: in["unit"], Period: StoredPeriod(in["period"])}
	fields := apperr.Fields{}
	for _, n := range []struct {
		k   string
		dst *int
	}{{"received", &f.Received}, {"on_time", &f.OnTime}, {"late", &f.Late}, {"paper", &f.Paper}, {"electronic", &f.Electronic}} {
		v, err := strconv.Atoi(in[n.k])
		if err != nil {
			fields.Add(n.k, apperr.M("procedures.file.not_a_count", "value", in[n.k]))
		}
		*n.dst = v
	}
	err := fields.Err()
	if err == nil {
		if err = h.Store.SaveFigures(c.Request().Context(), f); err == nil {
			web.SetFlash(c, "procedures.figures_saved", "unit", f.Unit, "period", h.Catalog.Period(web.Lang(c), f.Period))
			return c.Redirect(http.StatusSeeOther, "/procedures/figures")
		}
	}
	d, derr := h.figuresData(c)
	if derr != nil {
		return derr
	}
	d.In = in
	return h.Views.RenderInvalid(c, "procedures_figures", d, err)
}

func (h *Handler) saveTarget(c echo.Context) error {
	raw := strings.TrimSpace(strings.ReplaceAll(c.FormValue("target"), ",", "."))
	t, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t = -1 // refused below with the field named
	}
	if err = h.Store.SetTarget(c.Request().Context(), t); err == nil {
		web.SetFlash(c, "procedures.target_saved", "target", raw)
		return c.Redirect(http.StatusSeeOther, "/procedures/figures")
	}
	d, derr := h.figuresData(c)
	if derr != nil {
		return derr
	}
	d.TargetIn = c.FormValue("target")
	return h.Views.RenderInvalid(c, "procedures_figures", d, err)
}
