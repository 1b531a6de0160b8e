package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/jung-kurt/gofpdf"
)

// Page geometry of Decree 30/2020/NĐ-CP, in millimetres: A4 portrait, left
// margin wide for binding.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 30.0
	marginRight  = 15.0
	marginTop    = 20.0
	marginBottom = 20.0
	// footerSpace is what the verification line and its QR code take above
	// the bottom margin of an issued document.
	footerSpace = 20.0
	ptToMM      = 25.4 / 72
)

// ContentWidth is the width of the text between the margins, in
// millimetres: what a table's columns add up to.
const ContentWidth = pageW - marginLeft - marginRight

// Control is an ISO record's control block (DOMAIN.md): the form code, its
// edition and date, printed on every page with "Trang x/y".
type Control struct {
	Form    string // BM.ĐGNB.03
	Edition string // "Lần ban hành: 01"
	Date    string // "Ngày hiệu lực: 01/01/2026"
}

// Verification is what every page of an issued document carries: its code
// and the address where anyone can check it, also as a QR code.
type Verification struct {
	Label string // "Mã xác minh: {code}. Kiểm tra tại: {url}", already translated
	URL   string // ASCII, the QR code's payload
}

// Options set up a document.
type Options struct {
	Title   string
	Subject string
	// Created is the document's creation date, fixed so that the same
	// input gives the same bytes (photos of one width aside: see Image).
	Created time.Time
	Control Control
	// PageLabel translates the page counter, e.g. "Trang {page}/{pages}".
	PageLabel func(page, pages string) string
	// Watermark, when not empty, is drawn across every page (DỰ THẢO on a
	// draft).
	Watermark string
	// Verify, when not nil, puts the verification line and QR code of an
	// issued document at the foot of every page.
	Verify *Verification
}

// Doc is a document being drawn: gofpdf with the embedded fonts, the
// geometry above and the helpers the documents share. Every helper checks the
// document's error first, since gofpdf's measurements panic after an
// earlier failure.
type Doc struct {
	pdf    *gofpdf.Fpdf
	fonts  *fontSet
	opt    Options
	size   float64 // current font size in points
	style  string
	qrFor  string
	qrCode barcode.Barcode
}

// aliasPages is replaced by the page count when the document is written.
const aliasPages = "{nb}"

// NewDoc starts a document with the embedded fonts and the page
// decorations of opt.
func NewDoc(opt Options) (*Doc, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: pageW, Ht: pageH}})
	for _, style := range styles { // in a fixed order, for reproducible output
		// A copy per document: gofpdf's subsetter appends padding to
		// slices of the bytes it was given, writing into them, so one
		// shared copy would be a data race between documents drawn at once.
		pdf.AddUTF8FontFromBytes(family, style, bytes.Clone(fs.data[style]))
	}
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetCellMargin(0) // wrap measures the text width itself
	bottom := marginBottom
	if opt.Verify != nil {
		bottom += footerSpace
	}
	pdf.SetAutoPageBreak(false, bottom)
	pdf.SetCreationDate(opt.Created)
	pdf.SetModificationDate(opt.Created)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.AliasNbPages(aliasPages)
	d := &Doc{pdf: pdf, fonts: fs, opt: opt}
	pdf.SetTitle(fs.Line(opt.Title), true)
	pdf.SetSubject(fs.Line(opt.Subject), true)
	pdf.SetCreator("CrossAudit", true)
	pdf.SetHeaderFuncMode(d.header, false)
	pdf.SetFooterFunc(d.footer)
	return d, nil
}

// Err is the first error of the document.
func (d *Doc) Err() error { return d.pdf.Error() }

// ok reports whether drawing may go on.
func (d *Doc) ok() bool { return d.pdf.Ok() }

// AddPage starts a page.
func (d *Doc) AddPage() {
	if d.ok() {
		d.pdf.AddPage()
		d.pdf.SetY(marginTop)
	}
}

// bottom is the lowest y content may reach.
func (d *Doc) bottom() float64 {
	_, b := d.pdf.GetAutoPageBreak()
	return pageH - b
}

