package docx

import (
	"fmt"
	"strconv"
	"strings"
)

// Column is a table column as internal/pdfdoc's: its width in
// millimetres, its heading and how its cells align.
type Column struct {
	Width  float64
	Header string
	Align  Align
}

// Cell is one table cell: its text (lines split at "\n"), optionally
// bold, optionally shaded.
type Cell struct {
	Text string
	Bold bool
	Fill *RGB
}

// RGB is a cell's shading.
type RGB struct{ R, G, B int }

func (c RGB) hex() string { return fmt.Sprintf("%02X%02X%02X", c.R&0xff, c.G&0xff, c.B&0xff) }

// TableSize is the smallest size Decree 30 allows in a table, in points.
const TableSize = 11

// Table is a bordered table whose header row Word repeats at the top of
// every page it reaches.
type Table struct {
	Columns []Column
	Size    float64 // points; TableSize when zero or smaller
}

// Draw writes the header row and the rows, then a short space so that the
// next table does not join this one.
func (t *Table) Draw(d *Doc, rows [][]Cell) {
	size := max(t.Size, TableSize)
	widths := make([]float64, len(t.Columns))
	header := make([]Cell, len(t.Columns))
	for i, c := range t.Columns {
		widths[i], header[i] = c.Width, Cell{Text: c.Header, Bold: true, Fill: &RGB{235, 235, 235}}
	}
	b := &d.body
	tableStart(b, true, widths)
	t.row(b, header, size, true)
	for _, r := range rows {
		t.row(b, r, size, false)
	}
	b.WriteString("</w:tbl>")
	d.Space(2)
}

func (t *Table) row(b *strings.Builder, cells []Cell, size float64, header bool) {
	b.WriteString("<w:tr>")
	if header {
		b.WriteString("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
	}
	for i, col := range t.Columns {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(twips(col.Width)) + `" w:type="dxa"/>`)
		if c.Fill != nil {
			b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + c.Fill.hex() + `"/>`)
		}
		b.WriteString("</w:tcPr>")
		align := col.Align
		switch {
		case header:
			align = Center
		case align == "":
			align = Left
		}
		for _, line := range strings.Split(Clean(c.Text), "\n") {
			paragraph(b, pPr{align: align, noSpace: true, keepNext: header}, run{text: line, bold: c.Bold, size: size})
		}
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr>")
}
