package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// FormFile reads an uploaded file of at most MaxUploadSize bytes. A missing
// file is 422 naming the field; a larger one 413.
func FormFile(c echo.Context, field string) ([]byte, string, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", errTooLarge
		}
		return nil, "", apperr.InvalidFields(map[string]apperr.Msg{field: apperr.M("validation.required")})
	}
	if fh.Size > MaxUploadSize {
		return nil, "", errTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", apperr.Wrap(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxUploadSize+1))
	if err != nil {
		return nil, "", apperr.Wrap(err)
	}
	if len(b) > MaxUploadSize {
		return nil, "", errTooLarge
	}
	return b, fh.Filename, nil
}
