package pdfdoc

import "strings"

// Keeping the end of a document together (Decree 30/2020: never a page
// holding only the signatures). gofpdf cannot take back what it drew, so a
// document measures what must stay together first (the last heading and
// paragraph of its body, the signatures, the recipients) and calls Keep
// with the sum before drawing any of it: the last lines of the body then
// move to the next page with the signatures rather than leaving them alone.

// Keep starts a new page unless h millimetres fit below the current
// position, so that the next h millimetres drawn stay on one page.
func (d *Doc) Keep(h float64) { d.ensure(h) }

// measure runs f in the font (style, size) and puts the current font back.
func (d *Doc) measure(style string, size float64, f func() float64) float64 {
	if !d.ok() {
		return 0
	}
	oldStyle, oldSize := d.style, d.size
	d.Font(style, size)
	h := f()
	d.Font(oldStyle, oldSize)
	return h
}

// linesHeight is the height of text wrapped at w in the current font.
func (d *Doc) linesHeight(text string, w float64) float64 {
	n := 0
	for _, para := range splitKeep(d.fonts.Clean(text)) {
		n += len(d.wrap(para, w))
	}
	return float64(n) * d.lineH()
}

// ParaHeight is the height Para takes for text in the font (style, size).
func (d *Doc) ParaHeight(style string, size float64, text string) float64 {
	return d.measure(style, size, func() float64 { return d.linesHeight(text, ContentWidth) })
}

// HeadingHeight is the height Heading takes for text at size.
func (d *Doc) HeadingHeight(text string, size float64) float64 {
	return 2 + d.ParaHeight("B", size, text)
}

// SignaturesHeight is the height DrawSignatures takes for sigs.
func (d *Doc) SignaturesHeight(sigs []Signature) float64 {
	if len(sigs) == 0 {
		return 0
	}
	w := ContentWidth / float64(len(sigs))
	return d.measure("B", SizeSigner, func() float64 {
		h := 0.0
		for _, s := range sigs {
			h = max(h, d.linesHeight(strings.ToUpper(s.Title), w)+24+d.linesHeight(s.Name, w))
		}
		// DrawSignatures asks for at least three lines and the room to sign.
		return max(h, d.lineH()*3+30) + 4
	})
}

// RecipientsHeight is the height DrawRecipients takes for to.
func (d *Doc) RecipientsHeight(label string, to []string) float64 {
	h := d.measure("BI", SizeRecipientsLabel, func() float64 { return d.linesHeight(label, ContentWidth/2) })
	return h + d.measure("", SizeSmall, func() float64 {
		n := 0.0
		for _, t := range to {
			n += d.linesHeight("- "+t+";", ContentWidth/2)
		}
		return n
	})
}
