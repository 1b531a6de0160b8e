package demo

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/crossaudit/crossaudit/audit/findings"
)

// demoSignatures are the closing meeting's signatures of a submitted demo
// audit, as a tablet would send them: a PNG of each signer's drawn
// signature, different for every audit (seed) and signer.
func demoSignatures(seed int) *findings.SignaturesInput {
	return &findings.SignaturesInput{Representative: drawnSignature(seed*2 + 1), Lead: drawnSignature(seed*2 + 2)}
}

// drawnSignature draws a synthetic signature in base64: a pen stroke that
// loops along the line like handwriting, with a flourish under it, in dark
// ink on a transparent 600 × 200 canvas, as the audit page's canvas sends.
func drawnSignature(seed int) string {
	const w, h = 600, 200
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	ink := color.NRGBA{R: 20, G: 30, B: 70, A: 255}
	r := float64(seed%5) * 0.15
	// The writing: a run of loops whose height and spacing vary with seed.
	var last [2]float64
	for i := 0; i <= 1600; i++ {
		t := float64(i) / 1600
		x := 40 + t*440
		loops := 7 + float64(seed%4)
		y := 100 - (28+10*r)*math.Sin(2*math.Pi*loops*t)*math.Sin(math.Pi*t) - 16*math.Cos(2*math.Pi*loops*t+r)
		x += 12 * math.Cos(2*math.Pi*loops*t+r)
		stroke(img, last, [2]float64{x, y}, i == 0, ink)
		last = [2]float64{x, y}
	}
	// The flourish: a long stroke back under the writing.
	for i := 0; i <= 600; i++ {
		t := float64(i) / 600
		x := 520 - t*460
		y := 150 + 14*math.Sin(math.Pi*t) - 6*t
		stroke(img, last, [2]float64{x, y}, i == 0, ink)
		last = [2]float64{x, y}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		panic(err) // encoding a valid in-memory image does not fail
	}
	return base64.StdEncoding.EncodeToString(out.Bytes())
}

// stroke draws the pen from a to b, a disc of ink every half pixel; first
// draws only b (the pen put down).
func stroke(img *image.NRGBA, a, b [2]float64, first bool, ink color.NRGBA) {
	if first {
		a = b
	}
	n := int(math.Hypot(b[0]-a[0], b[1]-a[1])*2) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		disc(img, a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t, 2.2, ink)
	}
}

func disc(img *image.NRGBA, cx, cy, rad float64, ink color.NRGBA) {
	for y := int(cy - rad); y <= int(cy+rad)+1; y++ {
		for x := int(cx - rad); x <= int(cx+rad)+1; x++ {
			if math.Hypot(float64(x)-cx, float64(y)-cy) <= rad && image.Pt(x, y).In(img.Rect) {
				img.SetNRGBA(x, y, ink)
			}
		}
	}
}
