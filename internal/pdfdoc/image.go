package pdfdoc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/jung-kurt/gofpdf"
)

// Photo is an image ready for gofpdf: JPEG as it came, anything else
// re-encoded as an 8-bit, non-interlaced PNG (gofpdf refuses 16-bit and
// interlaced PNGs, and a refusal would fail the whole document).
type Photo struct {
	Name          string // the key gofpdf registers it under
	Type          string // "JPG" or "PNG"
	Data          []byte
	Width, Height int
}

// PreparePhoto makes an image drawable (CMYK JPEGs, which gofpdf may show
// inverted, are re-encoded too), or reports false for bytes that do
// not decode as an image (the report then names the file instead).
func PreparePhoto(b []byte) (Photo, bool) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return Photo{}, false
	}
	sum := sha256.Sum256(b)
	p := Photo{Name: hex.EncodeToString(sum[:8]), Data: b, Width: cfg.Width, Height: cfg.Height}
	switch {
	case format == "jpeg" && (cfg.ColorModel == color.YCbCrModel || cfg.ColorModel == color.GrayModel):
		p.Type = "JPG"
		return p, true
	default:
		img, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			return Photo{}, false
		}
		flat := image.NewNRGBA(img.Bounds())
		draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Src)
		var out bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, flat); err != nil {
			return Photo{}, false
		}
		p.Type, p.Data = "PNG", out.Bytes()
		return p, true
	}
}

// Image draws a photo whole, scaled to fit maxW × maxH millimetres with
// its aspect kept, at the current position, starting a new page when it
// does not fit below, and moves below it. The photo is evidence: nothing of
// it is cropped or rewritten. gofpdf writes a document's images ordered by
// width with ties in map order, so a document with two photos of one width
// may come out in either byte order; an issued report is kept as the bytes
// drawn once, so nothing depends on drawing it again byte for byte.
func (d *Doc) Image(p Photo, maxW, maxH float64) {
	if !d.ok() {
		return
	}
	w, h := maxW, maxW*float64(p.Height)/float64(p.Width)
	if h > maxH {
		w, h = maxH*float64(p.Width)/float64(p.Height), maxH
	}
	d.ensure(h + 2)
	opt := gofpdf.ImageOptions{ImageType: p.Type, ReadDpi: false}
	if d.pdf.GetImageInfo(p.Name) == nil {
		d.pdf.RegisterImageOptionsReader(p.Name, opt, bytes.NewReader(p.Data))
	}
	if !d.ok() {
		return
	}
	y := d.pdf.GetY()
	d.pdf.ImageOptions(p.Name, marginLeft, y, w, h, false, opt, 0, "")
	d.pdf.SetY(y + h + 2)
}

// signatureImage draws a drawn signature centred in the 24 mm space to
// sign that starts at top, within 70 × 20 mm, its aspect kept.
func (d *Doc) signatureImage(p Photo, x, w, top float64) {
	if p.Width <= 0 || p.Height <= 0 {
		return
	}
	maxW, maxH := min(w-6, 70.0), 20.0
	iw, ih := maxW, maxW*float64(p.Height)/float64(p.Width)
	if ih > maxH {
		iw, ih = maxH*float64(p.Width)/float64(p.Height), maxH
	}
	opt := gofpdf.ImageOptions{ImageType: p.Type, ReadDpi: false}
	if d.pdf.GetImageInfo(p.Name) == nil {
		d.pdf.RegisterImageOptionsReader(p.Name, opt, bytes.NewReader(p.Data))
	}
	if !d.ok() {
		return
	}
	d.pdf.ImageOptions(p.Name, x+(w-iw)/2, top+2+(maxH-ih)/2, iw, ih, false, opt, 0, "")
}
