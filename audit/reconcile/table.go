package reconcile

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// maxHeaderSearch is how many non-blank rows may precede the header (title
// lines of a spreadsheet) before the file is declared to lack one.
const maxHeaderSearch = 10

// table reads the rows of a CSV or XLSX file by column name.
type table struct {
	file  string
	src   source
	names []string       // header cells, cleaned, by field index
	col   map[string]int // wanted column → field index
}

// openTable detects the file type, finds the header row holding every
// required column, and positions the table on the first data row. Optional
// columns are read when present.
func openTable(r io.Reader, file string, required, optional []string) (*table, error) {
	src, err := openSource(r, file)
	if err != nil {
		return nil, err
	}
	t := &table{file: file, src: src}
	if err := t.readHeader(required, optional); err != nil {
		return nil, err
	}
	return t, nil
}

// readHeader looks for the header among the first non-blank rows. When none
// qualifies, the error names the first row and the first missing column,
// since that row is the one the user most likely meant as the header.
func (t *table) readHeader(required, optional []string) error {
	firstLine, firstMissing := 0, []string(nil)
	for seen := 0; seen < maxHeaderSearch; {
		rec, err := t.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return t.wrap(err)
		}
		if isBlank(rec.text) {
			continue
		}
		seen++
		names := make([]string, len(rec.text))
		for i, h := range rec.text {
			names[i] = strings.ToLower(clean(h))
		}
		col, missing := findColumns(names, required, optional)
		if len(missing) == 0 {
			t.names, t.col = names, col
			return t.checkDuplicates(rec.line, required, optional)
		}
		if firstLine == 0 {
			firstLine, firstMissing = rec.line, missing
		}
	}
	if firstLine == 0 {
		return fileErrorf(t.file, 1, "", "empty file: no header row")
	}
	msg := "missing column"
	if len(firstMissing) > 1 {
		msg += " (also missing: " + strings.Join(firstMissing[1:], ", ") + ")"
	}
	return fileErrorf(t.file, firstLine, firstMissing[0], "%s", msg)
}

// findColumns maps each wanted column to its first field index and lists
// the required columns that are absent.
func findColumns(names, required, optional []string) (map[string]int, []string) {
	col := make(map[string]int, len(required)+len(optional))
	var missing []string
	for _, want := range append(append([]string(nil), required...), optional...) {
		i := indexOf(names, want)
		if i >= 0 {
			col[want] = i
		} else if indexOf(required, want) >= 0 {
			missing = append(missing, want)
		}
	}
	return col, missing
}

// checkDuplicates rejects a header that names a wanted column twice: which
// of the two the user meant cannot be known.
func (t *table) checkDuplicates(line int, required, optional []string) error {
	for _, want := range append(append([]string(nil), required...), optional...) {
		first := indexOf(t.names, want)
		if first < 0 {
			continue
		}
		if again := indexOf(t.names[first+1:], want); again >= 0 {
			return fileErrorf(t.file, line, want, "column appears twice (columns %d and %d)", first+1, first+again+2)
		}
	}
	return nil
}

// next returns the next non-blank data row, or io.EOF after the last.
func (t *table) next() (row, error) {
	for {
		rec, err := t.src.next()
		if err != nil {
			if err == io.EOF {
				return row{}, io.EOF
			}
			return row{}, t.wrap(err)
		}
		if !isBlank(rec.text) {
			return row{t: t, rec: rec}, nil
		}
	}
}

// wrap turns a source's error into a *FileError.
func (t *table) wrap(err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fileErrorf(t.file, fe.line, columnLabel(t.names, fe.field), "%s", fe.msg)
	}
	var fileErr *FileError
	if errors.As(err, &fileErr) {
		return fileErr
	}
	return readError(t.file, err)
}

// row is one data row of a table.
type row struct {
	t   *table
	rec record
}

// line is the row's line in the file.
func (r row) line() int { return r.rec.line }

// text returns the cell of column col, trimmed and in NFC, or "" when the
// row is shorter than the header or the column is absent.
func (r row) text(col string) string {
	i, ok := r.t.col[col]
	if !ok || i >= len(r.rec.text) {
		return ""
	}
	return clean(r.rec.text[i])
}

// date reads the cell of column col as a date, preferring the raw value so
// that an XLSX date cell yields its serial number.
func (r row) date(col string) (time.Time, error) {
	i := r.t.col[col]
	v := ""
	switch {
	case i < len(r.rec.raw):
		v = r.rec.raw[i]
	case i < len(r.rec.text):
		v = r.rec.text[i]
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, r.errorf(col, "empty date")
	}
	d, err := parseDate(v, r.rec.date1904)
	if err != nil {
		return time.Time{}, r.errorf(col, "%v", err)
	}
	return d, nil
}

// errorf reports a problem with column col of this row.
func (r row) errorf(col, format string, args ...any) *FileError {
	return &FileError{File: r.t.file, Line: r.rec.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// clean trims white space and normalises to NFC, so that text typed on
// different systems (macOS produces NFD) compares and prints the same.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if isPlainASCII(s) {
		return s // ASCII is always NFC; codes and unit codes take this path
	}
	return norm.NFC.String(s)
}

// isBlank reports whether every cell of a record is white space.
func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// indexOf returns the index of the first s in list, or -1.
func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
