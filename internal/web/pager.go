package web

import (
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"
)

// PerPage is how many rows a list page shows: enough to scroll on a tablet,
// few enough to render fast.
const PerPage = 50

// Pager pages a list by number (?page=N), keeping the other query
// parameters (the search, the filters) in its links.
type Pager struct {
	Page    int // 1-based
	PerPage int
	Total   int
	path    string
	query   url.Values
}

// NewPager reads ?page= for a list of total items; a page out of range
// shows the nearest one.
func NewPager(c echo.Context, total, perPage int) Pager {
	req := c.Request()
	p := Pager{PerPage: max(perPage, 1), Total: max(total, 0), path: req.URL.Path, query: req.URL.Query()}
	p.Page, _ = strconv.Atoi(p.query.Get("page"))
	p.Page = min(max(p.Page, 1), p.Pages())
	return p
}

// Paginate returns the page of items that ?page= asks for, with its pager.
func Paginate[T any](c echo.Context, items []T, perPage int) ([]T, Pager) {
	p := NewPager(c, len(items), perPage)
	return items[p.Offset():p.End()], p
}

// Pages is the number of pages, at least 1; a zero Pager is one page.
func (p Pager) Pages() int {
	per := max(p.PerPage, 1)
	return max(1, (p.Total+per-1)/per)
}

// Offset is the index of the page's first item.
func (p Pager) Offset() int { return min((p.Page-1)*p.PerPage, p.Total) }

// End is the index after the page's last item.
func (p Pager) End() int { return min(p.Offset()+p.PerPage, p.Total) }

// First is the 1-based position of the page's first item, 0 when empty.
func (p Pager) First() int {
	if p.Total == 0 {
		return 0
	}
	return p.Offset() + 1
}

// Many reports whether there is more than one page.
func (p Pager) Many() bool { return p.Pages() > 1 }

// Prev is the link to the previous page, "" on the first.
func (p Pager) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.link(p.Page - 1)
}

// Next is the link to the next page, "" on the last.
func (p Pager) Next() string {
	if p.Page >= p.Pages() {
		return ""
	}
	return p.link(p.Page + 1)
}

func (p Pager) link(page int) string {
	return WithQuery(p.path, p.query, "page", strconv.Itoa(page))
}

// WithQuery returns path with query, key set to value (removed when value
// is empty), for links that change one parameter of the current list.
func WithQuery(path string, query url.Values, key, value string) string {
	q := url.Values{}
	for k, vs := range query {
		q[k] = append([]string(nil), vs...)
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
