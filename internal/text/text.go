// Package text holds the Unicode rules every input goes through: NFC
// normalisation before validation or storage, and the folded search key that
// lets "duc trong" find "Đức Trọng" (SQLite's LIKE and lower() fold ASCII only).
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s in NFC with surrounding white space trimmed.
// Invalid UTF-8 bytes are replaced by U+FFFD; callers that must refuse them
// check Valid first.
func Clean(s string) string {
	return strings.TrimSpace(norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD")))
}

// Valid reports whether s is valid UTF-8 without NUL or other C0 control
// characters except tab, newline and carriage return.
func Valid(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

var stripMarks = runes.Remove(runes.In(unicode.Mn))

// Fold returns the search key of s: lower case, diacritics removed, đ as d,
// runs of white space collapsed to one space.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, stripMarks, norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.Map(func(r rune) rune {
		switch r {
		case 'đ', 'Đ':
			return 'd'
		}
		return unicode.ToLower(r)
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

// Len counts the characters (runes) of s, which is what length limits mean to
// a user typing Vietnamese.
func Len(s string) int { return utf8.RuneCountInString(s) }