// Font selects the family in style ("", "B", "I", "BI") and size (points).
func (d *Doc) Font(style string, size float64) {
	d.style, d.size = style, size
	if d.ok() {
		d.pdf.SetFont(family, style, size)
	}
}

// lineH is the line height of the current size: about 1.3 lines.
func (d *Doc) lineH() float64 { return d.size * ptToMM * 1.3 }

// width measures text in the current font; 0 once the document has failed.
func (d *Doc) width(s string) float64 {
	if !d.ok() {
		return 0
	}
	return d.pdf.GetStringWidth(s)
}

// Write draws the document. The page count alias is filled by gofpdf.
func (d *Doc) Write(w io.Writer) error {
	if err := d.Err(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// Bytes draws the document into memory.
func (d *Doc) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// header draws the watermark under the page's content, then the control
// block with "Trang x/y" in the top margin.
func (d *Doc) header() {
	size, style := d.size, d.style
	defer d.Font(style, size)
	if d.opt.Watermark != "" {
		d.watermark(d.opt.Watermark)
	}
	pdf := d.pdf
	y := 9.0
	h := 5.0
	// The counter is drawn in the same font on every page, the last one
	// included, so that the digits of the total are in the font subset.
	// It sits at the right edge, the draft mark (level text too: the
	// diagonal mark reads as scattered letters to a text extractor or a
	// screen reader) before it, and the control block takes what is left.
	d.Font("", SizeSmall)
	page := fmt.Sprint(pdf.PageNo())
	label := d.fonts.Line(d.opt.PageLabel(page, aliasPages))
	// The alias is wider than most totals: measured with two digits.
	labelW := d.width(strings.ReplaceAll(label, aliasPages, "99"))
	right := marginLeft + ContentWidth
	pdf.SetTextColor(60, 60, 60)
	pdf.SetXY(right-labelW, y)
	pdf.CellFormat(labelW, h, label, "", 0, "R", false, 0, "")
	right -= labelW + 4
	if d.opt.Watermark != "" {
		d.Font("B", SizeSmall)
		mark := d.fonts.Line(d.opt.Watermark)
		markW := d.width(mark)
		pdf.SetTextColor(170, 30, 30)
		pdf.SetXY(right-markW, y)
		pdf.CellFormat(markW, h, mark, "", 0, "R", false, 0, "")
		pdf.SetTextColor(60, 60, 60)
		right -= markW + 4
		d.Font("", SizeSmall)
	}
	c := d.opt.Control
	pdf.SetXY(marginLeft, y)
	pdf.CellFormat(right-marginLeft, h, d.fonts.Line(c.Form+"   "+c.Edition+"   "+c.Date), "", 0, "L", false, 0, "")
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginLeft, y+h+0.5, pageW-marginRight, y+h+0.5)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
}

// watermark draws text diagonally across the page in light grey.
func (d *Doc) watermark(text string) {
	pdf := d.pdf
	d.Font("B", sizeWatermark)
	text = d.fonts.Line(text)
	w := d.width(text)
	pdf.SetTextColor(228, 228, 228)
	pdf.TransformBegin()
	pdf.TransformRotate(45, pageW/2, pageH/2)
	pdf.Text(pageW/2-w/2, pageH/2+10, text)
	pdf.TransformEnd()
	pdf.SetTextColor(0, 0, 0)
}

// footer draws the verification line and QR code of an issued document.
func (d *Doc) footer() {
	v := d.opt.Verify
	if v == nil {
		return
	}
	size, style := d.size, d.style
	defer d.Font(style, size)
	pdf := d.pdf
	top := pageH - marginBottom - footerSpace + 3
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginLeft, top, pageW-marginRight, top)
	pdf.SetDrawColor(0, 0, 0)
	qr := footerSpace - 4
	d.QR(v.URL, pageW-marginRight-qr, top+1.5, qr)
	d.Font("", SizeSmall)
	pdf.SetXY(marginLeft, top+2)
	pdf.MultiCell(ContentWidth-qr-4, d.lineH(), d.fonts.Clean(v.Label), "", "L", false)
}
