package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// Signatures drawn on the tablet print in the signing space, above the
// names, which stay; without them the space stays blank to sign by hand.
func TestMinutesPrintTheDrawnSignatures(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 600, 200))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 60; x < 540; x++ {
		img.SetGray(x, 100+(x%50)-25, color.Gray{Y: 20})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	sig := conduct.Signature{PNG: b.Bytes(), Width: 600, Height: 200}
	for _, tc := range []struct {
		name   string
		sigs   map[string]conduct.Signature
		images int
	}{
		{"by hand", nil, 0},
		{"the lead on the tablet", map[string]conduct.Signature{conduct.SignerLead: sig}, 1},
		{"both on the tablet", map[string]conduct.Signature{conduct.SignerLead: sig, conduct.SignerRepresentative: sig}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := renderer().MinutesPDF(BuildMinutes(minutesFixture(func(in *MinutesInput) { in.Signatures = tc.sigs })))
			if err != nil {
				t.Fatal(err)
			}
			pdftest.Check(t, pdf)
			if n := pdftest.Images(t, pdf); n != tc.images {
				t.Errorf("%d images, want %d", n, tc.images)
			}
			text := pdftest.Text(t, pdf)
			for _, w := range []string{"ĐẠI DIỆN ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ", "Phó Chủ tịch UBND xã Hiệp An", "Nguyễn Thị Hồng Nhung"} {
				if !strings.Contains(text, w) {
					t.Errorf("the minutes lack %q", w)
				}
			}
		})
	}
}
