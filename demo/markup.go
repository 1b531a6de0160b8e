package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
)

// markedUp is photo(seed) and the same photo marked up as an auditor does
// on the tablet (audit/conduct's AddMarkupOnce): a red arrow pointing at
// the notice's last lines and a red ring around the stamp, each on a white
// edge, as markup.js draws them.
func markedUp(seed int) (marked, original []byte) {
	original = photo(seed)
	src, err := jpeg.Decode(bytes.NewReader(original))
	if err != nil {
		return original, original
	}
	b := src.Bounds()
	img := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			img.Set(x, y, src.At(x, y))
		}
	}
	red, white := color.RGBA{208, 2, 27, 255}, color.RGBA{255, 255, 255, 255}
	for _, pass := range []struct {
		c     color.RGBA
		width float64
	}{{white, 9}, {red, 5}} {
		// The arrow: a shaft from the top left to the last lines, and its head.
		tip := [2]float64{300, 330}
		segment(img, [2]float64{40, 150}, tip, pass.width, pass.c)
		angle := math.Atan2(tip[1]-150, tip[0]-40)
		for _, side := range []float64{-math.Pi / 6, math.Pi / 6} {
			segment(img, tip, [2]float64{tip[0] - 30*math.Cos(angle+side), tip[1] - 30*math.Sin(angle+side)}, pass.width, pass.c)
		}
		// The ring around the stamp, a little wider than tall.
		ring(img, 470, 350, 70, 58, pass.width, pass.c)
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return original, original
	}
	return out.Bytes(), original
}

// segment paints the points within width/2 of the segment a–b.
func segment(img *image.RGBA, a, b [2]float64, width float64, c color.RGBA) {
	minX, maxX := math.Min(a[0], b[0])-width, math.Max(a[0], b[0])+width
	minY, maxY := math.Min(a[1], b[1])-width, math.Max(a[1], b[1])+width
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	for y := int(minY); y <= int(maxY); y++ {
		for x := int(minX); x <= int(maxX); x++ {
			t := ((float64(x)-a[0])*dx + (float64(y)-a[1])*dy) / l2
			t = math.Max(0, math.Min(1, t))
			px, py := a[0]+t*dx-float64(x), a[1]+t*dy-float64(y)
			if px*px+py*py <= width*width/4 && image.Pt(x, y).In(img.Rect) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

// ring paints an ellipse's outline of the given width around (cx, cy).
func ring(img *image.RGBA, cx, cy, rx, ry, width float64, c color.RGBA) {
	for y := int(cy - ry - width); y <= int(cy+ry+width); y++ {
		for x := int(cx - rx - width); x <= int(cx+rx+width); x++ {
			nx, ny := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			// The distance to the outline, roughly, in pixels.
			d := (math.Sqrt(nx*nx+ny*ny) - 1) * math.Min(rx, ry)
			if math.Abs(d) <= width/2 && image.Pt(x, y).In(img.Rect) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
