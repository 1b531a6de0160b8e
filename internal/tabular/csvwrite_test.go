package tabular

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// hostile are cells a spreadsheet would run, or that look like what the
// writer adds, with what a CSV reader must find in the file.
var hostile = []struct{ in, cell string }{
	{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
	{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
	{"-2+3", "'-2+3"},
	{"-5", "'-5"}, // typed text stays text, even when it looks like a number
	{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
	{"\t=1", "'\t=1"},
	{"\r=1", "'=1"}, // encoding/csv drops a lone CR when it writes CRLF lines
	{"'=already quoted", "''=already quoted"},
	{"Xã Hiệp An", "Xã Hiệp An"},
	{"it's fine", "it's fine"},
	{"'quoted", "'quoted"},
	{"", ""},
}

// A file written by CSVWriter holds no cell a spreadsheet would read as a
// formula, and reading it back gives every cell as it was written.
func TestCSVWriterNeutralisesFormulasAndReadsBack(t *testing.T) {
	rows := [][]string{{"id", "text"}}
	for i, h := range hostile {
		rows = append(rows, []string{string(rune('a' + i)), h.in})
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hostile {
		got := recs[i+1][1]
		if got != h.cell {
			t.Errorf("%q written as %q, want %q", h.in, got, h.cell)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Errorf("%q starts with a formula character", got)
		}
	}
	tab, err := Read(bytes.NewReader(buf.Bytes()), "id", "text")
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hostile {
		// The reader trims cells (text.Clean), so compare trimmed.
		if got, want := tab.Rows[i].Get("text"), strings.TrimSpace(h.in); got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	}
}

// Numbers the application computed stay numbers, negative ones included;
// text in the same row is still neutralised.
func TestCSVWriterKeepsComputedNumbers(t *testing.T) {
	var buf bytes.Buffer
	cw := NewCSVWriter(&buf)
	if err := cw.WriteValues([]any{-2.5, -3, int64(-4), "-5", "=1+1", Fixed{96, 1}, Fixed{-3.45, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimPrefix(buf.String(), "\uFEFF"), "-2.5,-3,-4,'-5,'=1+1,96.0,-3.5\r\n"; got != want {
		t.Errorf("row %q, want %q", got, want)
	}
}
