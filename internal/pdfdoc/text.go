package pdfdoc

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// replacement stands for a character the fonts cannot draw (an emoji, a
// script the fonts lack): the page shows that something was there rather
// than an empty box or nothing, and rendering never fails.
const replacement = '?'

// Clean makes text safe to draw: composed to NFC (gofpdf does no shaping,
// so a decomposed mark would be drawn over the next letter), tabs as
// spaces, line breaks as "\n", controls and invisible format characters
// (bidirectional overrides, zero-width joiners, byte-order marks) removed,
// and every character the fonts cannot draw replaced.
func (s *fontSet) Clean(in string) string {
	in = norm.NFC.String(strings.ReplaceAll(in, "\r\n", "\n"))
	var b strings.Builder
	b.Grow(len(in))
	for _, r := range in {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r' || r == '\u00a0':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// dropped: invisible, and some reorder what follows
		case unicode.Is(unicode.Mn, r) && !s.canDraw(r):
			// a stray mark the font lacks: dropping it keeps its letter
		case !s.canDraw(r):
			b.WriteRune(replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Clean for a one-line field: line breaks become spaces.
func (s *fontSet) Line(in string) string {
	return strings.Join(strings.Fields(s.Clean(in)), " ")
}

func (s *fontSet) canDraw(r rune) bool {
	return r >= 0 && int(r) < len(s.drawable) && s.drawable[r]
}
