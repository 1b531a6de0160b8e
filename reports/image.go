package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
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

// Image draws a photo scaled to fit maxW × maxH millimetres at the current
// position, starting a new page when it does not fit below, and moves
// below it.
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

// distinctWidth returns p cropped by as few columns as needed on the
// right for its width to differ from every width in used, and records it.
// gofpdf writes images ordered by width with ties in map order, so two
// photos of one width would make the same report come out in two byte
// orders; a column or two less of a photo shows nothing different. A JPEG
// is narrowed in its header when it can be (narrowJPEG), else re-encoded.
func distinctWidth(p Photo, used map[int]bool) Photo {
	if !used[p.Width] {
		used[p.Width] = true
		return p
	}
	w := p.Width - 1
	for w > 1 && used[w] {
		w--
	}
	if p.Type == "JPG" {
		if b, ok := narrowJPEG(p.Data, w); ok {
			used[w] = true
			sum := sha256.Sum256(b)
			return Photo{Name: hex.EncodeToString(sum[:8]), Type: p.Type, Data: b, Width: w, Height: p.Height}
		}
	}
	img, _, err := image.Decode(bytes.NewReader(p.Data))
	if err != nil || w <= 1 {
		return p
	}
	b := img.Bounds()
	cropped := image.NewRGBA(image.Rect(0, 0, w, b.Dy())) // RGBA: draw has a fast path from YCbCr
	draw.Draw(cropped, cropped.Bounds(), img, b.Min, draw.Src)
	var out bytes.Buffer
	if p.Type == "JPG" {
		err = jpeg.Encode(&out, cropped, &jpeg.Options{Quality: 90})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, cropped)
	}
	if err != nil {
		return p
	}
	used[w] = true
	sum := sha256.Sum256(out.Bytes())
	return Photo{Name: hex.EncodeToString(sum[:8]), Type: p.Type, Data: out.Bytes(), Width: w, Height: p.Height}
}
