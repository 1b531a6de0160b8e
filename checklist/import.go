package checklist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/text"
)

// RequiredColumns must head every imported file (CONTRACT.md).
var RequiredColumns = []string{"id", "clause", "text_vi", "text_en"}

// Columns are the columns an export writes and an import reads, in order:
// the required ones, the optional ones of CONTRACT.md, `failure` (yes or
// empty), which marks the items aimed at the known failures, and the
// optional legal references `legal_refs_vi` and `legal_refs_en` (last, so
// that a spreadsheet made for the earlier columns keeps its layout).
var Columns = []string{"id", "clause", "kind", "text_vi", "text_en", "guidance_vi", "guidance_en", "unit", "target", "failure",
	"legal_refs_vi", "legal_refs_en"}

// Parsed is what an import file holds.
type Parsed struct {
	Items []Item
	Name  string // the name a JSON file gives itself, "" otherwise
}

// row is one record of any format, its cells keyed by lower-cased column,
// with the problems found while reading it (a JSON value of the wrong type).
type row struct {
	line  int
	cells map[string]string
	bad   map[string]apperr.Msg
}

var bom = []byte("\xEF\xBB\xBF")

// ParseFile reads a checklist file, CSV, XLSX or JSON, decided by its
// content rather than its name, and validates every row before returning
// anything. known says whether a clause code exists.
//
// It returns apperr.Unsupported for content of another kind (an image, a
// PDF, an old .xls) and apperr.Invalid (code "invalid_file") listing every
// problem at once under "row:N:column", N counting lines with the header as
// line 1; for JSON, N is the object's position in the array plus one, the
// line the same item has in a CSV export. Whole-file problems are under
// "file".
func ParseFile(b []byte, known func(string) bool) (Parsed, error) {
	b = bytes.TrimPrefix(b, bom)
	var (
		header []string
		rows   []row
		p      Parsed
		err    error
	)
	switch sniff(b) {
	case formatEmpty:
		return p, fileError("file", apperr.M("import.empty"))
	case formatJSON:
		header, rows, p.Name, err = readJSON(b)
	case formatTable:
		header, rows, err = readTable(b)
	default:
		return p, apperr.New(apperr.Unsupported, "unsupported_type", apperr.M("checklist.unsupported_file"))
	}
	if err != nil {
		return p, err
	}
	if err := checkHeader(header); err != nil {
		return p, err
	}
	switch {
	case len(rows) == 0:
		return p, fileError("file", apperr.M("import.no_rows"))
	case len(rows) > MaxItems:
		return p, fileError("file", apperr.M("checklist.too_many_items", "max", MaxItems))
	}
	p.Items, err = buildItems(rows, known)
	return p, err
}

type format int

const (
	formatUnknown format = iota
	formatEmpty
	formatJSON
	formatTable
)

// magic numbers of files people upload by mistake, refused as a whole
// rather than read as a CSV full of garbage.
var foreign = [][]byte{
	[]byte("\x89PNG"), []byte("\xFF\xD8\xFF"), []byte("GIF8"), []byte("%PDF"),
	[]byte("\xD0\xCF\x11\xE0"), // an old binary .xls or .doc
	[]byte("Rar!"), []byte("\x1F\x8B"), []byte("7z\xBC\xAF"),
}

func sniff(b []byte) format {
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if len(trimmed) == 0 {
		return formatEmpty
	}
	for _, m := range foreign {
		if bytes.HasPrefix(b, m) {
			return formatUnknown
		}
	}
	if trimmed[0] == '[' || trimmed[0] == '{' {
		return formatJSON
	}
	if tabular.Detect(b) == tabular.Unknown {
		return formatUnknown
	}
	return formatTable
}

func fileError(key string, msg apperr.Msg) error {
	e := apperr.InvalidFields(map[string]apperr.Msg{key: msg})
	e.Code = "invalid_file"
	return e
}

func readTable(b []byte) ([]string, []row, error) {
	t, err := tabular.Read(bytes.NewReader(b))
	if err != nil {
		return nil, nil, tabular.AppError(err)
	}
	rows := make([]row, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = row{line: r.Line, cells: r.Cells}
	}
	return t.Header, rows, nil
}

// checkHeader names every required column that is missing, at once.
func checkHeader(header []string) error {
	has := map[string]bool{}
	for _, h := range header {
		has[h] = true
	}
	f := apperr.Fields{}
	for _, col := range RequiredColumns {
		if !has[col] {
			f.Add(tabular.RowKey(1, col), apperr.M("import.missing_column", "column", col))
		}
	}
	if len(f) == 0 {
		return nil
	}
	e := apperr.InvalidFields(f)
	e.Code = "invalid_file"
	return e
}

