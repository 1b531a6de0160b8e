// Package web is the HTTP plumbing the domain packages share: the Echo
// instance with its middleware, the one error handler that turns application
// errors into statuses, request binding (validated by package valid), and
// page rendering.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Limits on request bodies (CONTRACT.md): JSON bodies over 1 MiB answer 413,
// uploads have their own 10 MB limit.
const (
	MaxJSONBody   = 1 << 20
	MaxUploadSize = 10_000_000
	// maxRequestBody caps every request; an upload's multipart framing needs
	// a little more than the file itself.
	maxRequestBody = MaxUploadSize + 1<<20
)

// Server bundles what handlers need from the web layer.
type Server struct {
	Echo    *echo.Echo
	Catalog *i18n.Catalog
	Log     *slog.Logger
	Views   *Views
}

// New builds the Echo instance with the error handler and the middleware
// every request passes through.
func New(log *slog.Logger, cat *i18n.Catalog, views *Views) *Server {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	s := &Server{Echo: e, Catalog: cat, Log: log, Views: views}
	e.HTTPErrorHandler = s.handleError
	// The connection's address unless the application trusts a proxy
	// (cmd/crossaudit's --trusted-proxy): Echo's default would believe an
	// X-Forwarded-For header anyone can write.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Use(s.requestContext, s.recoverPanics, securityHeaders, capBody, compress)
	return s
}

type ctxKey int

const (
	keyLogger ctxKey = iota
	keyRequestID
)

// Logger returns the request's logger, which carries its request id.
func Logger(c echo.Context) *slog.Logger {
	if l, ok := c.Get("logger").(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// LoggerFrom returns the logger stored in a request context.
func LoggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(keyLogger).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestContext gives each request an id (echoed in X-Request-Id) and a
// logger carrying it, and logs the request once it is done.
func (s *Server) requestContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := newRequestID()
		log := s.Log.With("request_id", id)
		c.Set("logger", log)
		req := c.Request()
		ctx := context.WithValue(req.Context(), keyLogger, log)
		ctx = context.WithValue(ctx, keyRequestID, id)
		c.SetRequest(req.WithContext(ctx))
		c.Response().Header().Set("X-Request-Id", id)
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		log.Info("request", "method", req.Method, "path", req.URL.Path,
			"status", c.Response().Status, "duration_ms", time.Since(start).Milliseconds())
		return nil
	}
}

// recoverPanics turns a panic into an internal error, so that no stack trace
// reaches a user; the stack goes to the log.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				Logger(c).Error("panic", "value", r, "stack", stack())
				err = errPanic
			}
		}()
		return next(c)
	}
}

// securityHeaders sets the headers every response carries: a
// Content-Security-Policy without inline script, no sniffing, no framing.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.Request().TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// capBody bounds every request body; finer limits (1 MiB for JSON) apply
// where bodies are read.
func capBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > maxRequestBody {
			return errTooLarge
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, maxRequestBody)
		return next(c)
	}
}
