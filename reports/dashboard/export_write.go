package dashboard

import (
	"bytes"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// Number formats of the XLSX cells: a day as Vietnamese documents write
// it (the English pages too, i18n.DateShort), a score with its one decimal.
const (
	xlsxDayFormat   = "dd/mm/yyyy"
	xlsxScoreFormat = "0.0"
)

// csvDay writes a day in a CSV. Vietnamese: dd/mm/yyyy, as people read it
// and as Excel set to Vietnamese reads a date; English: ISO yyyy-mm-dd,
// which every tool reads the same way (a script wanting the stored form
// asks for lang=en). A value that is not a day comes as it is.
func csvDay(lang string, d Day) string {
	if lang == i18n.VI {
		return i18n.ShowDay(string(d))
	}
	return string(d)
}

// WriteCSV writes the table as UTF-8 CSV with a byte-order mark, so that
// Excel opens Vietnamese text correctly, through tabular's writer: names
// and statements are people's text and never run as formulas, while the
// figures the dashboard computed stay numbers (a decimal point in every
// language, so that scripts read them alike; the XLSX is the file for
// reading in Excel).
func WriteCSV(w io.Writer, t Table) error {
	cw := tabular.NewCSVWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]any, 0, len(t.Header))
	for _, row := range t.Rows {
		rec = rec[:0]
		for _, v := range row {
			switch x := v.(type) {
			case Day:
				v = csvDay(t.Lang, x)
			case Score:
				v = tabular.Fixed{Value: float64(x), Places: 1}
			}
			rec = append(rec, v)
		}
		if err := cw.WriteValues(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// xlsxStyles are the styles of the cells that are not plain.
type xlsxStyles struct{ head, day, score int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return s, err
	}
	day, num := xlsxDayFormat, xlsxScoreFormat
	if s.day, err = f.NewStyle(&excelize.Style{CustomNumFmt: &day}); err != nil {
		return s, err
	}
	s.score, err = f.NewStyle(&excelize.Style{CustomNumFmt: &num})
	return s, err
}

// xlsxCell is a cell of the sheet with its text's width: numbers as
// numbers, a day as a date, text as text, an empty cell left out.
func (s xlsxStyles) cell(v any) (any, int) {
	switch x := v.(type) {
	case Day:
		d, err := time.Parse(time.DateOnly, string(x))
		if err != nil { // none, or not a day: as it is
			return textCell(string(x))
		}
		return excelize.Cell{StyleID: s.day, Value: d}, len(xlsxDayFormat)
	case Score:
		return excelize.Cell{StyleID: s.score, Value: float64(x)}, len(fmt.Sprintf("%.1f", float64(x)))
	case string:
		return textCell(x)
	}
	return v, len(fmt.Sprint(v))
}

func textCell(s string) (any, int) {
	if s == "" {
		return nil, 0
	}
	return s, utf8.RuneCountInString(s)
}

// Column widths, in characters: wide enough for the longest value, within
// bounds so that a long statement does not push the rest off screen.
const (
	minColWidth = 6
	maxColWidth = 60
)

// WriteXLSX writes the table as one sheet named in the table's language:
// whole numbers and scores (one decimal) as numbers, days as dates shown
// dd/mm/yyyy, text as text; the header row bold and frozen, each column as
// wide as its content needs.
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if sheet == "" {
		sheet = t.Name
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	widths := make([]int, len(t.Header))
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: st.head, Value: h}
		widths[i] = utf8.RuneCountInString(h)
	}
	rows := make([][]any, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = make([]any, len(row))
		for j, v := range row {
			var n int
			rows[i][j], n = st.cell(v)
			if j < len(widths) {
				widths[j] = max(widths[j], n)
			}
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, n := range widths { // before any row, as the stream writer needs
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(n+2, minColWidth), maxColWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}
