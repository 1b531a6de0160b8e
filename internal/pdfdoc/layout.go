package pdfdoc

// Align is a text alignment: "L", "C", "R" or "J" (justified).
type Align string

// Alignments.
const (
	Left    Align = "L"
	Center  Align = "C"
	Right   Align = "R"
	Justify Align = "J"
)

// ensure starts a new page unless h millimetres fit below the current
// position.
func (d *Doc) ensure(h float64) {
	if d.ok() && d.pdf.GetY()+h > d.bottom() {
		d.AddPage()
	}
}

// KeepLines starts a new page unless n lines of the current font fit below
// the current position: a heading is kept with what follows it.
func (d *Doc) KeepLines(n int) {
	d.ensure(d.lineH() * float64(n))
}

// Space moves down by h millimetres, or to a new page.
func (d *Doc) Space(h float64) {
	if !d.ok() {
		return
	}
	if d.pdf.GetY()+h > d.bottom() {
		d.AddPage()
		return
	}
	d.pdf.SetY(d.pdf.GetY() + h)
}

// Para draws a paragraph in the current font across the text width,
// breaking pages as needed.
func (d *Doc) Para(text string, align Align) {
	d.ParaAt(marginLeft, ContentWidth, text, align)
}

// ParaAt draws a paragraph at x, w wide. Justified lines are stretched
// except the last of each paragraph and lines of a single word.
func (d *Doc) ParaAt(x, w float64, text string, align Align) {
	text = d.fonts.Clean(text)
	lh := d.lineH()
	paras := splitKeep(text)
	for _, para := range paras {
		lines := d.wrap(para, w)
		for i, line := range lines {
			d.ensure(lh)
			if !d.ok() {
				return
			}
			a := align
			if a == Justify && (i == len(lines)-1 || !hasSpace(line)) {
				a = Left
			}
			d.pdf.SetXY(x, d.pdf.GetY())
			d.pdf.CellFormat(w, lh, line, "", 1, string(a), false, 0, "")
		}
	}
}

// Heading draws a bold line, kept with the next two lines.
func (d *Doc) Heading(text string, size float64) {
	d.Font("B", size)
	d.Space(2)
	d.ensure(d.lineH() * 3)
	d.Para(text, Left)
	d.Font("", SizeBody)
}

// Label draws "label: value" with the label bold, wrapping the value.
func (d *Doc) Label(label, value string) {
	d.Font("B", SizeBody)
	label = d.fonts.Line(label) + ": "
	lw := d.width(label)
	d.ensure(d.lineH())
	if !d.ok() {
		return
	}
	y := d.pdf.GetY()
	d.pdf.SetXY(marginLeft, y)
	d.pdf.CellFormat(lw, d.lineH(), label, "", 0, "L", false, 0, "")
	d.Font("", SizeBody)
	lines := d.wrap(d.fonts.Clean(value), ContentWidth-lw)
	for i, line := range lines {
		if i > 0 {
			d.ensure(d.lineH())
		}
		if !d.ok() {
			return
		}
		d.pdf.SetXY(marginLeft+lw, d.pdf.GetY())
		d.pdf.CellFormat(ContentWidth-lw, d.lineH(), line, "", 1, "L", false, 0, "")
	}
}

// Rule draws a horizontal line w wide centred on cx at the current y.
func (d *Doc) Rule(cx, w float64) {
	if d.ok() {
		y := d.pdf.GetY() + 0.5
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(cx-w/2, y, cx+w/2, y)
		d.pdf.SetY(y + 1.5)
	}
}

func hasSpace(s string) bool {
	for _, r := range s {
		if r == ' ' {
			return true
		}
	}
	return false
}

// splitKeep splits text at line breaks, keeping empty paragraphs.
func splitKeep(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '\n' {
			out = append(out, text[start:i])
			start = i + 1
		}
	}
	return append(out, text[start:])
}

// Ruled draws n dotted lines across the text width for handwriting.
func (d *Doc) Ruled(n int) {
	lh := 8.0
	for range n {
		d.ensure(lh)
		if !d.ok() {
			return
		}
		y := d.pdf.GetY() + lh - 1.5
		d.pdf.SetDrawColor(150, 150, 150)
		d.pdf.SetLineWidth(0.2)
		d.pdf.SetDashPattern([]float64{0.8, 1.2}, 0)
		d.pdf.Line(marginLeft, y, marginLeft+ContentWidth, y)
		d.pdf.SetDashPattern([]float64{}, 0)
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetY(d.pdf.GetY() + lh)
	}
}
