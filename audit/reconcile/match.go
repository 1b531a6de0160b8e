package reconcile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldName returns the key under which procedure names are compared: lower
// case, without diacritics (đ and Đ become d), with runs of white space
// collapsed to one space and no space at either end. NFC and NFD spellings
// of the same name give the same key. Two names match only when their keys
// are equal; there is deliberately no fuzzy or prefix matching, because
// procedures such as "Đăng ký khai sinh" and "Đăng ký lại khai sinh" differ
// by one word and must never be confused.
func FoldName(name string) string {
	if isPlainASCII(name) {
		return foldASCII(name)
	}
	var b strings.Builder
	b.Grow(len(name))
	pendingSpace := false
	// NFD splits every Vietnamese letter into its base letter and combining
	// marks (tones, breve, circumflex, horn), so dropping the marks leaves
	// the base letter. Đ has no decomposition and is mapped by hand.
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			pendingSpace = b.Len() > 0
			continue
		case r == 'đ' || r == 'Đ' || r == 'ð' || r == 'Ð':
			// Eth (ð, Ð) is what some legacy-font conversions put in place
			// of đ; the two look alike to the person typing.
			r = 'd'
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isPlainASCII reports whether s holds only ASCII, so that the fast path
// needs no normalisation.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII is FoldName for ASCII-only text.
func foldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || (c >= '\t' && c <= '\r'):
			pendingSpace = b.Len() > 0
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// nameIndex finds catalogue procedures by folded name.
type nameIndex map[string][]int

// newNameIndex indexes procs by folded name; a key maps to several indices
// when distinct procedures fold to the same name.
func newNameIndex(procs []Procedure) nameIndex {
	idx := make(nameIndex, len(procs))
	for i, p := range procs {
		key := FoldName(p.Name)
		if key == "" {
			continue
		}
		idx[key] = append(idx[key], i)
	}
	return idx
}

// lookup returns the indices of the procedures whose name folds like name:
// none, one, or several when the name is ambiguous.
func (idx nameIndex) lookup(name string) []int {
	key := FoldName(name)
	if key == "" {
		return nil
	}
	return idx[key]
}
