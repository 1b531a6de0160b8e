package imagetest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
)

// DeepPNG is a valid w×h PNG at 16 bits a channel with alpha (8 bytes a
// pixel decoded), all black and transparent. It is written row by row, so
// making it takes no more memory than the file: 7 070 × 7 070 compresses to
// under 500 kB (in about a second) and decodes to 400 MB, the attacker's
// photo that the 50-megapixel bound let through.
func DeepPNG(w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 16, 6, 0, 0, 0) // depth 16, RGBA, deflate, no filter, not interlaced
	writeChunk(&out, "IHDR", ihdr)
	var idat bytes.Buffer
	// Writing to memory cannot fail.
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+8*w) // filter byte 0, then the pixels
	for range h {
		_, _ = z.Write(row)
	}
	_ = z.Close()
	writeChunk(&out, "IDAT", idat.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes()
}

func writeChunk(out *bytes.Buffer, kind string, data []byte) {
	_ = binary.Write(out, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	out.WriteString(kind)
	out.Write(data)
	_ = binary.Write(out, binary.BigEndian, crc.Sum32())
}
