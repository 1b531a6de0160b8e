package tabular

import (
	"errors"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// RowKey is the `fields` key of CONTRACT.md for a problem at a line and
// column: "row:N" or "row:N:column".
func RowKey(line int, column string) string {
	if column == "" {
		return fmt.Sprintf("row:%d", line)
	}
	return fmt.Sprintf("row:%d:%s", line, column)
}

// AppError turns a reading error into the application error a client sees:
// 415 for a file that is not CSV or XLSX, 422 naming the row and column.
func AppError(err error) error {
	if errors.Is(err, ErrUnsupported) {
		return apperr.New(apperr.Unsupported, "unsupported_type", apperr.M("import.unsupported"))
	}
	var te *Error
	if errors.As(err, &te) {
		key := "file"
		if te.Line > 0 {
			key = RowKey(te.Line, te.Column)
		}
		e := apperr.InvalidFields(map[string]apperr.Msg{key: apperr.M(te.Msg, te.Args...)})
		e.Code = "invalid_file"
		return e
	}
	return err
}
