// Package pdftest reads back the PDFs that tests draw, with the poppler
// and qpdf command-line tools: the text as pdftotext extracts it, the fonts
// as pdffonts lists them, the structure as qpdf --check finds it.
//
// It is used only by tests. A test that needs a tool skips when the tool is
// not installed, unless CROSSAUDIT_PDF=1, which makes a missing tool a
// failure (CI sets it, so that the checks cannot be skipped silently).
package pdftest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Required is the environment variable that makes the tools required: set
// to "1", a missing tool fails the test instead of skipping it.
const Required = "CROSSAUDIT_PDF"

// Tool returns the path of a PDF tool (pdftotext, pdffonts, qpdf). The test
// skips without it, or fails when CROSSAUDIT_PDF=1.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv(Required) == "1" {
			t.Fatalf("%s is needed (%s=1): %v", name, Required, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// Have reports whether a PDF tool is installed, for a test that goes on
// without it: false when it is not, and a failure when CROSSAUDIT_PDF=1.
func Have(t testing.TB, name string) bool {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv(Required) == "1" {
			t.Fatalf("%s is needed (%s=1): %v", name, Required, err)
		}
		return false
	}
	return true
}

// Text extracts a PDF's text with pdftotext (UTF-8), whitespace collapsed
// to single spaces so that a field wrapped over two lines still reads as
// one.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := Tool(t, "pdftotext")
	out, err := exec.Command(bin, "-enc", "UTF-8", write(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// PageTexts extracts each page's text as Text does, in order: what a page
// holds (the signatures never alone on the last one).
func PageTexts(t testing.TB, pdf []byte) []string {
	t.Helper()
	bin := Tool(t, "pdftotext")
	out, err := exec.Command(bin, "-enc", "UTF-8", write(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), " ")
	}
	return pages
}

// Check runs Structure and Fonts.
func Check(t testing.TB, pdf []byte) {
	t.Helper()
	Structure(t, pdf)
	Fonts(t, pdf)
}

// Structure reports an error when qpdf --check finds the file unsound.
func Structure(t testing.TB, pdf []byte) {
	t.Helper()
	bin := Tool(t, "qpdf")
	if out, err := exec.Command(bin, "--check", write(t, pdf)).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// Fonts checks with pdffonts that the PDF has fonts and that every one of
// them is embedded.
func Fonts(t testing.TB, pdf []byte) {
	t.Helper()
	bin := Tool(t, "pdffonts")
	out, err := exec.Command(bin, write(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		fields := strings.Fields(l)
		// name type encoding emb sub uni object ID: emb is the 5th from the end
		if len(fields) < 7 || fields[len(fields)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

// Pages returns the number of pages as qpdf --show-npages counts them.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	bin := Tool(t, "qpdf")
	out, err := exec.Command(bin, "--show-npages", write(t, pdf)).Output()
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v", err)
	}
	return n
}

// Images counts the images drawn in a PDF as pdfimages -list lists them,
// their soft masks (transparency) apart.
func Images(t testing.TB, pdf []byte) int {
	t.Helper()
	bin := Tool(t, "pdfimages")
	out, err := exec.Command(bin, "-list", write(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfimages -list: %v", err)
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[2] == "image" {
			n++
		}
	}
	return n
}

// write puts pdf in a file of the test's temporary directory.
func write(t testing.TB, pdf []byte) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(pdf); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}
