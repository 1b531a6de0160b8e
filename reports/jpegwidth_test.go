package reports

import (
	"bytes"
	"image/jpeg"
	"testing"
)

func TestNarrowJPEGCropsWithoutReencoding(t *testing.T) {
	src := testJPEG(1) // 320 × 240, 4:2:0
	for _, tc := range []struct {
		w  int
		ok bool
	}{{319, true}, {313, true}, {312, false}, {320, false}, {0, false}} {
		out, ok := narrowJPEG(src, tc.w)
		if ok != tc.ok {
			t.Errorf("width %d: ok %v, want %v", tc.w, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil || img.Bounds().Dx() != tc.w || img.Bounds().Dy() != 240 {
			t.Errorf("width %d: decoded %v, %v", tc.w, img.Bounds(), err)
		}
		if len(out) != len(src) {
			t.Errorf("width %d: %d bytes, want the same %d (only the header changes)", tc.w, len(out), len(src))
		}
	}
	if _, ok := narrowJPEG([]byte("not a jpeg"), 10); ok {
		t.Error("narrowed something that is not a JPEG")
	}
}
