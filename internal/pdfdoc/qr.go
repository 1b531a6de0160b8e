package pdfdoc

import (
	"github.com/boombuler/barcode/qr"
)

// QR draws payload (ASCII: a URL) as a QR code of size millimetres at x, y,
// as filled rectangles, one per run of dark modules in a row, so that it
// stays sharp at any zoom and costs no image. A payload that cannot be
// encoded draws nothing: the code and address are printed beside it anyway.
func (d *Doc) QR(payload string, x, y, size float64) {
	if !d.ok() {
		return
	}
	// Encoded once per document: the same code goes on every page, and
	// encoding (the mask penalties) costs more than drawing.
	if d.qrFor != payload {
		d.qrCode, d.qrFor = nil, payload
		if code, err := qr.Encode(payload, qr.M, qr.Auto); err == nil {
			d.qrCode = code
		}
	}
	code := d.qrCode
	if code == nil {
		return
	}
	b := code.Bounds()
	n := b.Dx()
	quiet := 2 // a quiet zone of two modules each side
	m := size / float64(n+2*quiet)
	d.pdf.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !dark(code.At(b.Min.X+col, b.Min.Y+row)) {
				col++
				continue
			}
			start := col
			for col < n && dark(code.At(b.Min.X+col, b.Min.Y+row)) {
				col++
			}
			d.pdf.Rect(x+float64(quiet+start)*m, y+float64(quiet+row)*m, float64(col-start)*m, m, "F")
		}
	}
}

func dark(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}
