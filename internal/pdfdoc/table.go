package pdfdoc

// Column is a table column: its width in millimetres, its heading and how
// its cells align.
type Column struct {
	Width  float64
	Header string
	Align  Align
}

// Cell is one table cell: its text, optionally bold, optionally shaded
// (Fill is a grey or RGB level; nil leaves it white).
type Cell struct {
	Text string
	Bold bool
	Fill *RGB
}

// RGB is a fill colour.
type RGB struct{ R, G, B int }

// Table is a table drawn across pages: wrapped cells, the header row
// repeated at the top of every page the table reaches, and rows taller
// than what is left of a page continued on the next.
type Table struct {
	Columns []Column
	Size    float64 // font size in points; SizeTable when zero
}

// cellPad is a cell's padding above and below its text, cellPadX left
// and right. Neighbouring cells' text is 2*cellPadX apart: at 11 pt a
// narrower gap is read by text extractors (pdftotext, screen readers) as
// a space, joining a wrapped cell's line to the next column's.
const (
	cellPad  = 1.2
	cellPadX = 1.6
)

// Draw draws the rows.
func (t *Table) Draw(d *Doc, rows [][]Cell) {
	size := t.Size
	if size == 0 {
		size = SizeTable
	}
	d.Font("", size)
	header := make([]Cell, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = Cell{Text: c.Header, Bold: true, Fill: &RGB{230, 230, 230}}
	}
	d.ensure(d.lineH()*4 + 4*cellPad)
	t.row(d, header, size, nil)
	for _, r := range rows {
		t.row(d, r, size, header)
	}
	d.Font("", SizeBody)
}

// row draws one row, continuing it on the next page (under the header row
// again) when it does not fit.
func (t *Table) row(d *Doc, cells []Cell, size float64, header []Cell) {
	lines := make([][]string, len(t.Columns))
	n := 0
	for i, col := range t.Columns {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		d.Font(styleOf(c.Bold), size)
		lines[i] = d.wrap(d.fonts.Clean(c.Text), col.Width-2*cellPadX)
		n = max(n, len(lines[i]))
	}
	lh := size * ptToMM * 1.25
	for from := 0; from < n || (n == 0 && from == 0); {
		if !d.ok() {
			return
		}
		room := int((d.bottom() - d.pdf.GetY() - 2*cellPad) / lh)
		if room < min(n-from, 2) || room < 1 {
			d.AddPage()
			if header != nil {
				t.row(d, header, size, nil)
			}
			room = int((d.bottom() - d.pdf.GetY() - 2*cellPad) / lh)
			room = max(room, 1)
		}
		to := min(n, from+room)
		t.slice(d, cells, lines, from, to, lh, size)
		if n == 0 {
			return
		}
		from = to
	}
}

// slice draws lines[from:to] of every cell of a row as one band.
func (t *Table) slice(d *Doc, cells []Cell, lines [][]string, from, to int, lh, size float64) {
	pdf := d.pdf
	y := pdf.GetY()
	h := float64(max(to-from, 1))*lh + 2*cellPad
	x := marginLeft
	pdf.SetLineWidth(0.2)
	for i, col := range t.Columns {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		style := "D"
		if c.Fill != nil {
			pdf.SetFillColor(c.Fill.R, c.Fill.G, c.Fill.B)
			style = "FD"
		}
		pdf.Rect(x, y, col.Width, h, style)
		d.Font(styleOf(c.Bold), size)
		for k := from; k < to && k < len(lines[i]); k++ {
			pdf.SetXY(x+cellPadX, y+cellPad+float64(k-from)*lh)
			pdf.CellFormat(col.Width-2*cellPadX, lh, lines[i][k], "", 0, string(alignOr(col.Align)), false, 0, "")
		}
		x += col.Width
	}
	pdf.SetXY(marginLeft, y+h)
}

func styleOf(bold bool) string {
	if bold {
		return "B"
	}
	return ""
}

func alignOr(a Align) Align {
	if a == "" || a == Justify {
		return Left
	}
	return a
}
