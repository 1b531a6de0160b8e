package procedures

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/reconcile"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// The engine's readers write their messages in English for the command
// line; the rules below give each known message a catalogue key so that
// the web user reads it in their language. A message no rule knows keeps
// its English text inside a translated frame rather than being lost.
var (
	quoted    = regexp.MustCompile(`"([^"]*)"`)
	firstLine = regexp.MustCompile(`first on line (\d+)`)
)

// fileMsg translates one reader message.
func fileMsg(fe *reconcile.FileError) apperr.Msg {
	m := fe.Msg
	has := func(s string) bool { return strings.Contains(m, s) }
	value := ""
	if q := quoted.FindStringSubmatch(m); q != nil {
		value = q[1]
	}
	switch {
	case strings.HasPrefix(m, "missing column"):
		return apperr.M("import.missing_column", "column", fe.Column)
	case strings.HasPrefix(m, "duplicate code"):
		line := 0
		if l := firstLine.FindStringSubmatch(m); l != nil {
			line, _ = strconv.Atoi(l[1])
		}
		return apperr.M("procedures.file.duplicate_code", "code", value, "line", line)
	case strings.HasPrefix(m, "empty code and"):
		return apperr.M("procedures.file.nothing_to_match")
	case strings.HasPrefix(m, "empty file"):
		return apperr.M("import.empty")
	case strings.HasPrefix(m, "empty"):
		return apperr.M("validation.required")
	case strings.HasPrefix(m, "cannot read date"):
		return apperr.M("procedures.file.bad_date", "value", value)
	case strings.HasPrefix(m, "column appears twice"):
		return apperr.M("procedures.file.column_twice")
	case has("UTF-8") && !has("UTF-16"):
		return apperr.M("import.invalid_utf8")
	case strings.HasPrefix(m, "malformed CSV"):
		return apperr.M("import.malformed_csv")
	case strings.HasPrefix(m, "a value past column "):
		return apperr.M("import.too_many_columns", "max", strings.TrimSuffix(strings.TrimPrefix(m, "a value past column "), ", the last one read"))
	case strings.HasPrefix(m, "a cell longer than"):
		return apperr.M("import.cell_too_long", "max", tabular.MaxCellChars)
	case has("unpacks to more than"):
		return apperr.M("import.xlsx_too_large")
	case has("XLSX workbook") || strings.HasPrefix(m, "cannot read sheet"):
		return apperr.M("import.malformed_xlsx")
	case has("not a CSV or XLSX") || has("XLS (Excel") || has("UTF-16"):
		return apperr.M("procedures.file.wrong_type", "detail", m)
	}
	return apperr.M("procedures.file.other", "detail", m)
}

// fileError turns a reader's error into the 422 (415 for a file of the
// wrong type) a client sees: the message names the file, fields the line
// and column (CONTRACT.md, "row:N:column"). Other errors pass through.
func fileError(err error) error {
	var fe *reconcile.FileError
	if !errors.As(err, &fe) {
		return err
	}
	msg := fileMsg(fe)
	key := "file"
	if fe.Line > 0 {
		key = tabular.RowKey(fe.Line, fe.Column)
	}
	e := apperr.InvalidFields(map[string]apperr.Msg{key: msg})
	e.Code, e.Message = "invalid_file", apperr.M("procedures.file_rejected", "file", fe.File)
	if msg.Key == "procedures.file.wrong_type" {
		e.Kind, e.Code = apperr.Unsupported, "unsupported_type"
	}
	return e
}

// rejected builds the 422 of a file whose rows the readers accepted but
// the application refuses (a unit that does not exist), every problem at
// once.
func rejected(file string, fields apperr.Fields) error {
	if len(fields) == 0 {
		return nil
	}
	e := apperr.InvalidFields(fields)
	e.Code, e.Message = "invalid_file", apperr.M("procedures.file_rejected", "file", file)
	return e
}
