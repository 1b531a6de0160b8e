package pdfdoc

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/assets"
)

// vietnameseLetters lists the 134 letters of Vietnamese outside ASCII: the
// seven letters ă â đ ê ô ơ ư and the twelve vowels with each of the five
// tone marks, in both cases.
func vietnameseLetters() []rune {
	var lower []rune
	lower = append(lower, []rune("ăâđêôơư")...)
	for _, v := range "aăâeêioôơuưy" {
		for _, tone := range []rune{'\u0300', '\u0301', '\u0309', '\u0303', '\u0323'} {
			r := []rune(norm.NFC.String(string([]rune{v, tone})))
			if len(r) != 1 {
				panic("no precomposed form for " + string([]rune{v, tone}))
			}
			lower = append(lower, r[0])
		}
	}
	out := append([]rune{}, lower...)
	for _, r := range lower {
		out = append(out, unicode.ToUpper(r))
	}
	return out
}

// Every embedded font draws every Vietnamese letter: checked on the font's
// character map, because text extracted from a PDF reads correctly even
// when the page shows empty boxes.
func TestEveryEmbeddedFontCoversVietnamese(t *testing.T) {
	letters := vietnameseLetters()
	if len(letters) != 134 {
		t.Fatalf("%d letters, want 134", len(letters))
	}
	files, err := fs.Glob(assets.Fonts, "fonts/*.ttf")
	if err != nil || len(files) < 4 {
		t.Fatalf("embedded fonts %v: %v", files, err)
	}
	for _, name := range files {
		b, err := fs.ReadFile(assets.Fonts, name)
		if err != nil {
			t.Fatal(err)
		}
		cov, err := Coverage(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var missing []string
		for _, r := range append(letters, []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")...) {
			if !cov[r] {
				missing = append(missing, string(r))
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s lacks %s", name, strings.Join(missing, " "))
		}
	}
	for _, lic := range []string{"fonts/LICENSE-Liberation.txt"} {
		if _, err := fs.Stat(assets.Fonts, lic); err != nil {
			t.Errorf("licence %s: %v", lic, err)
		}
	}
}

func TestCleanNormalisesAndReplaces(t *testing.T) {
	set, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"Tie\u0302\u0301ng Vie\u0323\u0302t", "Tiếng Việt"},
		{"Hồ sơ 😀 đạt", "Hồ sơ ? đạt"},
		{"a\u202Eb\u200Fc\u200Dd\ufeffe", "abcde"},
		{"dòng 1\r\ndòng\t2\x00", "dòng 1\ndòng 2"},
		{"<b>&amp;</b>", "<b>&amp;</b>"},
	} {
		if got := set.Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
