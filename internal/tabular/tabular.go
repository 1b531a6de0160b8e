// Package tabular reads the spreadsheets people upload (CSV or XLSX, decided
// by content rather than by name) into rows keyed by header, keeping each
// row's line number so that every problem can be reported where it is.
package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/text"
)

// Format is how a file is encoded.
type Format int

// The formats, detected by Detect.
const (
	Unknown Format = iota
	CSV
	XLSX
)

// Table is a file's header and rows, every cell NFC and trimmed.
type Table struct {
	Header []string // lower-cased column names
	Rows   []Row
}

// Row is one data row with its line in the file (the header is line 1).
type Row struct {
	Line  int
	Cells map[string]string
}

// Get returns the cell of a column, "" when absent.
func (r Row) Get(col string) string { return r.Cells[col] }

// Error is a problem at a line (0 when the whole file) and column.
type Error struct {
	Line   int
	Column string
	Msg    string // a catalogue key
	Args   []any
}

func (e *Error) Error() string {
	return fmt.Sprintf("tabular: line %d column %q: %s", e.Line, e.Column, e.Msg)
}

var zipMagic = []byte("PK\x03\x04")

// Detect decides the format by content: an XLSX is a ZIP; a CSV is text.
func Detect(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, zipMagic):
		return XLSX
	case len(b) > 0 && !looksBinary(b):
		return CSV
	}
	return Unknown
}

func looksBinary(b []byte) bool {
	head := b[:min(len(b), 512)]
	return bytes.IndexByte(head, 0) >= 0
}

// ErrUnsupported is returned for content that is neither CSV nor XLSX.
var ErrUnsupported = errors.New("tabular: not a CSV or XLSX file")

// Read reads a whole file, requiring the columns named in required.
func Read(r io.Reader, required ...string) (*Table, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("tabular: read: %w", err)
	}
	var records []record
	switch Detect(b) {
	case CSV:
		records, err = readCSV(b)
	case XLSX:
		records, err = readXLSX(b)
	default:
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, err
	}
	return build(records, required)
}

// record is one CSV or XLSX row with the line it starts on.
type record struct {
	line  int
	cells []string
}

func readCSV(b []byte) ([]record, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return nil, &Error{Line: line, Msg: "import.invalid_utf8"}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	var out []record
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Line: pe.StartLine, Msg: "import.malformed_csv"}
			}
			return nil, fmt.Errorf("tabular: csv: %w", err)
		}
		// FieldPos gives the file's own line, which blank lines and
		// multi-line cells would otherwise throw off.
		line, _ := cr.FieldPos(0)
		for i, cell := range rec {
			rec[i] = Unneutralise(cell) // what CSVWriter added
		}
		out = append(out, record{line: line, cells: rec})
	}
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Bounds on what an XLSX may unpack to. excelize allocates each part's
// declared size up front, so a 1 kB upload whose ZIP directory lies ("this
// part is 15 GB") would exhaust memory and bring the server down.
const (
	maxXLSXPart  = 64 << 20
	maxXLSXTotal = 128 << 20
)

// checkZip refuses an XLSX whose parts claim more than the bounds.
func checkZip(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &Error{Msg: "import.malformed_xlsx"}
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxXLSXPart || total+f.UncompressedSize64 > maxXLSXTotal {
			return &Error{Msg: "import.xlsx_too_large"}
		}
		total += f.UncompressedSize64
	}
	return nil
}

func readXLSX(b []byte) ([]record, error) {
	if err := checkZip(b); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxXLSXTotal, UnzipXMLSizeLimit: maxXLSXPart})
	if err != nil {
		return nil, &Error{Msg: "import.malformed_xlsx"}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &Error{Msg: "import.empty"}
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, &Error{Msg: "import.malformed_xlsx"}
	}
	out := make([]record, len(rows))
	for i, r := range rows {
		out[i] = record{line: i + 1, cells: r} // a sheet's row numbers
	}
	return out, nil
}

func build(records []record, required []string) (*Table, error) {
	if len(records) == 0 {
		return nil, &Error{Line: 1, Msg: "import.empty"}
	}
	t := &Table{}
	for _, h := range records[0].cells {
		t.Header = append(t.Header, strings.ToLower(text.Clean(h)))
	}
	for _, col := range required {
		if !contains(t.Header, col) {
			return nil, &Error{Line: 1, Column: col, Msg: "import.missing_column", Args: []any{"column", col}}
		}
	}
	for _, rec := range records[1:] {
		if isBlank(rec.cells) {
			continue
		}
		row := Row{Line: rec.line, Cells: map[string]string{}}
		for j, cell := range rec.cells {
			if j < len(t.Header) && t.Header[j] != "" {
				row.Cells[t.Header[j]] = text.Clean(cell)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func isBlank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
