package pdfdoc

import (
	"fmt"
	"io/fs"
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/crossaudit/crossaudit/assets"
)

// The embedded font family and its files by gofpdf style ("", "B", "I",
// "BI"): Liberation Serif 2, which has the metrics of Times New Roman, the
// face Decree 30/2020/NĐ-CP names, and every Vietnamese letter.
const family = "LiberationSerif"

var styles = []string{"", "B", "I", "BI"}

var fontFiles = map[string]string{
	"":   "fonts/LiberationSerif-Regular.ttf",
	"B":  "fonts/LiberationSerif-Bold.ttf",
	"I":  "fonts/LiberationSerif-Italic.ttf",
	"BI": "fonts/LiberationSerif-BoldItalic.ttf",
}

// fontSet is the embedded fonts read once: their bytes and the runes every
// style can draw.
type fontSet struct {
	data map[string][]byte
	// drawable[r] is true when every style has a glyph for r. gofpdf keeps
	// widths for the Basic Multilingual Plane only, so nothing above it is
	// drawable.
	drawable []bool
}

var (
	fontsOnce sync.Once
	fonts     *fontSet
	fontsErr  error
)

// loadFonts reads the embedded fonts once.
func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() { fonts, fontsErr = readFonts(assets.Fonts) })
	return fonts, fontsErr
}

func readFonts(fsys fs.FS) (*fontSet, error) {
	set := &fontSet{data: map[string][]byte{}, drawable: make([]bool, 0x10000)}
	for i := range set.drawable {
		set.drawable[i] = true
	}
	for style, name := range fontFiles {
		b, err := readFile(fsys, name)
		if err != nil {
			return nil, err
		}
		set.data[style] = b
		cov, err := Coverage(b)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: font %s: %w", name, err)
		}
		for r := range set.drawable {
			set.drawable[r] = set.drawable[r] && cov[r]
		}
	}
	return set, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: font %s: %w", name, err)
	}
	return b, nil
}

// Coverage parses a TrueType font's character map and reports, for every
// rune of the Basic Multilingual Plane, whether the font has a glyph for it
// (glyph 0 is the "missing" box, which does not count).
func Coverage(ttf []byte) ([]bool, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	out := make([]bool, 0x10000)
	for r := range out {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not characters
		}
		g, err := f.GlyphIndex(&buf, rune(r))
		out[r] = err == nil && g != 0
	}
	return out, nil
}
