package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// sessionLostKey marks a request that came with a session cookie the server
// no longer knows (expired, signed out elsewhere, password changed).
const sessionLostKey = "web.session_lost"

// MarkSessionLost records that the request's session cookie named a session
// that has ended, so that a refused form can say why.
func MarkSessionLost(c echo.Context) { c.Set(sessionLostKey, true) }

// SessionLost reports whether MarkSessionLost was called for the request.
func SessionLost(c echo.Context) bool {
	lost, _ := c.Get(sessionLostKey).(bool)
	return lost
}

// ResumeData is what the page shown instead of an error page for a form that
// could not be taken, because the session ended or the form's CSRF token is
// older than the session, receives. The text typed stays in the browser
// (app.js keeps a draft of every form it sends); this page signs the user in
// again if needed and leads back to the form, where app.js puts it back.
type ResumeData struct {
	Status int
	// SignIn is true when nobody is signed in: the page carries the sign-in
	// form, which returns to Back.
	SignIn bool
	// Expired is true when the request came with a session that has ended.
	Expired bool
	// Back is the page the form was on (same origin only); Action is where
	// it was sent, which app.js matches with its draft.
	Back   string
	Action string
}

// resumable reports whether a refusal is one that a new sign-in or a fresh
// copy of the form cures, for a form a browser posted to a page (not the
// API, whose clients see the error as JSON).
func resumable(c echo.Context, e *apperr.Error) bool {
	if IsAPI(c) || c.Request().Method != http.MethodPost {
		return false
	}
	switch {
	case e.Kind == apperr.Unauthorized && e.Code != "invalid_credentials":
		return true
	case e.Kind == apperr.Forbidden && e.Code == "csrf_failed":
		return true
	}
	return false
}

// renderResume writes the resume page: the status stays the error's own
// (401, or 403 csrf_failed), so that what refused the request is not hidden.
func (s *Server) renderResume(c echo.Context, status int) error {
	d := ResumeData{
		Status:  status,
		SignIn:  ViewerOf(c) == nil,
		Expired: SessionLost(c),
		Back:    sameOriginPath(c, c.Request().Referer()),
		Action:  c.Request().URL.Path,
	}
	if d.Back == "" {
		// Most forms post to the page they are on.
		d.Back = d.Action
	}
	return s.Views.Render(c, status, "session_resume", d)
}

// sameOriginPath returns the path and query of ref when it names this site,
// or "" (a form sent from elsewhere leads nowhere but here).
func sameOriginPath(c echo.Context, ref string) string {
	u, err := url.Parse(ref)
	// A path starting "//" or "/\" would leave the site when used as a link.
	if err != nil || u.Host != c.Request().Host || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || strings.HasPrefix(u.Path, "/\\") {
		return ""
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}
