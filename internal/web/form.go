package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Problem is one message of a form or file re-rendered after invalid input.
// For an import, Line is the file's line (the header is line 1) and Column
// the column; for a form, Field names the field and Line is 0.
type Problem struct {
	Field  string
	Line   int
	Column string
	Text   string
}

// SetError fills the page's Alert, Errors and Problems from an application
// error, every message in the page's language. Import problems, keyed
// "row:N" or "row:N:column" (CONTRACT.md), are ordered by line.
func (p *Page) SetError(err error) {
	e := apperr.As(err)
	p.Alert = p.Msg(e.Message)
	p.Errors = make(map[string]string, len(e.Fields))
	p.Problems = p.Problems[:0]
	for k, m := range e.Fields {
		text := p.Msg(m)
		p.Errors[k] = text
		pr := Problem{Field: k, Text: text}
		if rest, ok := strings.CutPrefix(k, "row:"); ok {
			num, col, _ := strings.Cut(rest, ":")
			if n, err := strconv.Atoi(num); err == nil {
				pr.Line, pr.Column = n, col
			}
		}
		p.Problems = append(p.Problems, pr)
	}
	slices.SortFunc(p.Problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Field, b.Field))
	})
}

// userError reports whether err is about what the user sent, so that the
// form they sent is shown again rather than an error page.
func userError(err error) bool {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Unsupported, apperr.TooLarge:
		return true
	}
	return false
}

// RenderInvalid answers a form post that failed (post/redirect/get): for
// invalid values, a conflict (a code in use) or an unreadable upload it
// renders page again with data, which carries what the user typed, and the
// error's messages in the user's language, with the error's status (422 for
// invalid values). Any other error is returned for the error handler.
func (v *Views) RenderInvalid(c echo.Context, page string, data any, err error) error {
	if !userError(err) {
		return err
	}
	p := v.NewPage(c, data)
	p.SetError(err)
	return v.RenderPage(c, Status(err), page, p)
}
