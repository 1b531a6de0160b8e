package procedures

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/web"
)

// exportHeader are the catalogue keys of the download's columns.
var exportHeader = []string{"procedures.col.unit", "procedures.col.unit_name", "procedures.col.gap", "procedures.col.kind",
	"procedures.col.code", "procedures.col.name", "procedures.col.detail"}

// exportRows lays the gaps of units out as the download's rows, in the
// viewer's language.
func (h *Handler) exportRows(lang string, units []UnitGaps) [][]string {
	head := make([]string, len(exportHeader))
	for i, k := range exportHeader {
		head[i] = h.Catalog.T(lang, k)
	}
	rows := [][]string{head}
	for _, u := range units {
		for _, g := range u.Gaps {
			detail := g.Detail
			if len(g.Sources) > 0 {
				var src []string
				for _, s := range g.Sources {
					src = append(src, h.Catalog.T(lang, "procedures.source."+s))
				}
				detail = strings.TrimPrefix(detail+"; "+strings.Join(src, ", "), "; ")
			}
			rows = append(rows, []string{u.Unit, u.UnitName, h.Catalog.T(lang, "procedures.gap."+g.Kind), g.Kind, g.Code, g.Name, detail})
		}
	}
	return rows
}

// writeExport answers the rows as CSV (UTF-8 with a byte-order mark, so
// that Excel reads the Vietnamese letters) or XLSX.
func writeExport(c echo.Context, base string, rows [][]string) error {
	switch c.QueryParam("format") {
	case "csv", "":
		// Procedure names and details come from imported files: the writer
		// keeps them from running as formulas.
		var buf bytes.Buffer
		if err := tabular.WriteCSV(&buf, rows); err != nil {
			return apperr.Wrap(err)
		}
		attach(c, base+".csv")
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	case "xlsx":
		b, err := xlsxOf(rows)
		if err != nil {
			return apperr.Wrap(err)
		}
		attach(c, base+".xlsx")
		return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
	}
	return apperr.InvalidFields(map[string]apperr.Msg{"format": apperr.M("procedures.bad_format")})
}

func attach(c echo.Context, name string) {
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
}

// xlsxOf writes rows to the first sheet of a workbook, every cell as text
// so that codes such as 1.004227 keep their form.
func xlsxOf(rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// exportAll is GET /procedures/export?format=csv|xlsx&lang=vi|en, every
// unit's gaps: Vietnamese unless lang=en, as every table the product
// exports (web.ExportLang); the pages' links carry their own language.
func (h *Handler) exportAll(c echo.Context) error {
	ov, err := h.Store.Overview(c.Request().Context())
	if err != nil {
		return err
	}
	lang, err := web.ExportLang(c)
	if err != nil {
		return err
	}
	return writeExport(c, "doi-chieu-tthc", h.exportRows(lang, ov.Units))
}

// exportUnit is GET /procedures/units/{code}/export, one unit's gaps, in
// the language exportAll's is.
func (h *Handler) exportUnit(c echo.Context) error {
	code := c.Param("code")
	if !CanSeeUnit(user(c), code) {
		return apperr.NotFoundThing("thing.unit")
	}
	lang, err := web.ExportLang(c)
	if err != nil {
		return err
	}
	ug, err := h.Store.Unit(c.Request().Context(), code)
	if err != nil {
		return err
	}
	return writeExport(c, "doi-chieu-tthc-"+code, h.exportRows(lang, []UnitGaps{ug}))
}
