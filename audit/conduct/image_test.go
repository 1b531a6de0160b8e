package conduct_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/imagetest"
)

func TestExifOrientation(t *testing.T) {
	jpg := imagetest.EncodeJPEG(t, imagetest.Halves(8, 4))
	for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for o := uint16(1); o <= 8; o++ {
			if got := conduct.ExifOrientation(imagetest.WithExif(jpg, imagetest.ExifTIFF(order, o))); got != int(o) {
				t.Errorf("%v orientation %d read as %d", order, o, got)
			}
		}
	}
	if got := conduct.ExifOrientation(jpg); got != 1 {
		t.Errorf("no EXIF: %d", got)
	}
	// Damaged blocks read as upright and never panic.
	full := imagetest.WithExif(jpg, imagetest.ExifTIFF(binary.BigEndian, 6))
	for n := range 140 {
		conduct.ExifOrientation(full[:n])
	}
	bad := imagetest.WithExif(jpg, []byte("MM\x00*\xff\xff\xff\xff"))
	if got := conduct.ExifOrientation(bad); got != 1 {
		t.Errorf("a bad IFD offset: %d", got)
	}
}

func decodeImage(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestProcessImageTurnsShrinksAndStrips(t *testing.T) {
	src := imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(40, 20)), imagetest.ExifTIFF(binary.LittleEndian, 6))
	ev, err := conduct.ProcessImage(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if ev.ContentType != conduct.TypeJPEG || ev.Width != 20 || ev.Height != 40 {
		t.Fatalf("turned a quarter: %s %dx%d, want image/jpeg 20x40", ev.ContentType, ev.Width, ev.Height)
	}
	img := decodeImage(t, ev.Data)
	if !imagetest.IsRed(img.At(10, 5)) || !imagetest.IsBlue(img.At(10, 35)) {
		t.Errorf("orientation 6: the left (red) half must be on top, the blue at the bottom")
	}
	for _, secret := range []string{"Exif", "SECRETCAM"} {
		if bytes.Contains(ev.Data, []byte(secret)) {
			t.Errorf("the stored photo still holds %q", secret)
		}
	}
	if bytes.Contains(ev.Data, []byte{0xFF, 0xE1}) {
		t.Error("the stored photo still has an APP1 segment")
	}
	turned := map[uint16][2]image.Point{ // where red and blue are after each turn
		3: {{30, 10}, {5, 10}},
		8: {{10, 35}, {10, 5}},
	}
	for o, at := range turned {
		ev, err := conduct.ProcessImage(context.Background(), imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(40, 20)), imagetest.ExifTIFF(binary.BigEndian, o)))
		if err != nil {
			t.Fatal(err)
		}
		img := decodeImage(t, ev.Data)
		if !imagetest.IsRed(img.At(at[0].X, at[0].Y)) || !imagetest.IsBlue(img.At(at[1].X, at[1].Y)) {
			t.Errorf("orientation %d not applied", o)
		}
	}

	big, err := conduct.ProcessImage(context.Background(), imagetest.EncodeJPEG(t, imagetest.Halves(2500, 1000)))
	if err != nil {
		t.Fatal(err)
	}
	if big.Width != 2000 || big.Height != 800 {
		t.Errorf("2500x1000 became %dx%d, want 2000x800", big.Width, big.Height)
	}
	img = decodeImage(t, big.Data)
	if img.Bounds().Dx() != 2000 || !imagetest.IsRed(img.At(500, 400)) || !imagetest.IsBlue(img.At(1500, 400)) {
		t.Error("the scaled photo lost its picture")
	}
	tall, err := conduct.ProcessImage(context.Background(), imagetest.EncodeJPEG(t, imagetest.Halves(300, 2100)))
	if err != nil || tall.Width != 286 || tall.Height != 2000 {
		t.Errorf("300x2100 became %dx%d (%v)", tall.Width, tall.Height, err)
	}
}

// pngChunk builds a PNG chunk with its CRC.
func pngChunk(kind string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, kind...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(kind), data...)))
}

func TestProcessImagePNGSixteenBitToEight(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 2200, 110))
	for y := range 110 {
		for x := range 2200 {
			img.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 27), uint16(y * 200), 40000, 0xFFFF})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	src := b.Bytes()
	if src[24] != 16 {
		t.Fatalf("the test PNG has depth %d, want 16", src[24])
	}
	// A text chunk with a place, after IHDR (8 + 25 bytes).
	src = append(append(append([]byte{}, src[:33]...), pngChunk("tEXt", []byte("Location\x0011.94N 108.44E"))...), src[33:]...)
	ev, err := conduct.ProcessImage(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if ev.ContentType != conduct.TypePNG || ev.Data[24] != 8 || ev.Width != 2000 || ev.Height != 100 {
		t.Errorf("stored %s depth %d %dx%d, want an 8-bit PNG of 2000x100", ev.ContentType, ev.Data[24], ev.Width, ev.Height)
	}
	if bytes.Contains(ev.Data, []byte("tEXt")) || bytes.Contains(ev.Data, []byte("108.44E")) {
		t.Error("the PNG's text chunk survived")
	}
}

func TestPrepareEvidenceChecksContent(t *testing.T) {
	jpg := imagetest.EncodeJPEG(t, imagetest.Halves(16, 16))
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	ev, err := conduct.PrepareEvidence(context.Background(), pdf)
	if err != nil || ev.ContentType != conduct.TypePDF || !bytes.Equal(ev.Data, pdf) {
		t.Errorf("a PDF is stored as it is: %v", err)
	}
	var small bytes.Buffer
	_ = png.Encode(&small, imagetest.Halves(10, 10))
	huge := append([]byte{}, small.Bytes()...)
	binary.BigEndian.PutUint32(huge[16:], 12000)
	binary.BigEndian.PutUint32(huge[20:], 9000)
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29]))
	tests := []struct {
		name string
		data []byte
		kind apperr.Kind
	}{
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), apperr.Unsupported},
		{"text named photo.jpg", []byte("this is not a photo"), apperr.Unsupported},
		{"a truncated JPEG", jpg[:len(jpg)/3], apperr.Unsupported},
		{"a PDF in disguise", append([]byte("%PDX-"), pdf[5:]...), apperr.Unsupported},
		{"an HTML page", []byte("<!doctype html><script>alert(1)</script>"), apperr.Unsupported},
		{"a PNG claiming 108 million pixels", huge, apperr.TooLarge},
	}
	for _, tt := range tests {
		_, err := conduct.PrepareEvidence(context.Background(), tt.data)
		if e := apperr.As(err); err == nil || e.Kind != tt.kind || e.Fields["file"].Key == "" {
			t.Errorf("%s: %v, want kind %d naming the file", tt.name, err, tt.kind)
		}
	}
}

func TestAttachmentName(t *testing.T) {
	tests := map[[2]string]string{
		{"C:\\Users\\an\\Ảnh sổ.JPEG", conduct.TypeJPEG}: "Ảnh sổ.jpg",
		{"../../etc/passwd", conduct.TypePDF}:            "passwd.pdf",
		{"chụp\nmàn\"hình.png", conduct.TypePNG}:         "chụpmànhình.png",
		{"", conduct.TypeJPEG}:                           "bang-chung.jpg",
	}
	for in, want := range tests {
		if got := conduct.AttachmentName(in[0], in[1]); got != want {
			t.Errorf("AttachmentName(%q) = %q, want %q", in[0], got, want)
		}
	}
}
