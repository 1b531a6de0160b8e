package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// readCSV hands each non-blank record of a CSV to emit, with the line it
// starts on. Every record's size and field count are checked before
// encoding/csv parses it (see scanCSV), so that one line of a million
// commas is refused rather than split into a million strings.
func readCSV(b []byte, emit func(line int, cells []string) error) error {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return &Error{Line: line, Msg: "import.invalid_utf8"}
	}
	if err := scanCSV(b); err != nil {
		return err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true // the cells kept are copied by build
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &Error{Line: pe.StartLine, Msg: "import.malformed_csv"}
			}
			return fmt.Errorf("tabular: csv: %w", err)
		}
		// FieldPos gives the file's own line, which blank lines and
		// multi-line cells would otherwise throw off.
		line, _ := cr.FieldPos(0)
		rec = trimTrailing(rec)
		if len(rec) == 0 {
			continue
		}
		if err := DefaultLimits.check(line, rec); err != nil {
			return err
		}
		for i, cell := range rec {
			rec[i] = Unneutralise(cell) // what CSVWriter added
		}
		if err := emit(line, rec); err != nil {
			return err
		}
	}
}

// scanCSV checks every record's bytes and fields against maxCSVRecord and
// maxCSVFields, following quotes the way encoding/csv does for a valid
// file (in a malformed one, the parser stops at the first bad quote, before
// any miscount here matters).
func scanCSV(b []byte) error {
	line, start, fields, quoted := 1, 0, 1, false
	recLine := 1
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			fields++
		case c == '\n':
			line++
			if quoted {
				continue
			}
			start, fields, recLine = i+1, 1, line
			continue
		}
		if i-start >= maxCSVRecord {
			return &Error{Line: recLine, Msg: "import.line_too_long", Args: []any{"max", maxCSVRecord >> 10}}
		}
		if fields > maxCSVFields {
			return &Error{Line: recLine, Column: ColumnName(maxCSVFields + 1), Msg: "import.too_many_columns", Args: []any{"max", ColumnName(MaxColumns)}}
		}
	}
	return nil
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
