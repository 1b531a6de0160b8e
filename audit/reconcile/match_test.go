package reconcile_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

func TestFoldNameEquals(t *testing.T) {
	const want = "dang ky khai sinh"
	for _, in := range []string{
		"Đăng ký khai sinh",
		norm.NFD.String("Đăng ký khai sinh"),
		"ĐĂNG KÝ KHAI SINH",
		"dang ky khai sinh",
		"  Đăng   ký\tkhai\u00a0sinh  ",
		"Ðăng ký khai sinh", // eth, from legacy-font conversions
		"Đăng ký khai sinh", // precomposed
	} {
		if got := reconcile.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldNameVietnameseLetters(t *testing.T) {
	in := "ăâêôơưđ ÁÀẢÃẠ ỨỪỬỮỰ"
	if got, want := reconcile.FoldName(in), "aaeooud aaaaa uuuuu"; got != want {
		t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
	}
}

func TestFoldNameKeepsDistinctNamesApart(t *testing.T) {
	pairs := [][2]string{
		{"Đăng ký khai sinh", "Đăng ký lại khai sinh"},
		{"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài"},
		{"Đăng ký kết hôn", "Đăng ký lại kết hôn"},
	}
	for _, p := range pairs {
		if reconcile.FoldName(p[0]) == reconcile.FoldName(p[1]) {
			t.Errorf("FoldName confuses %q and %q", p[0], p[1])
		}
	}
}
