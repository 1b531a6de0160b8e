package org

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kindWordsInNames are the words a unit's official name starts with, by
// kind: "Xã Tà Hine", "Phường Ninh Gia", "Thị trấn Liên Nghĩa", "Đặc khu
// Phú Quý".
var kindWordsInNames = []string{"Xã", "Phường", "Thị trấn", "Đặc khu"}

// people's committees head the communes, wards, towns and special zones:
// their documents are issued by the committee ("UBND XÃ TÀ HINE").
var committeeKinds = map[string]bool{"commune": true, "ward": true, "town": true, "special_zone": true}

// kindPrefix returns the kind word a name starts with, as written, or "".
func kindPrefix(name string) string {
	for _, w := range kindWordsInNames {
		if len(name) > len(w) && strings.EqualFold(name[:len(w)], w) && name[len(w)] == ' ' {
			return name[:len(w)]
		}
	}
	return ""
}

// Letterhead is how the unit names itself as the issuing body of its own
// documents, in capitals (Decree 30/2020): "UBND XÃ TÀ HINE" for a
// commune, ward, town or special zone, its name for an office.
func (u Unit) Letterhead() string {
	if committeeKinds[u.Kind] {
		return "UBND " + strings.ToUpper(u.Name)
	}
	return strings.ToUpper(u.Name)
}

// InText is the unit's name in running text, its kind in lower case: "tại
// xã Phú Hội", "UBND xã Phú Hội".
func (u Unit) InText() string { return InText(u.Name) }

// InText writes a unit's official name as running text does, its kind in
// lower case ("Xã Phú Hội" → "xã Phú Hội"); other names are unchanged.
func InText(name string) string {
	p := kindPrefix(name)
	if p == "" {
		return name
	}
	return lowerFirst(p) + name[len(p):]
}

// DatePlace is the place name of the unit's date line: its own, else its
// name without its kind ("Tà Hine, ngày …").
func (u Unit) DatePlace() string {
	if u.Place != "" {
		return u.Place
	}
	return strings.TrimSpace(u.Name[len(kindPrefix(u.Name)):])
}

// lowerFirst lowers the first letter of s ("Thị trấn" → "thị trấn").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// abbreviations are the bodies' abbreviations a letterhead may use but the
// authority line of a decision spells out (Decree 30/2020, Appendix I).
var abbreviations = []struct{ short, full string }{
	{"UBND", "Ủy ban nhân dân"},
	{"HĐND", "Hội đồng nhân dân"},
}

// FullName writes a body's name with its leading abbreviation spelt out:
// "UBND huyện Đức Trọng" → "Ủy ban nhân dân huyện Đức Trọng".
func FullName(name string) string {
	for _, a := range abbreviations {
		if rest, ok := strings.CutPrefix(name, a.short+" "); ok {
			return a.full + " " + rest
		}
	}
	return name
}

// Authority is the line under a decision's title that names who decides
// (Decree 30/2020): the head in person ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN
// ĐỨC TRỌNG") when the head signs or a deputy signs for the head (KT.),
// else the body ("ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"), spelt out in capitals.
func Authority(body string, s Signer, named bool) string {
	full := strings.ToUpper(FullName(body))
	head := s.Principal
	if s.Authority == "" {
		head = s.Title
	}
	if named && s.Authority != "TM." && strings.EqualFold(head, "CHỦ TỊCH") {
		return "CHỦ TỊCH " + full
	}
	return full
}
