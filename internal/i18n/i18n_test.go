package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	c := MustLoad()
	for _, a := range Langs {
		for _, b := range Langs {
			for _, k := range c.Keys(a) {
				if !c.Has(b, k) {
					t.Errorf("%q is in %s.json but not in %s.json", k, a, b)
				}
			}
		}
	}
	for _, lang := range Langs {
		for _, k := range c.Keys(lang) {
			if strings.TrimSpace(c.T(lang, k)) == "" {
				t.Errorf("%s: %q is empty", lang, k)
			}
		}
	}
}

var (
	literal  = regexp.MustCompile(`"([a-z]+(?:\.[a-z0-9_]+)+)"`)
	fileLike = regexp.MustCompile(`\.(css|js|html|csv|json|db|pdf|png|jpg|xlsx|sql|txt|go|ttf)$`)
)

// Every catalogue key that code or a template names exists: a key used in Go
// or HTML but missing from the catalogue would show as its raw id.
func TestEveryKeyUsedExists(t *testing.T) {
	c := MustLoad()
	prefixes := map[string]bool{}
	for _, k := range c.Keys(VI) {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if !prefixes[strings.SplitN(key, ".", 2)[0]] || fileLike.MatchString(key) {
				continue
			}
			if !c.Has(VI, key) {
				t.Errorf("%s names %q, which the catalogue lacks", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVietnameseDates(t *testing.T) {
	tests := []struct {
		t    time.Time
		long string
	}{
		{time.Date(2026, 2, 4, 20, 0, 0, 0, time.UTC), "ngày 05 tháng 02 năm 2026"}, // 03:00 next day in Hồ Chí Minh
		{time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), "ngày 25 tháng 11 năm 2026"},
		{time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC), "ngày 09 tháng 3 năm 2026"},
	}
	for _, tt := range tests {
		if got := DateLong(VI, tt.t); got != tt.long {
			t.Errorf("DateLong(%v) = %q, want %q", tt.t, got, tt.long)
		}
	}
	if got := DateShort(time.Date(2026, 2, 4, 20, 0, 0, 0, time.UTC)); got != "05/02/2026" {
		t.Errorf("DateShort = %q", got)
	}
	if got := DateLong(EN, time.Date(2026, 2, 5, 3, 0, 0, 0, time.UTC)); got != "5 February 2026" {
		t.Errorf("English DateLong = %q", got)
	}
}

func TestLanguageNegotiation(t *testing.T) {
	tests := map[string]string{"": VI, "en-US,en;q=0.9": EN, "fr-FR, en;q=0.5": EN, "vi-VN,vi;q=0.9,en;q=0.8": VI, "de": VI}
	for header, want := range tests {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestTranslateFillsPlaceholders(t *testing.T) {
	c := MustLoad()
	if got := c.T(EN, "error.not_found", "thing", apperr.M("thing.unit")); got != "unit not found." {
		t.Errorf("nested message: %q", got)
	}
	if got := c.T(VI, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
}
