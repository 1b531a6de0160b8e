package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// markupOriginal reads the original of a marked-up photo: an upload is a
// mark-up when it carries a part "original" or says markup=1, and a
// mark-up must carry its original (422 naming "original" otherwise), so
// that what was photographed is never lost behind what was drawn on it.
func markupOriginal(c echo.Context) (conduct.Upload, bool, error) {
	declared := isTrue(c.FormValue("markup"))
	form, err := c.MultipartForm()
	present := err == nil && form != nil && len(form.File["original"]) > 0
	if !declared && !present {
		return conduct.Upload{}, false, nil
	}
	if !present {
		return conduct.Upload{}, true, apperr.InvalidFields(map[string]apperr.Msg{"original": apperr.M("markup.original_required")})
	}
	data, name, err := web.FormFile(c, "original")
	if err != nil {
		return conduct.Upload{}, true, err
	}
	return conduct.Upload{Name: name, Data: data}, true, nil
}

// isTrue reads a form's yes: "1", "true", "on".
func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}
