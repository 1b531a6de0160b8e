package web

import (
	"errors"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

var (
	errPanic    = apperr.Wrap(errors.New("web: handler panicked"))
	errTooLarge = apperr.New(apperr.TooLarge, "too_large", apperr.M("error.too_large"))
)

func stack() string { return string(debug.Stack()) }

// statusOf maps each kind to its one HTTP status.
var statusOf = map[apperr.Kind]int{
	apperr.Internal:     http.StatusInternalServerError,
	apperr.Malformed:    http.StatusBadRequest,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.TooLarge:     http.StatusRequestEntityTooLarge,
	apperr.Unsupported:  http.StatusUnsupportedMediaType,
	apperr.Invalid:      http.StatusUnprocessableEntity,
	apperr.TooMany:      http.StatusTooManyRequests,
}

// Status returns the HTTP status for err.
func Status(err error) int { return statusOf[toAppError(err).Kind] }

// toAppError turns anything a handler or Echo returns into an *apperr.Error.
func toAppError(err error) *apperr.Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return apperr.New(apperr.NotFound, "not_found", apperr.M("error.page_not_found"))
		case http.StatusMethodNotAllowed:
			return apperr.New(apperr.NotFound, "not_found", apperr.M("error.page_not_found"))
		case http.StatusRequestEntityTooLarge:
			return errTooLarge
		case http.StatusUnauthorized:
			return apperr.New(apperr.Unauthorized, "unauthorized", apperr.M("error.unauthorized"))
		case http.StatusForbidden:
			return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
		case http.StatusBadRequest:
			return apperr.New(apperr.Malformed, "malformed", apperr.M("error.malformed"))
		case http.StatusUnsupportedMediaType:
			return apperr.New(apperr.Unsupported, "unsupported_type", apperr.M("error.unsupported_type"))
		}
		return apperr.Wrap(err)
	}
	return apperr.As(err)
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

// handleError is Echo's HTTPErrorHandler: JSON in the CONTRACT.md shape under
// /api, a page elsewhere. Only internal errors are logged as errors, and their
// cause never reaches the user.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := toAppError(err)
	status := statusOf[e.Kind]
	if e.Kind == apperr.Internal {
		Logger(c).Error("internal error", "err", err)
	}
	lang := Lang(c)
	if IsAPI(c) {
		_ = c.JSON(status, s.errorBody(lang, e))
		return
	}
	if e.Kind == apperr.Unauthorized && c.Request().Method == http.MethodGet {
		_ = c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		return
	}
	if resumable(c, e) {
		rerr := s.renderResume(c, status)
		if rerr == nil {
			return
		}
		Logger(c).Error("render resume page", "err", rerr)
	}
	if rerr := s.Views.RenderError(c, status, s.Catalog.Msg(lang, e.Message), s.fieldTexts(lang, e)); rerr != nil {
		Logger(c).Error("render error page", "err", rerr)
		_ = c.String(status, s.Catalog.Msg(lang, e.Message))
	}
}

func (s *Server) fieldTexts(lang string, e *apperr.Error) map[string]string {
	if len(e.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for k, m := range e.Fields {
		out[k] = s.Catalog.Msg(lang, m)
	}
	return out
}

// errorBody builds {"error":{"code","message","fields","allowed",…}}.
func (s *Server) errorBody(lang string, e *apperr.Error) map[string]any {
	body := map[string]any{
		"code":    e.Code,
		"message": s.Catalog.Msg(lang, e.Message),
	}
	fields := map[string]any{}
	for k, v := range s.fieldTexts(lang, e) {
		fields[k] = v
	}
	if e.Allowed != nil {
		body["allowed"] = e.Allowed
		fields["allowed"] = e.Allowed
	}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	if d, ok := e.Detail.(map[string]any); ok {
		for k, v := range d {
			if _, taken := body[k]; !taken {
				body[k] = v
			}
		}
	}
	return map[string]any{"error": body}
}
