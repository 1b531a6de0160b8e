package docx

import (
	"strconv"
	"strings"
)

// media is a picture stored in the package, word/media/imageN.ext.
type media struct {
	name string // "image1.png"
	data []byte
}

// Image writes a picture whole on its own line, scaled to fit maxW × maxH
// millimetres with its aspect kept. kind is "JPG" or "PNG" (what
// internal/pdfdoc's PreparePhoto gives); w and h are its size in pixels.
func (d *Doc) Image(data []byte, kind string, w, h int, maxW, maxH float64) {
	if len(data) == 0 || w <= 0 || h <= 0 {
		return
	}
	ext := "png"
	if strings.EqualFold(kind, "JPG") || strings.EqualFold(kind, "JPEG") {
		ext = "jpeg"
	}
	n := len(d.media) + 1
	d.media = append(d.media, media{name: "image" + strconv.Itoa(n) + "." + ext, data: data})
	scale := min(maxW/float64(w), maxH/float64(h))
	// EMU: 36,000 to the millimetre.
	cx, cy := strconv.Itoa(int(float64(w)*scale*36000)), strconv.Itoa(int(float64(h)*scale*36000))
	id, rid := strconv.Itoa(n), "rIdImg"+strconv.Itoa(n)
	b := &d.body
	b.WriteString("<w:p>")
	pPr{align: Left}.write(b)
	b.WriteString(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + cx + `" cy="` + cy + `"/>` +
		`<wp:docPr id="` + id + `" name="Picture ` + id + `"/>` +
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="` + id + `" name="` + d.media[n-1].name + `"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="` + rid + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="` + cx + `" cy="` + cy + `"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}
