package docx

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Heading is the top of an official document (Decree 30/2020/NĐ-CP), as
// internal/pdfdoc's Heading: the parent and issuing bodies with the
// number on the left, the national title and motto with the place and
// date on the right, then the document's kind and subject.
type Heading struct {
	ParentBody  string
	IssuingBody string
	Number      string // "Số: 12/BC-ĐGNB", already labelled
	NationalA   string // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
	NationalB   string // Độc lập - Tự do - Hạnh phúc
	PlaceDate   string
	Kind        string // BÁO CÁO
	Subject     string
}

// The heading's columns, in millimetres, as the PDF draws them.
const (
	headLeft  = 70.0
	headRight = ContentWidth - headLeft
)

// DrawHeading writes h as a borderless two-column table, each body's and
// the motto's short rule under it, then the kind and subject centred.
func (d *Doc) DrawHeading(h Heading) {
	var left, right strings.Builder
	line := pPr{align: Center, noSpace: true}
	paragraph(&left, line, run{text: strings.ToUpper(Line(h.ParentBody)), size: 12})
	paragraph(&left, line, run{text: strings.ToUpper(Line(h.IssuingBody)), bold: true, size: 12})
	paragraph(&left, rule(headLeft, 22))
	paragraph(&left, line, run{text: Line(h.Number), size: BodySize})

	motto := Line(h.NationalB)
	paragraph(&right, line, run{text: Line(h.NationalA), bold: true, size: 12})
	paragraph(&right, line, run{text: motto, bold: true, size: BodySize})
	paragraph(&right, rule(headRight, textWidth(motto, BodySize)))
	paragraph(&right, pPr{align: Center, before: 4, noSpace: true}, run{text: Line(h.PlaceDate), italic: true, size: BodySize})
	d.grid(false, []float64{headLeft, headRight}, left.String(), right.String())

	d.para(pPr{align: Center, before: 18, noSpace: true, keepNext: true}, run{text: Line(h.Kind), bold: true, size: 14})
	d.para(pPr{align: Center, keepNext: true}, run{text: Line(h.Subject), bold: true, size: BodySize})
	d.Space(3)
	d.Font("", BodySize)
}

// rule is a short line w millimetres wide centred in a cell cell wide: an
// empty paragraph's top border between indents.
func rule(cell, w float64) pPr {
	w = min(w, cell)
	return pPr{rule: true, exact: twips(1.5), indent: twips((cell - w) / 2)}
}

// textWidth estimates a bold Times line's width in millimetres (about
// half an em a letter), for the rule under the motto.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.5 * 25.4 / 72
}

// Signer is a signature block (Decree 30/2020), as internal/pdfdoc's: the
// authority line, the title, room for the signature and seal, the name
// (empty: written by hand).
type Signer struct{ Authority, Title, Name string }

// SignOff ends a document with the recipients and a one-line signing
// block (the name signed by hand).
func (d *Doc) SignOff(label string, to []string, title string) {
	d.SignOffBy(label, to, Signer{Title: title})
}

// SignOffBy ends a document the administrative way: "Nơi nhận:" and the
// recipients on the left, the signer block on the right, in one row that
// Word keeps on one page.
func (d *Doc) SignOffBy(label string, to []string, s Signer) {
	half := ContentWidth / 2
	var left, right strings.Builder
	recipients(&left, label, to, true)
	block := pPr{align: Center, noSpace: true}
	if s.Authority != "" {
		paragraph(&right, block, run{text: strings.ToUpper(Line(s.Authority)), bold: true, size: BodySize})
	}
	paragraph(&right, block, run{text: strings.ToUpper(Line(s.Title)), bold: true, size: BodySize})
	if s.Name == "" {
		paragraph(&right, pPr{exact: twips(30)})
	} else {
		// Room for the signature and the seal, then the name.
		paragraph(&right, pPr{exact: twips(25)})
		paragraph(&right, block, run{text: Line(s.Name), bold: true, size: BodySize})
	}
	d.keepWithLast()
	d.grid(false, []float64{half, half}, left.String(), right.String())
}

// recipients writes "Nơi nhận:" in bold italic and the recipients, each
// "- name;", the last ending with a full stop when closed.
func recipients(b *strings.Builder, label string, to []string, closed bool) {
	paragraph(b, pPr{align: Left, noSpace: true, keepNext: true}, run{text: Line(label), bold: true, italic: true, size: 12})
	for i, t := range to {
		end := ";"
		if closed && i == len(to)-1 {
			end = "."
		}
		paragraph(b, pPr{align: Left, noSpace: true}, run{text: "- " + Line(t) + end, size: 11})
	}
}

// DrawRecipients writes "Nơi nhận:" with the recipients on their own.
func (d *Doc) DrawRecipients(label string, to []string) {
	d.Space(2)
	recipients(&d.body, label, to, false)
}

// Signature is a signing block: the title in bold capitals, space to sign,
// and the full name.
type Signature struct {
	Title string
	Name  string
}

// DrawSignatures writes signature blocks side by side in one row.
func (d *Doc) DrawSignatures(sigs []Signature) {
	if len(sigs) == 0 {
		return
	}
	w := ContentWidth / float64(len(sigs))
	widths := make([]float64, len(sigs))
	cells := make([]string, len(sigs))
	for i, s := range sigs {
		var b strings.Builder
		paragraph(&b, pPr{align: Center, noSpace: true}, run{text: strings.ToUpper(Line(s.Title)), bold: true, size: BodySize})
		paragraph(&b, pPr{exact: twips(24)})
		paragraph(&b, pPr{align: Center, noSpace: true}, run{text: Line(s.Name), bold: true, size: BodySize})
		widths[i], cells[i] = w, b.String()
	}
	d.keepWithLast()
	d.grid(false, widths, cells...)
}

// grid writes one row of cells (their paragraphs' XML) as a fixed-width
// table, ruled or borderless, that is not split across pages.
func (d *Doc) grid(ruled bool, widths []float64, cells ...string) {
	b := &d.body
	tableStart(b, ruled, widths)
	b.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
	for i, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(twips(widths[i])) + `" w:type="dxa"/></w:tcPr>`)
		if c == "" {
			c = "<w:p/>"
		}
		b.WriteString(c + "</w:tc>")
	}
	b.WriteString("</w:tr></w:tbl>")
}

// tableStart opens a table of fixed column widths (millimetres), with
// single black borders or none.
func tableStart(b *strings.Builder, ruled bool, widths []float64) {
	total := 0
	for _, w := range widths {
		total += twips(w)
	}
	border := `w:val="nil"`
	if ruled {
		border = `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString("<w:" + side + " " + border + "/>")
	}
	b.WriteString(`</w:tblBorders>`)
	if ruled {
		b.WriteString(`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="68" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="68" w:type="dxa"/></w:tblCellMar>`)
	} else {
		b.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`)
	}
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(twips(w)) + `"/>`)
	}
	b.WriteString("</w:tblGrid>")
}
