package docx

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Clean makes text safe for a document part: composed to NFC, line breaks
// as "\n", tabs and no-break spaces as spaces, and controls and invisible
// format characters (bidirectional overrides, zero-width joiners,
// byte-order marks, unpaired surrogates' replacement aside) dropped. What
// is left is valid XML 1.0 character data once escaped.
func Clean(in string) string {
	in = norm.NFC.String(strings.ReplaceAll(in, "\r\n", "\n"))
	var b strings.Builder
	b.Grow(len(in))
	for _, r := range in {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r' || r == '\u00a0':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0xFFFE || r == 0xFFFF || unicode.Is(unicode.Cs, r):
			// dropped: forbidden in XML, or invisible and reordering
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Clean for a one-line field: line breaks become spaces.
func Line(in string) string { return strings.Join(strings.Fields(Clean(in)), " ") }

// escape writes cleaned text as XML character data.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
}

// pPr is what the documents set on a paragraph.
type pPr struct {
	align    Align
	keepNext bool
	before   int // points of space before
	exact    int // an exact line height in twips, for spacers; 0 for the default
	indent   int // left and right indent in twips
	rule     bool
	noSpace  bool // no space after: lines of a block (heading, signer)
}

// run is a piece of text in one font.
type run struct {
	text         string // cleaned; "\n" breaks the line
	bold, italic bool
	size         float64 // points; 0 for the body size
	field        string  // a field instruction ("PAGE") instead of text
}

func (p pPr) write(b *strings.Builder) {
	b.WriteString("<w:pPr>")
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.rule {
		b.WriteString(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>`)
	}
	b.WriteString(`<w:spacing w:before="` + strconv.Itoa(p.before*20) + `"`)
	switch {
	case p.exact > 0:
		b.WriteString(` w:after="0" w:line="` + strconv.Itoa(p.exact) + `" w:lineRule="exact"`)
	case p.noSpace:
		b.WriteString(` w:after="0"`)
	}
	b.WriteString("/>")
	if p.indent > 0 {
		b.WriteString(`<w:ind w:left="` + strconv.Itoa(p.indent) + `" w:right="` + strconv.Itoa(p.indent) + `"/>`)
	}
	if p.align != "" {
		b.WriteString(`<w:jc w:val="` + p.align.jc() + `"/>`)
	}
	b.WriteString("</w:pPr>")
}

func (r run) props(b *strings.Builder) {
	b.WriteString("<w:rPr>")
	if r.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if r.italic {
		b.WriteString("<w:i/><w:iCs/>")
	}
	if r.size > 0 {
		hp := strconv.Itoa(int(r.size*2 + 0.5))
		b.WriteString(`<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/>`)
	}
	b.WriteString("</w:rPr>")
}

func (r run) write(b *strings.Builder) {
	if r.field != "" {
		for _, part := range []string{`<w:fldChar w:fldCharType="begin"/>`, `<w:instrText xml:space="preserve"> ` + r.field + ` </w:instrText>`,
			`<w:fldChar w:fldCharType="separate"/>`, `<w:t>1</w:t>`, `<w:fldChar w:fldCharType="end"/>`} {
			b.WriteString("<w:r>")
			r.props(b)
			b.WriteString(part + "</w:r>")
		}
		return
	}
	b.WriteString("<w:r>")
	r.props(b)
	for i, line := range strings.Split(r.text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		if line == "" {
			continue
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		escape(b, line)
		b.WriteString("</w:t>")
	}
	b.WriteString("</w:r>")
}

// paragraph writes one paragraph to b.
func paragraph(b *strings.Builder, p pPr, runs ...run) {
	b.WriteString("<w:p>")
	p.write(b)
	for _, r := range runs {
		r.write(b)
	}
	b.WriteString("</w:p>")
}

func (d *Doc) para(p pPr, runs ...run) {
	d.paras = append(d.paras[max(0, len(d.paras)-1):], d.body.Len())
	paragraph(&d.body, p, runs...)
}

// keepWithLast keeps the body's last two paragraphs (the last line of
// text and the space under it) with what comes next, so that a signature
// block never stands alone on a page (Decree 30).
func (d *Doc) keepWithLast() {
	s := d.body.String()
	const open = "<w:p><w:pPr>"
	for i := len(d.paras) - 1; i >= 0; i-- {
		at := d.paras[i] + len(open)
		if at <= len(s) && s[d.paras[i]:at] == open && !strings.HasPrefix(s[at:], "<w:keepNext/>") {
			s = s[:at] + "<w:keepNext/>" + s[at:]
		}
	}
	d.body.Reset()
	d.body.WriteString(s)
	d.paras = nil
}
