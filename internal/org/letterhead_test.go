package org

import "testing"

func TestUnitAsADocumentNamesIt(t *testing.T) {
	for _, c := range []struct {
		u                       Unit
		letterhead, text, place string
	}{
		{Unit{Name: "Xã Tà Hine", Kind: "commune"}, "UBND XÃ TÀ HINE", "xã Tà Hine", "Tà Hine"},
		{Unit{Name: "Thị trấn Liên Nghĩa", Kind: "town"}, "UBND THỊ TRẤN LIÊN NGHĨA", "thị trấn Liên Nghĩa", "Liên Nghĩa"},
		{Unit{Name: "Phường Ninh Gia", Kind: "ward", Place: "Đức Trọng"}, "UBND PHƯỜNG NINH GIA", "phường Ninh Gia", "Đức Trọng"},
		{Unit{Name: "Đặc khu Phú Quý", Kind: "special_zone"}, "UBND ĐẶC KHU PHÚ QUÝ", "đặc khu Phú Quý", "Phú Quý"},
		{Unit{Name: "Văn phòng Sở Nội vụ", Kind: "agency"}, "VĂN PHÒNG SỞ NỘI VỤ", "Văn phòng Sở Nội vụ", "Văn phòng Sở Nội vụ"},
		{Unit{Name: "Xã", Kind: "commune"}, "UBND XÃ", "Xã", "Xã"},
	} {
		if got := c.u.Letterhead(); got != c.letterhead {
			t.Errorf("%s: letterhead %q, want %q", c.u.Name, got, c.letterhead)
		}
		if got := c.u.InText(); got != c.text {
			t.Errorf("%s: in text %q, want %q", c.u.Name, got, c.text)
		}
		if got := c.u.DatePlace(); got != c.place {
			t.Errorf("%s: date place %q, want %q", c.u.Name, got, c.place)
		}
	}
}

// A decision's authority line spells the body out, and names the head when
// the head decides (in person, or a deputy for the head).
func TestAuthority(t *testing.T) {
	for _, tc := range []struct {
		signer Signer
		named  bool
		want   string
	}{
		{Signer{Authority: "KT.", Principal: "CHỦ TỊCH", Title: "PHÓ CHỦ TỊCH"}, true, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"},
		{Signer{Title: "CHỦ TỊCH"}, true, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"},
		{Signer{Authority: "TM.", Principal: "ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH"}, true, "ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"},
		{Signer{}, false, "ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG"},
	} {
		if got := Authority("UBND huyện Đức Trọng", tc.signer, tc.named); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.signer, got, tc.want)
		}
	}
	if got := FullName("Sở Nội vụ"); got != "Sở Nội vụ" {
		t.Errorf("a name without an abbreviation became %q", got)
	}
}
