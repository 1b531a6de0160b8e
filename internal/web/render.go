package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Views holds one parsed template set per page, each the layout plus the
// partials plus that page, parsed once at start-up so that a broken or
// missing page fails the start, not a user's request.
type Views struct {
	pages   map[string]*template.Template
	catalog *i18n.Catalog
	static  *Static
	// Shell holds the navigation and home-page sections that packages
	// register; every page's navigation comes from it.
	Shell *Shell
}

// Page is what every template receives: the viewer, the language, the CSRF
// token, a flash message, and the page's own data.
type Page struct {
	Viewer *Viewer
	Lang   string
	CSRF   string
	Flash  string
	Path   string
	Data   any
	// Name is the page's template name, on <body data-page> for the
	// stylesheet, the script and tests.
	Name string
	// URI is the request's path and query, where the language switch
	// returns to.
	URI string
	// Nav is the main navigation as the viewer sees it.
	Nav []NavLink
	// Alert, Errors and Problems describe a form re-rendered after invalid
	// input (see RenderInvalid): the summary, each field's message, and every
	// message in order, import rows by line.
	Alert    string
	Errors   map[string]string
	Problems []Problem
	catalog  *i18n.Catalog
}

// T translates a catalogue key in the page's language.
func (p *Page) T(key string, kv ...any) string { return p.catalog.T(p.Lang, key, kv...) }

// Msg translates an apperr.Msg in the page's language.
func (p *Page) Msg(m apperr.Msg) string { return p.catalog.Msg(p.Lang, m) }

// TOr translates key when the catalogue has it, else shows fallback as is:
// for ids that come from data (an entity of the audit trail) and may have
// no label yet.
func (p *Page) TOr(key, fallback string) string {
	if p.catalog.Has(p.Lang, key) {
		return p.catalog.T(p.Lang, key)
	}
	return fallback
}

// DateLong writes a date the Vietnamese administrative way in the page's language.
func (p *Page) DateLong(t time.Time) string { return i18n.DateLong(p.Lang, t) }

// Status writes a status of a kind (i18n.StatusAudit, …) with its one
// word, the same on every page.
func (p *Page) Status(kind, value string) string { return p.catalog.Status(p.Lang, kind, value) }

// Period writes a stored period (2026, 2026-Q1, 2026-09) as people read
// it in the page's language: "Quý I/2026", "Tháng 09/2026".
func (p *Page) Period(s string) string { return p.catalog.Period(p.Lang, s) }

// Today is the current time, for "today" lines; dates are written in
// Asia/Ho_Chi_Minh by the date functions.
func (p *Page) Today() time.Time { return time.Now() }

// NewViews parses templates/layout.html, templates/partials/*.html and each
// templates/pages/*.html of fsys.
func NewViews(fsys fs.FS, cat *i18n.Catalog, static *Static) (*Views, error) {
	v := &Views{pages: map[string]*template.Template{}, catalog: cat, static: static, Shell: NewShell()}
	base := template.New("layout.html").Funcs(v.funcs())
	base, err := base.ParseFS(fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	pages, err := fs.Glob(fsys, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list pages: %w", err)
	}
	for _, p := range pages {
		t, err := template.Must(base.Clone()).ParseFS(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", p, err)
		}
		v.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return v, nil
}

// Names lists the parsed pages, sorted.
func (v *Views) Names() []string {
	return slices.Sorted(maps.Keys(v.pages))
}

func (v *Views) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":     func(name string) string { return v.static.URL(name) },
		"dateShort": i18n.DateShort,
		"dateTime":  i18n.DateTime,
		"isoDate":   i18n.Day,
		"day":       Day,
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

// NewPage builds the Page for a request.
func (v *Views) NewPage(c echo.Context, data any) *Page {
	req := c.Request()
	p := &Page{Viewer: ViewerOf(c), Lang: Lang(c), Data: data, catalog: v.catalog, Path: req.URL.Path, URI: req.URL.RequestURI()}
	if p.Viewer != nil {
		p.CSRF = p.Viewer.CSRF
	}
	if tok, ok := c.Get("csrf").(string); ok && p.CSRF == "" {
		p.CSRF = tok
	}
	if m, ok := takeFlash(c); ok && v.catalog.Has(p.Lang, m.Key) {
		p.Flash = v.catalog.Msg(p.Lang, m)
	}
	if v.Shell != nil {
		p.Nav = v.Shell.Nav(req.Context(), p.Viewer, p.Path)
	}
	return p
}

// Render writes a page with the given status.
func (v *Views) Render(c echo.Context, status int, page string, data any) error {
	return v.RenderPage(c, status, page, v.NewPage(c, data))
}

// RenderPage writes a page built with NewPage, for handlers that fill the
// Page themselves (a CSRF token before sign-in, say).
func (v *Views) RenderPage(c echo.Context, status int, page string, p *Page) error {
	t, ok := v.pages[page]
	if !ok {
		return apperr.Wrap(fmt.Errorf("web: no page %q", page))
	}
	p.Name = page
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return apperr.Wrap(fmt.Errorf("web: render %s: %w", page, err))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// Day writes a stored day (yyyy-mm-dd) the Vietnamese way, dd/mm/yyyy;
// anything else comes back as it is.
func Day(s string) string { return i18n.ShowDay(s) }

// ErrorData is what the error page shows.
type ErrorData struct {
	Status  int
	Message string
	Fields  map[string]string
}

// RenderError writes the error page.
func (v *Views) RenderError(c echo.Context, status int, message string, fields map[string]string) error {
	return v.Render(c, status, "error", ErrorData{Status: status, Message: message, Fields: fields})
}
