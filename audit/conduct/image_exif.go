package conduct

import (
	"bytes"
	"encoding/binary"
)

// exifOrientationTag is the TIFF tag of the orientation in IFD0.
const exifOrientationTag = 0x0112

// ExifOrientation returns the orientation (1–8) a JPEG's EXIF block gives,
// 1 when it has none or the block cannot be read. Go's image/jpeg ignores
// EXIF, and a tablet's camera stores its pictures sideways with orientation
// 6 or 8, so the server reads it by hand: the APP1 segment that starts with
// "Exif\0\0" holds a TIFF header and IFD0, whose entries are 12 bytes (tag,
// type, count, value); the orientation is a SHORT held in the value field.
func ExifOrientation(jpg []byte) int {
	tiff := exifBlock(jpg)
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(tiff[4:8]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 1
	}
	n := int(order.Uint16(tiff[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > len(tiff) {
			return 1
		}
		if order.Uint16(tiff[e:]) != exifOrientationTag {
			continue
		}
		const typeShort = 3
		if order.Uint16(tiff[e+2:]) != typeShort || order.Uint32(tiff[e+4:]) != 1 {
			return 1
		}
		if v := int(order.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// exifBlock returns the TIFF data of a JPEG's EXIF APP1 segment, nil when
// there is none. It walks the segments before the image data.
func exifBlock(jpg []byte) []byte {
	if len(jpg) < 4 || jpg[0] != 0xFF || jpg[1] != 0xD8 {
		return nil
	}
	for i := 2; i+4 <= len(jpg); {
		if jpg[i] != 0xFF {
			return nil
		}
		marker := jpg[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			i += 2 // markers without a length
			continue
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image
			return nil
		}
		size := int(binary.BigEndian.Uint16(jpg[i+2:]))
		if size < 2 || i+2+size > len(jpg) {
			return nil
		}
		seg := jpg[i+4 : i+2+size]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		i += 2 + size
	}
	return nil
}