// buildItems turns rows into items, collecting every problem of every row.
func buildItems(rows []row, known func(string) bool) ([]Item, error) {
	f := apperr.Fields{}
	firstLine := map[string]int{}
	items := make([]Item, 0, len(rows))
	for i, r := range rows {
		for col, msg := range r.bad {
			f.Add(tabular.RowKey(r.line, col), msg)
		}
		if _, whole := r.bad[""]; whole {
			continue // not an object: its columns would only repeat that
		}
		it, failureOK := rowItem(r.cells)
		it.Position = i + 1
		if !failureOK {
			f.Add(tabular.RowKey(r.line, "failure"), apperr.M("checklist.bad_failure"))
		}
		for col, msg := range it.Problems(known) {
			f.Add(tabular.RowKey(r.line, col), msg)
		}
		if key := strings.ToUpper(it.Code); key != "" {
			if first, dup := firstLine[key]; dup {
				f.Add(tabular.RowKey(r.line, "id"), apperr.M("import.duplicate_in_file", "line", first))
			} else {
				firstLine[key] = r.line
			}
		}
		items = append(items, it)
	}
	if len(f) > 0 {
		e := apperr.InvalidFields(f)
		e.Code = "invalid_file"
		return nil, e
	}
	return items, nil
}

func rowItem(c map[string]string) (Item, bool) {
	failure, ok := parseFlag(c["failure"])
	return Item{
		Code: c["id"], Clause: c["clause"], Kind: c["kind"],
		TextVI: c["text_vi"], TextEN: c["text_en"],
		GuidanceVI: c["guidance_vi"], GuidanceEN: c["guidance_en"],
		Unit: c["unit"], Target: c["target"], Failure: failure,
		LegalRefsVI: c["legal_refs_vi"], LegalRefsEN: c["legal_refs_en"],
	}.Normalize(), ok
}

// parseFlag reads the failure column: yes/no in English or Vietnamese,
// true/false, 1/0, x; blank is no.
func parseFlag(s string) (bool, bool) {
	switch text.Fold(s) {
	case "", "0", "no", "n", "false", "khong", "-":
		return false, true
	case "1", "yes", "y", "true", "x", "co":
		return true, true
	}
	return false, false
}

// readJSON reads an array of objects, or an object whose "items" is one
// (and whose "name" names the checklist).
func readJSON(b []byte) ([]string, []row, string, error) {
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return nil, nil, "", fileError(tabular.RowKey(line, ""), apperr.M("import.invalid_utf8"))
	}
	var top any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, nil, "", fileError("file", apperr.M("checklist.malformed_json", "line", jsonErrorLine(b, err)))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, "", fileError("file", apperr.M("checklist.malformed_json", "line", 1+bytes.Count(b[:dec.InputOffset()], []byte("\n"))))
	}
	list, name, ok := jsonItems(top)
	if !ok {
		return nil, nil, "", fileError("file", apperr.M("checklist.json_shape"))
	}
	var header []string
	seen := map[string]bool{}
	rows := make([]row, 0, len(list))
	for i, el := range list {
		r := jsonRow(i+2, el)
		for col := range r.cells {
			if !seen[col] {
				seen[col] = true
				header = append(header, col)
			}
		}
		rows = append(rows, r)
	}
	if len(list) > 0 && len(header) == 0 {
		// Nothing but non-objects: say so per row rather than as missing columns.
		header = RequiredColumns
	}
	return header, rows, name, nil
}

func jsonItems(top any) ([]any, string, bool) {
	switch v := top.(type) {
	case []any:
		return v, "", true
	case map[string]any:
		list, ok := v["items"].([]any)
		name, _ := v["name"].(string)
		return list, name, ok
	}
	return nil, "", false
}

func jsonRow(line int, el any) row {
	r := row{line: line, cells: map[string]string{}, bad: map[string]apperr.Msg{}}
	obj, ok := el.(map[string]any)
	if !ok {
		r.bad[""] = apperr.M("checklist.json_not_object")
		return r
	}
	for k, v := range obj {
		col := strings.ToLower(text.Clean(k))
		if !slices.Contains(Columns, col) {
			continue // extra keys are ignored, as extra columns are
		}
		switch v := v.(type) {
		case nil:
			r.cells[col] = ""
		case string:
			r.cells[col] = text.Clean(v)
		case json.Number:
			r.cells[col] = v.String()
		case bool:
			r.cells[col] = fmt.Sprint(v)
		default:
			r.cells[col] = ""
			r.bad[col] = apperr.M("validation.type")
		}
	}
	return r
}

func jsonErrorLine(b []byte, err error) int {
	var se *json.SyntaxError
	off := int64(len(b))
	if errors.As(err, &se) {
		off = se.Offset
	}
	off = min(max(off, 0), int64(len(b)))
	return 1 + bytes.Count(b[:off], []byte("\n"))
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
