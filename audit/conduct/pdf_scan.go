package conduct

import (
	"bytes"
	"compress/zlib"
	"io"
	"slices"
	"strconv"
)

// Uploaded PDFs are evidence and are stored byte for byte (their SHA-256 is
// what the record cites), so a PDF that can run something is refused, not
// sanitised: removing its actions would store a document that differs from
// the one signed or scanned, and a tool rewriting PDFs (qpdf) may not be on
// the server. A scanned register or a PDF printed from Word has no
// scripts, no automatic actions and no embedded files; one that does was
// made for something else, and the office opening it in a browser or a PDF
// reader should never run it. The user is told to print it to PDF again or
// scan it, which drops all of that.
//
// The check reads the file's own objects as text (outside stream data,
// which is compressed and would match by chance) and the objects packed in
// compressed object streams (/ObjStm, PDF 1.5), where a PDF may hide its
// dictionaries. Names are compared after decoding #xx escapes, so
// /J#61vaScript is /JavaScript.

// activeNames are the PDF names of what can run or carry something: scripts
// (/JavaScript, /JS, XFA forms), actions run on opening or on events
// (/OpenAction, /AA), launching programs (/Launch), embedded files (a file
// specification's /EF, an /EmbeddedFile stream) and rich media. The name
// tree key /EmbeddedFiles alone is not one: gofpdf, which draws the
// reports, writes it empty into every PDF, and the minutes it prints are
// uploaded back as evidence.
var activeNames = []string{"JavaScript", "JS", "OpenAction", "AA", "Launch", "EF", "EmbeddedFile", "RichMedia", "XFA"}

// Bounds on what the check inflates: an object stream is a few hundred
// kilobytes; a PDF whose object streams inflate beyond these is refused
// rather than let decompress without end (a "zip bomb").
const (
	maxObjStm      = 16 << 20
	maxObjStmTotal = 64 << 20
)

// ActiveContent returns the active names a PDF holds, sorted, or nil.
// Object streams the check cannot read (another filter than FlateDecode,
// corrupt, too large once inflated) count as "ObjStm": what cannot be
// checked is not accepted.
func ActiveContent(b []byte) []string {
	found := map[string]bool{}
	budget := maxObjStmTotal
	pos := 0
	for pos < len(b) {
		i := indexKeyword(b, pos, "stream")
		if i < 0 {
			scanNames(b[pos:], found)
			break
		}
		dict := b[pos:i]
		scanNames(dict, found)
		start := i + len("stream")
		if bytes.HasPrefix(b[start:], []byte("\r\n")) {
			start += 2
		} else if start < len(b) && (b[start] == '\n' || b[start] == '\r') {
			start++
		}
		end := bytes.Index(b[start:], []byte("endstream"))
		if end < 0 {
			end = len(b) - start
		}
		data := b[start : start+end]
		if last := bytes.LastIndex(dict, []byte("obj")); last >= 0 {
			dict = dict[last:]
		}
		if hasName(dict, "ObjStm") {
			if !scanObjStm(dict, data, found, &budget) {
				found["ObjStm"] = true
			}
		}
		pos = start + end + len("endstream")
	}
	var out []string
	for n := range found {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// scanObjStm inflates an object stream and scans its objects; false when
// it cannot.
func scanObjStm(dict, data []byte, found map[string]bool, budget *int) bool {
	names := map[string]bool{}
	scanAllNames(dict, names)
	switch {
	case names["FlateDecode"] || names["Fl"]:
		if names["ASCIIHexDecode"] || names["ASCII85Decode"] || names["LZWDecode"] || names["RunLengthDecode"] || names["AHx"] || names["A85"] || names["LZW"] || names["RL"] {
			return false
		}
	case names["Filter"]:
		return false
	default: // not compressed
		scanNames(data, found)
		return true
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return false
	}
	limit := min(maxObjStm, *budget)
	plain, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err != nil && len(plain) == 0 {
		return false
	}
	if len(plain) > limit {
		return false
	}
	*budget -= len(plain)
	scanNames(plain, found)
	return true
}

// indexKeyword finds the keyword from pos as a token of its own (not the
// end of "endstream").
func indexKeyword(b []byte, pos int, kw string) int {
	for {
		i := bytes.Index(b[pos:], []byte(kw))
		if i < 0 {
			return -1
		}
		i += pos
		before := i == 0 || isSpace(b[i-1]) || isDelim(b[i-1])
		after := i+len(kw) >= len(b) || isSpace(b[i+len(kw)])
		if before && after {
			return i
		}
		pos = i + len(kw)
	}
}

// scanNames records the active names found in b.
func scanNames(b []byte, found map[string]bool) {
	all := map[string]bool{}
	scanAllNames(b, all)
	for _, n := range activeNames {
		if all[n] {
			found[n] = true
		}
	}
}

// hasName reports whether b holds the name n.
func hasName(b []byte, n string) bool {
	all := map[string]bool{}
	scanAllNames(b, all)
	return all[n]
}

// scanAllNames records every name token of b, #xx escapes decoded.
func scanAllNames(b []byte, names map[string]bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		j := i + 1
		var name []byte
		for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
			if b[j] == '#' && j+2 < len(b) {
				if v, err := strconv.ParseUint(string(b[j+1:j+3]), 16, 8); err == nil {
					name = append(name, byte(v))
					j += 3
					continue
				}
			}
			name = append(name, b[j])
			j++
		}
		names[string(name)] = true
		i = j - 1
	}
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}
