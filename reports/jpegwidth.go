package reports

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
)

// narrowJPEG returns a copy of a JPEG whose declared width is w instead
// of its own, without re-encoding: a decoder crops the last columns of
// the same coded data. It is only done when w keeps every component's
// number of blocks per line and the number of MCUs per line, so that the
// coded data still matches the header; the result is decoded once to be
// sure. It reports false when w is out of that range.
func narrowJPEG(b []byte, w int) ([]byte, bool) {
	at, ok := sofOffset(b)
	if !ok {
		return nil, false
	}
	old := int(binary.BigEndian.Uint16(b[at+7:]))
	n := int(b[at+9])
	if n < 1 || at+10+3*n > len(b) || w < 1 || w >= old {
		return nil, false
	}
	hmax := 1
	for i := range n {
		hmax = max(hmax, int(b[at+10+3*i+1]>>4))
	}
	mcuW := 8 * hmax
	if n == 1 {
		mcuW = 8
	}
	if ceilDiv(w, mcuW) != ceilDiv(old, mcuW) {
		return nil, false
	}
	for i := range n {
		h := int(b[at+10+3*i+1] >> 4)
		if ceilDiv(ceilDiv(w*h, hmax), 8) != ceilDiv(ceilDiv(old*h, hmax), 8) {
			return nil, false
		}
	}
	out := bytes.Clone(b)
	binary.BigEndian.PutUint16(out[at+7:], uint16(w))
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil || img.Bounds().Dx() != w {
		return nil, false
	}
	return out, true
}

// sofOffset finds the start-of-frame marker of a JPEG: the offset of its
// 0xFF byte. The frame header follows: length (2 bytes), precision (1),
// height (2), width (2), the number of components (1), then 3 bytes per
// component (id, sampling factors, quantisation table).
func sofOffset(b []byte) (int, bool) {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 0, false
		}
		m := b[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		seg := int(binary.BigEndian.Uint16(b[i+2:]))
		switch {
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if i+10 > len(b) {
				return 0, false
			}
			return i, true
		case m == 0xDA || m == 0xD9:
			return 0, false // scan data before any frame header
		}
		i += 2 + seg
	}
	return 0, false
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
