// Package docx writes CrossAudit's documents as WordprocessingML (.docx)
// for the văn thư, who retypes and files them in Word: A4 pages with the
// margins of Decree 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm,
// right 15 mm), Times New Roman at 13 pt, the page number centred in the
// header from the second page on, the form's control block in every
// header, the national-title heading as a borderless two-column table,
// bordered tables whose header row repeats on every page, the recipients
// and the signer block side by side.
//
// Its methods are shaped like internal/pdfdoc's (DrawHeading, Heading,
// Para, Label, Table.Draw, SignOffBy…), so that a document's DOCX renderer
// reads line for line like its PDF one and a field added to one is one
// line in the other.
//
// Why written by hand with encoding/xml and archive/zip rather than with a
// library: the documents need a small, fixed part of WordprocessingML
// (paragraphs and runs, tables, one section, two headers, a footer,
// inline pictures), which is a few hundred lines here. The Go libraries
// are not a safe dependency for a document the office files:
// github.com/gomutex/godocx had its last release in September 2024 and
// its fork (ubavic/godocx) calls it unmaintained, the fork being one
// person's few months old; github.com/fumiama/go-docx is one person's
// too; baliance/gooxml is abandoned and its successor unioffice is
// commercial. None of them would spare us the Decree 30 layout, which is
// most of this package, and the module proxy here lists no tagged
// version of either candidate.
// Owning the XML also lets every piece of text pass one sanitiser: a
// character XML 1.0 forbids (most C0 controls) makes Word refuse the
// whole file, so text is composed to NFC, controls and invisible format
// characters are dropped and the rest is escaped.
package docx

import (
	"strings"
	"time"
)

// Page geometry of Decree 30/2020/NĐ-CP, in millimetres: A4 portrait, the
// left margin wide for binding.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 30.0
	marginRight  = 15.0
	marginTop    = 20.0
	marginBottom = 20.0
	// ContentWidth is the width between the margins, in millimetres: what
	// a table's columns add up to (internal/pdfdoc's ContentWidth).
	ContentWidth = pageW - marginLeft - marginRight
)

// Font is the decree's typeface; LibreOffice substitutes the metric-
// compatible Liberation Serif where Times New Roman is not installed.
const Font = "Times New Roman"

// BodySize is the body text's size in points (Decree 30: 13–14 pt).
const BodySize = 13

// twips converts millimetres to twentieths of a point, WordprocessingML's
// unit of length.
func twips(mm float64) int { return int(mm*1440/25.4 + 0.5) }

// Align is a paragraph's alignment, named as in internal/pdfdoc.
type Align string

// Alignments.
const (
	Left    Align = "L"
	Center  Align = "C"
	Right   Align = "R"
	Justify Align = "J"
)

func (a Align) jc() string {
	switch a {
	case Center:
		return "center"
	case Right:
		return "right"
	case Justify:
		return "both"
	}
	return "left"
}

// Control is an ISO record's control block, printed in every page's
// header: form code, edition and date.
type Control struct {
	Form    string
	Edition string
	Date    string
}

// Options set up a document.
type Options struct {
	Title   string
	Subject string
	// Created is the document's date in its properties, fixed so that the
	// same input gives the same document.
	Created time.Time
	Control Control
	// Watermark, when not empty (DỰ THẢO on a draft), is printed in bold
	// in every page's header.
	Watermark string
	// Footer, when not empty, is printed at the foot of every page: the
	// verification line of an issued report.
	Footer string
	// Lang is the text's language tag for Word's proofing, "vi-VN" when
	// empty.
	Lang string
}

// Doc is a document being written: the body's XML and the pictures it
// holds, in the current font.
type Doc struct {
	opt    Options
	body   strings.Builder
	bold   bool
	italic bool
	size   float64
	media  []media
	// paras are where the body's last paragraphs start, so that a block
	// ending the document can be kept with them (keepWithLast).
	paras []int
}

// New starts a document in the body font.
func New(opt Options) *Doc {
	if opt.Lang == "" {
		opt.Lang = "vi-VN"
	}
	return &Doc{opt: opt, size: BodySize}
}

// Font sets the style ("", "B", "I", "BI") and size in points of the
// paragraphs that follow, as internal/pdfdoc's Font does.
func (d *Doc) Font(style string, size float64) {
	d.bold, d.italic = strings.Contains(style, "B"), strings.Contains(style, "I")
	if size > 0 {
		d.size = size
	}
}

// Para writes text as paragraphs in the current font, one per line of
// text.
func (d *Doc) Para(text string, align Align) {
	for _, line := range strings.Split(Clean(text), "\n") {
		d.para(pPr{align: align}, run{text: line, bold: d.bold, italic: d.italic, size: d.size})
	}
}

// Heading writes a bold line kept with the paragraph after it, then
// returns to the body font.
func (d *Doc) Heading(text string, size float64) {
	d.para(pPr{align: Left, keepNext: true, before: 6}, run{text: Line(text), bold: true, size: size})
	d.Font("", BodySize)
}

// Title writes a bold line in the current size kept with what follows:
// a finding's title above its statement.
func (d *Doc) Title(text string, align Align) {
	d.para(pPr{align: align, keepNext: true}, run{text: Line(text), bold: true, size: d.size})
}

// Label writes "label: value" with the label bold, in the body size.
func (d *Doc) Label(label, value string) {
	d.para(pPr{align: Left}, run{text: Line(label) + ": ", bold: true, size: BodySize}, run{text: Clean(value), size: BodySize})
}

// Space writes an empty line h millimetres high.
func (d *Doc) Space(h float64) {
	d.para(pPr{exact: twips(h)})
}
