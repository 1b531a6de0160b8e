// Package imagetest makes the photos that tests of uploads need: a JPEG
// of two coloured halves, with or without an EXIF orientation. It is
// imported by tests only.
package imagetest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// Halves is a w×h picture whose left half is red and right half blue, so
// that a turn shows where the left side went.
func Halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func EncodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ExifTIFF builds an EXIF TIFF block: IFD0 with the camera's make
// ("SECRETCAM"), the orientation and a pointer to a GPS IFD holding a
// latitude, the way a phone writes them.
func ExifTIFF(order binary.ByteOrder, orientation uint16) []byte {
	b := make([]byte, 114)
	if order == binary.BigEndian {
		copy(b, "MM\x00*")
	} else {
		copy(b, "II*\x00")
	}
	order.PutUint32(b[4:], 8)
	entry := func(at int, tag, typ uint16, count, value uint32) {
		order.PutUint16(b[at:], tag)
		order.PutUint16(b[at+2:], typ)
		order.PutUint32(b[at+4:], count)
		order.PutUint32(b[at+8:], value)
	}
	order.PutUint16(b[8:], 3)
	entry(10, 0x010F, 2, 10, 50) // Make, ASCII at 50
	entry(22, 0x0112, 3, 1, 0)   // Orientation, SHORT inline
	order.PutUint16(b[30:], orientation)
	entry(34, 0x8825, 4, 1, 60) // GPS IFD at 60
	copy(b[50:], "SECRETCAM\x00")
	order.PutUint16(b[60:], 2)
	entry(62, 0x0001, 2, 2, 0) // GPSLatitudeRef "N"
	copy(b[70:], "N\x00")
	entry(74, 0x0002, 5, 3, 90) // GPSLatitude, 3 rationals at 90
	for i, r := range [][2]uint32{{11, 1}, {56, 1}, {4321, 100}} {
		order.PutUint32(b[90+8*i:], r[0])
		order.PutUint32(b[94+8*i:], r[1])
	}
	return b
}

// WithExif puts an EXIF APP1 segment right after the JPEG's SOI marker.
func WithExif(jpg, tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// IsRed reports whether c is clearly red.
func IsRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 2*b && r > 2*g
}

// IsBlue reports whether c is clearly blue.
func IsBlue(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return b > 2*r && b > 2*g
}
