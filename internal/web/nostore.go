package web

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// GateNoStore is the name of the gate that forbids caching dynamic
// responses (NoStoreGate).
const GateNoStore = "no_store"

// StaticPrefix is where the content-hash static files are served: the only
// responses that may be cached, and that must never set a cookie (a cached
// Set-Cookie would hand one browser's token to another through a shared
// cache).
const StaticPrefix = "/static/"

// IsStatic reports whether the request is for a static file.
func IsStatic(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, StaticPrefix)
}

// NoStoreGate is the gate that marks every response but the static files'
// Cache-Control: no-store, whatever the handler set: JSON, pages, PDFs,
// DOCX, exports, ZIPs and evidence files all carry someone's data, and a
// tablet or a PC in a commune office is shared, often behind a proxy.
// "private, no-cache" would still let the browser keep a copy on disk for
// the next person at the keyboard; no-store does not. It applies to
// anonymous responses too (the token a sign-in returns, the pages carrying
// a CSRF token): telling "carries data" from "does not" route by route is
// what let exports slip through before. The header is set when the
// response is written, so that a handler's own Cache-Control cannot weaken
// it. The service worker keeps the pages it needs offline in its own cache,
// which HTTP caching headers do not govern.
func NoStoreGate() Gate { return Gate{Name: GateNoStore, Middleware: noStore} }

func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !IsStatic(c) {
			res := c.Response()
			res.Before(func() {
				res.Header().Set(echo.HeaderCacheControl, "no-store")
			})
		}
		return next(c)
	}
}
