package pdfdoc

import (
	"strings"
)

// wrap breaks text (already Clean) into lines no wider than w in the
// current font: at spaces, at explicit line breaks, and inside a word too
// long for a line (a 5,000-character word still fits, one piece per line).
// It returns nothing once the document has failed.
func (d *Doc) wrap(text string, w float64) []string {
	if !d.ok() {
		return nil
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, d.wrapPara(para, w)...)
	}
	return out
}

func (d *Doc) wrapPara(para string, w float64) []string {
	words := strings.Fields(para)
	if len(words) == 0 {
		return []string{""}
	}
	space := d.width(" ")
	var lines []string
	line, lineW := "", 0.0
	for _, word := range words {
		ww := d.width(word)
		if ww > w {
			if line != "" {
				lines = append(lines, line)
				line, lineW = "", 0
			}
			pieces := d.breakWord(word, w)
			lines = append(lines, pieces[:len(pieces)-1]...)
			line = pieces[len(pieces)-1]
			lineW = d.width(line)
			continue
		}
		switch {
		case line == "":
			line, lineW = word, ww
		case lineW+space+ww <= w:
			line, lineW = line+" "+word, lineW+space+ww
		default:
			lines = append(lines, line)
			line, lineW = word, ww
		}
	}
	return append(lines, line)
}

// breakWord cuts a word wider than w into pieces that fit.
func (d *Doc) breakWord(word string, w float64) []string {
	var out []string
	var cur strings.Builder
	curW := 0.0
	for _, r := range word {
		rw := d.width(string(r))
		if curW+rw > w && cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
			curW = 0
		}
		cur.WriteRune(r)
		curW += rw
	}
	return append(out, cur.String())
}
