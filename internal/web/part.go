package web

import (
	"bytes"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// RenderPart writes one template of a page's set without the layout: an
// HTML fragment that a page's script fetches and puts in place (the audit
// page's item fields). Like a page it is never stored by the browser's
// HTTP cache; the service worker keeps what it must.
func (v *Views) RenderPart(c echo.Context, status int, page, name string, p *Page) error {
	t, ok := v.pages[page]
	if !ok {
		return apperr.Wrap(fmt.Errorf("web: no page %q", page))
	}
	p.Name = page
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		return apperr.Wrap(fmt.Errorf("web: render %s of %s: %w", name, page, err))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}
