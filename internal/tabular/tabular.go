// Package tabular reads the spreadsheets people upload (CSV or XLSX, decided
// by content rather than by name) into rows keyed by header, keeping each
// row's line number so that every problem can be reported where it is.
package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

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
	Cause  error // what the parser said, for the command line; may be nil
}

// Unwrap returns the parser's error, if any.
func (e *Error) Unwrap() error { return e.Cause }

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

// Read reads a whole file, requiring the columns named in required. The
// file is read row by row within the bounds of limits.go; the first row past
// one is reported as an *Error naming it.
func Read(r io.Reader, required ...string) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("tabular: read: %w", err)
	}
	if len(b) > MaxFileSize {
		return nil, &Error{Msg: "import.file_too_large", Args: []any{"max", MaxFileSize >> 20}}
	}
	bd := &builder{required: required}
	switch Detect(b) {
	case CSV:
		err = readCSV(b, bd.add)
	case XLSX:
		err = readXLSX(b, bd.add)
	default:
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, err
	}
	if bd.t == nil {
		return nil, &Error{Line: 1, Msg: "import.empty"}
	}
	return bd.t, nil
}

func readXLSX(b []byte, emit func(line int, cells []string) error) error {
	s, err := OpenSheet(b, false, DefaultLimits)
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		line, cells, _, err := s.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := emit(line, cells); err != nil {
			return err
		}
	}
}

// builder makes a Table of the rows a reader emits: the first is the
// header, each later one a Row holding the header's columns only.
type builder struct {
	required []string
	t        *Table
	bytes    int
}

func (bd *builder) add(line int, cells []string) error {
	if bd.t == nil {
		bd.t = &Table{}
		for _, h := range cells {
			bd.t.Header = append(bd.t.Header, strings.ToLower(text.Clean(h)))
		}
		for _, col := range bd.required {
			if !contains(bd.t.Header, col) {
				return &Error{Line: 1, Column: col, Msg: "import.missing_column", Args: []any{"column", col}}
			}
		}
		return nil
	}
	if isBlank(cells) {
		return nil
	}
	if len(bd.t.Rows) >= MaxRows {
		return &Error{Line: line, Msg: "import.too_many_rows", Args: []any{"max", MaxRows}}
	}
	row := Row{Line: line, Cells: make(map[string]string, min(len(cells), len(bd.t.Header)))}
	for j, cell := range cells {
		if j < len(bd.t.Header) && bd.t.Header[j] != "" {
			v := text.Clean(cell)
			bd.bytes += len(v)
			row.Cells[bd.t.Header[j]] = v
		}
	}
	if bd.bytes > MaxTableBytes {
		return &Error{Line: line, Msg: "import.too_large", Args: []any{"max", MaxTableBytes >> 20}}
	}
	bd.t.Rows = append(bd.t.Rows, row)
	return nil
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
