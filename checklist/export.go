package checklist

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/tabular"
)

// The export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatJSON = "json"
)

// ContentType returns the MIME type of an export format.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/json; charset=utf-8"
}

// Write writes a version's items in the format (csv, xlsx or json), in the
// columns ParseFile reads, so that exporting then importing gives the same
// items.
func Write(w io.Writer, format string, v *Version) error {
	switch format {
	case FormatCSV:
		return WriteCSV(w, v.Items)
	case FormatXLSX:
		return WriteXLSX(w, v.Items)
	case FormatJSON:
		return WriteJSON(w, v)
	}
	return fmt.Errorf("checklist: unknown export format %q", format)
}

// record is an item's cells in the order of Columns.
func record(it Item) []string {
	failure := ""
	if it.Failure {
		failure = "yes"
	}
	return []string{it.Code, it.Clause, it.Kind, it.TextVI, it.TextEN, it.GuidanceVI, it.GuidanceEN, it.Unit, it.Target, failure,
		it.LegalRefsVI, it.LegalRefsEN}
}

// WriteCSV writes UTF-8 CSV with a byte-order mark, which Excel needs to
// read Vietnamese correctly, and CRLF line ends (RFC 4180), through
// tabular's writer: item texts are typed by the office and must never run
// as formulas. ParseFile reads the file back as it was.
func WriteCSV(w io.Writer, items []Item) error {
	return tabular.WriteCSV(w, append([][]string{Columns}, records(items)...))
}

// WriteXLSX writes one sheet with a bold, frozen header. Every cell is
// written as text, so that a target such as "=0" is never a formula and a
// code such as "01" keeps its zero.
func WriteXLSX(w io.Writer, items []Item) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Checklist"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range append([][]string{Columns}, records(items)...) {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	if err := styleSheet(f, sheet); err != nil {
		return err
	}
	return f.Write(w)
}

func records(items []Item) [][]string {
	out := make([][]string, len(items))
	for i, it := range items {
		out[i] = record(it)
	}
	return out
}

// styleSheet makes the sheet readable when opened: a bold frozen header,
// wide wrapped question columns.
func styleSheet(f *excelize.File, sheet string) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(Columns))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "D", "G", 60); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// WriteJSON writes {"name","version","items":[…]}, which ParseFile reads
// back (a bare array of items is read too).
func WriteJSON(w io.Writer, v *Version) error {
	out := struct {
		Name    string      `json:"name"`
		Version int         `json:"version"`
		Items   []ItemInput `json:"items"`
	}{Name: v.Name, Version: v.Number, Items: make([]ItemInput, len(v.Items))}
	for i, it := range v.Items {
		out.Items[i] = ItemInput{ID: it.Code, Clause: it.Clause, Kind: it.Kind, TextVI: it.TextVI, TextEN: it.TextEN,
			GuidanceVI: it.GuidanceVI, GuidanceEN: it.GuidanceEN, Unit: it.Unit, Target: it.Target, Failure: it.Failure,
			LegalRefsVI: it.LegalRefsVI, LegalRefsEN: it.LegalRefsEN}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a download, never inlined in a page: keep >=98 readable
	return enc.Encode(out)
}
