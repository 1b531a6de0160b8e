package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Every CSV the product writes goes through CSVWriter, so that a cell can
// never run as a formula when the office opens the file in Excel or
// LibreOffice ("CSV injection"): a checklist's text, a nonconformity's
// statement, a unit's or a procedure's name are typed by people the office
// does not control, and =HYPERLINK("http://x","y") or =cmd|… in one of them
// would run on the office's PC.
//
// The rule is OWASP's: a text cell that starts with = + - @, a tab or a
// carriage return is written with a leading apostrophe, which spreadsheets
// read as "this is text". Applied to every text cell, including those that
// look like negative numbers ("-5" typed in a note stays text, "'-5"): a
// rule that tried to tell harmless text from formulas would be the bug.
// Numbers the application computes itself (Cell with a float64 or an int)
// are written as they are, so a negative difference stays a number a
// spreadsheet can add up; a number cannot hold a formula.
//
// So that an export read back by the importer gives what was written (a
// checklist exported, edited and imported again), the apostrophe is added
// also before text that already starts with apostrophes followed by one of
// those characters, and readCSV removes exactly one (Unneutralise): the
// two are inverses.

// formulaStart reports whether a spreadsheet would read s as a formula.
func formulaStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Neutralise returns the text as a CSV cell that no spreadsheet runs.
func Neutralise(s string) string {
	if formulaStart(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise for a cell read from a CSV file.
func Unneutralise(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

// CSVWriter writes UTF-8 CSV with a byte-order mark (Excel needs it to read
// Vietnamese letters) and CRLF line ends (RFC 4180), neutralising every
// text cell.
type CSVWriter struct {
	w   *csv.Writer
	err error
}

// NewCSVWriter starts a CSV file on w, writing the byte-order mark.
func NewCSVWriter(w io.Writer) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_, err := io.WriteString(w, "\uFEFF")
	return &CSVWriter{w: cw, err: err}
}

// Write writes one row of text cells, each neutralised.
func (c *CSVWriter) Write(cells []string) error {
	if c.err != nil {
		return c.err
	}
	rec := make([]string, len(cells))
	for i, s := range cells {
		rec[i] = Neutralise(s)
	}
	c.err = c.w.Write(rec)
	return c.err
}

// Fixed is a number the application computed, written with Places decimals
// ("96.0", "-3.5") so that a column of scores reads alike; like the other
// numbers it is written as it is.
type Fixed struct {
	Value  float64
	Places int
}

// WriteValues writes one row of typed cells: text is neutralised, numbers
// the application computed (float64, int, int64, Fixed) are written as
// numbers.
// Anything else is written as its text, neutralised.
func (c *CSVWriter) WriteValues(cells []any) error {
	if c.err != nil {
		return c.err
	}
	rec := make([]string, len(cells))
	for i, v := range cells {
		switch x := v.(type) {
		case float64:
			rec[i] = strconv.FormatFloat(x, 'f', -1, 64)
		case Fixed:
			rec[i] = strconv.FormatFloat(x.Value, 'f', x.Places, 64)
		case int:
			rec[i] = strconv.Itoa(x)
		case int64:
			rec[i] = strconv.FormatInt(x, 10)
		case string:
			rec[i] = Neutralise(x)
		default:
			rec[i] = Neutralise(fmt.Sprint(x))
		}
	}
	c.err = c.w.Write(rec)
	return c.err
}

// Flush writes what is buffered and returns the first error met.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	if c.err != nil {
		return c.err
	}
	return c.w.Error()
}

// WriteCSV writes rows of text cells as one neutralised CSV file.
func WriteCSV(w io.Writer, rows [][]string) error {
	cw := NewCSVWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}
