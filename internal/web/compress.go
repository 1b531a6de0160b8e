package web

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// compress gzips responses for clients that accept it: a commune office's
// connection is slow, and the audit page's 230 KB of HTML is 19 KB gzipped.
// Responses under 1 KB are not worth it; files that are compressed already
// (PDF, ZIP, DOCX, XLSX, photos) are skipped by their address, so that the
// CPU is spent where it pays.
var compress = middleware.GzipWithConfig(middleware.GzipConfig{Level: 5, MinLength: 1024, Skipper: compressedAlready})

// compressedSuffixes and compressedParts name the addresses of files that
// are compressed already.
var (
	compressedSuffixes = []string{".pdf", ".zip", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".woff2"}
	compressedParts    = []string{"/attachments/", "/evidence/", "/zips/"}
)

// compressedAlready reports whether the request asks for a file that is
// compressed already.
func compressedAlready(c echo.Context) bool {
	p := strings.ToLower(c.Request().URL.Path)
	for _, s := range compressedSuffixes {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	for _, s := range compressedParts {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}
