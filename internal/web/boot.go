package web

import (
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Boot loads the catalogues, hashes the static files, parses every template
// and returns the server with its router, static files and health check
// registered. A broken template fails here, at start-up.
func Boot(log *slog.Logger) (*Server, *Router, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, nil, err
	}
	static, err := NewStatic(assets.Static, "static")
	if err != nil {
		return nil, nil, err
	}
	views, err := NewViews(fs.FS(assets.Templates), cat, static)
	if err != nil {
		return nil, nil, err
	}
	s := New(log, cat, views)
	r := NewRouter(s.Echo)
	r.GET("/static/*", static.Serve, Public())
	r.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	}, Public())
	return s, r, nil
}
