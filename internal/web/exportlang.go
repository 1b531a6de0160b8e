package web

import (
	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// ExportLang is the language of a downloaded table (CSV, XLSX): the one its
// ?lang= names, Vietnamese when it names none. A file fetched by a script or
// a shared link reads the same whoever fetched it, so the default does not
// follow the viewer's preference; the pages add their own language to the
// links they offer. Returns apperr.Invalid naming lang for another value.
func ExportLang(c echo.Context) (string, error) {
	switch v := c.QueryParam("lang"); v {
	case "":
		return i18n.VI, nil
	case i18n.VI, i18n.EN:
		return v, nil
	}
	return "", apperr.InvalidFields(map[string]apperr.Msg{"lang": apperr.M("validation.oneof", "param", "vi en")})
}
