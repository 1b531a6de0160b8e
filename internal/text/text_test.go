package text

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCleanNormalisesToNFC(t *testing.T) {
	decomposed := norm.NFD.String("Xã Tà Năng")
	if decomposed == "Xã Tà Năng" {
		t.Fatal("test input is not decomposed")
	}
	if got, want := Clean("  "+decomposed+"\n"), "Xã Tà Năng"; got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đức Trọng", "duc trong"},
		{norm.NFD.String("Đức  Trọng"), "duc trong"},
		{"THỦ TỤC hành chính", "thu tuc hanh chinh"},
		{"Xã N'Thol Hạ", "xa n'thol ha"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Đà Loan", true},
		{"line\nbreak\ttab", true},
		{"bad\xffbyte", false},
		{"nul\x00", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
