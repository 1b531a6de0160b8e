package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// PathID reads the positive integer path parameter name. Anything else
// answers apperr.NotFound naming thing (an i18n key such as "thing.audit"):
// a malformed id names nothing that exists, so it is not a 400.
func PathID(c echo.Context, name, thing string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundThing(thing)
	}
	return id, nil
}
