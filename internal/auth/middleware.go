package auth

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Cookie names.
const (
	SessionCookie = "crossaudit_session"
	// preCSRFCookie protects the forms posted before sign-in (the sign-in
	// form itself, the language switch) by double submission.
	preCSRFCookie = "crossaudit_csrf"
)

// CSRFHeader is the header the browser's own API calls carry.
const CSRFHeader = "X-CSRF-Token"

// UserOf returns the signed-in user, or nil.
func UserOf(c echo.Context) *User {
	u, _ := c.Get("user").(*User)
	return u
}

// The names of the gates of this package (web.Gate).
const (
	GateSession = "session"
	GateCSRF    = "csrf"
)

// SessionGate is the gate that identifies the caller, by bearer token or
// session cookie: the user becomes the request's viewer (web.ViewerOf),
// UserOf and the actor of what the request writes. An unknown, expired or
// revoked token is 401; an unknown or expired session cookie is cleared and
// the request goes on anonymous. Loading needs only the database.
func SessionGate(d *db.DB) web.Gate {
	return web.Gate{Name: GateSession, Middleware: (&Store{DB: d}).loadCaller}
}

// CSRFGate is the gate that checks the CSRF token of every unsafe request
// that a cookie authenticates, and of every form posted before sign-in (by
// double submission). Bearer requests need no CSRF token: a browser never
// adds the header on its own. It needs what SessionGate found, so it runs
// after it; without it, it refuses every request (a chain in the wrong
// order must not pass cookie requests unchecked).
func CSRFGate() web.Gate { return web.Gate{Name: GateCSRF, Middleware: checkCSRF} }

// caller is what the session gate found, for the CSRF gate.
type caller struct {
	bearer   bool   // authenticated by an API token
	signedIn bool   // authenticated by a session cookie
	csrf     string // the session's CSRF token
}

// callerKey is the echo.Context key of the caller.
const callerKey = "auth.caller"

func (s *Store) loadCaller(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if tok, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer "); ok {
			u, err := s.UserByToken(ctx, strings.TrimSpace(tok))
			if err != nil {
				return err
			}
			s.setUser(c, u, "")
			c.Set(callerKey, caller{bearer: true})
			return next(c)
		}
		var who caller
		if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
			sess, err := s.SessionBySecret(ctx, ck.Value)
			switch {
			case err == nil:
				s.setUser(c, sess.User, sess.CSRF)
				who = caller{signedIn: true, csrf: sess.CSRF}
			case apperr.KindOf(err) == apperr.Unauthorized:
				clearCookie(c, SessionCookie)
				web.MarkSessionLost(c)
			default:
				return err
			}
		}
		c.Set(callerKey, who)
		return next(c)
	}
}

func checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		who, ok := c.Get(callerKey).(caller)
		if !ok {
			return apperr.Wrap(errors.New("auth: the CSRF gate runs without the session gate before it"))
		}
		if who.bearer {
			return next(c)
		}
		csrf := who.csrf
		if csrf == "" && !web.IsStatic(c) {
			// Static files are cached for a year by browsers and any
			// proxy on the way: a cookie set with them would be handed
			// out with the cached copy. They take no form either.
			csrf = preSessionToken(c)
		}
		c.Set("csrf", csrf)
		// An API call without a session carries no ambient authority to
		// abuse (it is refused unless public, and the public token call
		// answers only to a password), so only cookie sessions and the
		// pages' own forms are checked.
		needCheck := who.signedIn || !web.IsAPI(c)
		if needCheck && unsafe(c.Request().Method) {
			ok, err := csrfMatches(c, csrf)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.New(apperr.Forbidden, "csrf_failed", apperr.M("error.csrf"))
			}
		}
		return next(c)
	}
}

func (s *Store) setUser(c echo.Context, u *User, csrf string) {
	c.Set("user", u)
	web.SetViewer(c, u.Viewer(csrf))
	req := c.Request()
	c.SetRequest(req.WithContext(db.WithActor(req.Context(), u.ID)))
}

func unsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// csrfMatches compares the header, or for a form post the "csrf" field, with
// the expected token in constant time. Reading a form may meet a body over
// the limit: that is a 413, not a forged token.
func csrfMatches(c echo.Context, want string) (bool, error) {
	got := c.Request().Header.Get(CSRFHeader)
	if got == "" {
		ct := c.Request().Header.Get(echo.HeaderContentType)
		switch {
		case strings.HasPrefix(ct, echo.MIMEMultipartForm):
			if err := c.Request().ParseMultipartForm(32 << 20); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return false, apperr.New(apperr.TooLarge, "too_large", apperr.M("error.too_large"))
				}
				return false, nil
			}
			got = c.Request().FormValue("csrf")
		case strings.HasPrefix(ct, echo.MIMEApplicationForm):
			got = c.FormValue("csrf")
		}
	}
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1, nil
}

// preSessionToken returns the double-submit token of a browser that is not
// signed in, setting its cookie on first sight.
func preSessionToken(c echo.Context) string {
	if ck, err := c.Cookie(preCSRFCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	tok := newSecret()
	c.SetCookie(&http.Cookie{Name: preCSRFCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: web.IsTLS(c), SameSite: http.SameSiteLaxMode})
	// The request's own check must see it too: a first visit that posts at
	// once has no cookie and fails, as it should.
	return tok
}

func setSessionCookie(c echo.Context, secret string) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true,
		Secure: web.IsTLS(c), SameSite: http.SameSiteLaxMode})
}

func clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: web.IsTLS(c), SameSite: http.SameSiteLaxMode})
}
