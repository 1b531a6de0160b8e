package assign

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The CSV readers below serve the command line; the web application builds
// a Problem from its database instead. Files are UTF-8 with a header row
// (column names trimmed, any case, in any order, extra columns ignored, an
// optional byte-order mark); cells are trimmed. Errors name the file and the
// line, counting the header as line 1.

// ReadUnits reads the columns code, name and cluster. An empty cluster is
// allowed; an empty or duplicate code is an error.
func ReadUnits(r io.Reader, name string) ([]Unit, error) {
	t, err := newTable(r, name, "code", "name", "cluster")
	if err != nil {
		return nil, err
	}
	var units []Unit
	seen := make(map[string]bool)
	for {
		row, line, err := t.next()
		if err == io.EOF {
			return units, nil
		}
		if err != nil {
			return nil, err
		}
		code := row[0]
		switch {
		case code == "":
			return nil, t.errorf(line, "empty unit code")
		case seen[code]:
			return nil, t.errorf(line, "duplicate unit code %q", code)
		}
		seen[code] = true
		units = append(units, Unit{Code: code, Name: row[1], Cluster: row[2]})
	}
}

// ReadHistory reads the columns round (an integer, higher is more recent),
// auditor and auditee. Rows naming a unit that is not in units are left out;
// each one gives a line of the returned warnings.
func ReadHistory(r io.Reader, name string, units []Unit) ([]HistoryPair, []string, error) {
	t, err := newTable(r, name, "round", "auditor", "auditee")
	if err != nil {
		return nil, nil, err
	}
	known := knownCodes(units)
	var hist []HistoryPair
	var warnings []string
	for {
		row, line, err := t.next()
		if err == io.EOF {
			return hist, warnings, nil
		}
		if err != nil {
			return nil, nil, err
		}
		round, err := strconv.Atoi(row[0])
		if err != nil {
			return nil, nil, t.errorf(line, "round %q is not a whole number", row[0])
		}
		p, warning, err := t.pair(line, row[1], row[2], known)
		if err != nil {
			return nil, nil, err
		}
		if warning != "" {
			warnings = append(warnings, warning)
			continue
		}
		hist = append(hist, HistoryPair{Round: round, Pair: p})
	}
}

// ReadForbidden reads the columns auditor and auditee: pairs that must
// never be assigned. Rows naming a unit that is not in units are left out
// with a warning, as in ReadHistory.
func ReadForbidden(r io.Reader, name string, units []Unit) ([]Pair, []string, error) {
	t, err := newTable(r, name, "auditor", "auditee")
	if err != nil {
		return nil, nil, err
	}
	known := knownCodes(units)
	var pairs []Pair
	var warnings []string
	for {
		row, line, err := t.next()
		if err == io.EOF {
			return pairs, warnings, nil
		}
		if err != nil {
			return nil, nil, err
		}
		p, warning, err := t.pair(line, row[0], row[1], known)
		if err != nil {
			return nil, nil, err
		}
		if warning != "" {
			warnings = append(warnings, warning)
			continue
		}
		pairs = append(pairs, p)
	}
}

func knownCodes(units []Unit) map[string]bool {
	known := make(map[string]bool, len(units))
	for _, u := range units {
		known[u.Code] = true
	}
	return known
}

// pair checks the two codes of a row: empty is an error, unknown a warning.
func (t *table) pair(line int, auditor, auditee string, known map[string]bool) (Pair, string, error) {
	switch {
	case auditor == "":
		return Pair{}, "", t.errorf(line, "empty auditor code")
	case auditee == "":
		return Pair{}, "", t.errorf(line, "empty auditee code")
	}
	var unknown []string
	for _, c := range []string{auditor, auditee} {
		if !known[c] {
			unknown = append(unknown, strconv.Quote(c))
		}
	}
	switch len(unknown) {
	case 0:
		return Pair{auditor, auditee}, "", nil
	case 1:
		return Pair{}, fmt.Sprintf("%s line %d: unit %s is not in the units file; row ignored", t.name, line, unknown[0]), nil
	}
	return Pair{}, fmt.Sprintf("%s line %d: units %s and %s are not in the units file; row ignored", t.name, line, unknown[0], unknown[1]), nil
}

// table reads the rows of a CSV file by column name.
type table struct {
	name  string
	cr    *csv.Reader
	pos   []int // position of each wanted column in a row
	width int   // fields per row, from the header
}

var bom = []byte("\ufeff")

func newTable(r io.Reader, name string, columns ...string) (*table, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		_, _ = br.Discard(len(bom))
	}
	t := &table{name: name, cr: csv.NewReader(br)}
	t.cr.FieldsPerRecord = -1 // checked in next, with a clearer message
	header, err := t.cr.Read()
	if err == io.EOF {
		return nil, t.errorf(1, "the file is empty; expected a header row %s", strings.Join(columns, ","))
	}
	if err != nil {
		return nil, t.wrap(err)
	}
	t.width = len(header)
	t.pos = make([]int, len(columns))
	var missing []string
	for c, col := range columns {
		t.pos[c] = -1
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), col) {
				if t.pos[c] >= 0 {
					return nil, t.errorf(1, "column %q appears twice", col)
				}
				t.pos[c] = i
			}
		}
		if t.pos[c] < 0 {
			missing = append(missing, strconv.Quote(col))
		}
	}
	switch {
	case len(missing) == len(columns):
		return nil, t.errorf(1, "no header row; the first line must name the columns %s", strings.Join(columns, ","))
	case len(missing) == 1:
		return nil, t.errorf(1, "missing column %s", missing[0])
	case len(missing) > 1:
		return nil, t.errorf(1, "missing columns %s", joinAnd(missing))
	}
	return t, nil
}

// next returns the wanted cells of the next row, trimmed, and its line.
func (t *table) next() ([]string, int, error) {
	rec, err := t.cr.Read()
	if err != nil {
		return nil, 0, t.wrap(err)
	}
	line, _ := t.cr.FieldPos(0)
	if len(rec) != t.width {
		return nil, 0, t.errorf(line, "expected %d fields as in the header, found %d", t.width, len(rec))
	}
	row := make([]string, len(t.pos))
	for c, p := range t.pos {
		row[c] = strings.TrimSpace(rec[p])
	}
	return row, line, nil
}

func (t *table) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s line %d: %s", t.name, line, fmt.Sprintf(format, args...))
}

// wrap names the file in a read error; io.EOF passes through unchanged.
func (t *table) wrap(err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return err
	case errors.As(err, &pe):
		return t.errorf(pe.Line, "%v", pe.Err)
	}
	return fmt.Errorf("%s: %w", t.name, err)
}
