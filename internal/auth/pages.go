package auth

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Pages serves sign-in, sign-out, the password page, the language switch,
// the home page, the user's own account, and (userpages.go, trailpages.go)
// the users and audit-trail pages.
type Pages struct {
	Store *Store
	Guard *Guard
	Views *web.Views
}

// Routes registers the pages with their rules.
func (p *Pages) Routes(r *web.Router) {
	r.GET("/login", p.loginForm, web.Public())
	r.POST("/login", p.login, web.Public())
	forced := web.SignedIn()
	forced.DuringForcedChange = true
	r.POST("/logout", p.logout, forced)
	r.GET("/password", p.passwordForm, forced)
	r.POST("/password", p.changePassword, forced)
	r.POST("/lang", p.setLang, web.Public())
	r.GET("/", p.home, web.SignedIn())
	r.GET("/account", p.account, web.SignedIn())
	r.POST("/account/tokens/:id/revoke", p.revokeOwnToken, web.SignedIn())
	p.userPages(r)
	p.trailPages(r)
}

type loginData struct {
	Username string
	Next     string
	Error    string
}

func (p *Pages) loginForm(c echo.Context) error {
	if UserOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return p.Views.Render(c, http.StatusOK, "login", loginData{Next: localPath(c.QueryParam("next"))})
}

func (p *Pages) login(c echo.Context) error {
	username, password := c.FormValue("username"), c.FormValue("password")
	next := localPath(c.FormValue("next"))
	// RealIP is the application's IP extractor: forwarding headers count
	// only from a trusted proxy.
	u, err := p.Guard.SignIn(c.Request().Context(), username, password, c.RealIP())
	if err != nil {
		e := apperr.As(err)
		if e.Kind == apperr.Internal {
			return err
		}
		SetRetryAfter(c, err)
		page := p.Views.NewPage(c, nil)
		page.Data = loginData{Username: username, Next: next, Error: page.Msg(e.Message)}
		return p.Views.RenderPage(c, web.Status(err), "login", page)
	}
	secret, _, err := p.Store.CreateSession(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	setSessionCookie(c, secret)
	clearCookie(c, preCSRFCookie)
	if u.MustChangePassword {
		return c.Redirect(http.StatusSeeOther, "/password")
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// localPath keeps a redirect target on this site: "/x" yes, "//evil" and
// "https://evil" no.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (p *Pages) logout(c echo.Context) error {
	if ck, err := c.Cookie(SessionCookie); err == nil {
		if err := p.Store.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	clearCookie(c, SessionCookie)
	web.SetFlash(c, "login.signed_out")
	return c.Redirect(http.StatusSeeOther, "/login")
}

type passwordData struct {
	MinLength int
	Errors    map[string]string
}

func (p *Pages) passwordForm(c echo.Context) error {
	return p.Views.Render(c, http.StatusOK, "password", passwordData{MinLength: MinPasswordLength})
}

func (p *Pages) changePassword(c echo.Context) error {
	u := UserOf(c)
	current, next, confirm := c.FormValue("current"), c.FormValue("new"), c.FormValue("confirm")
	var err error
	if next != confirm {
		err = apperr.InvalidFields(map[string]apperr.Msg{"confirm": apperr.M("validation.password_mismatch")})
	} else {
		err = p.Store.ChangePassword(c.Request().Context(), u.ID, current, next)
	}
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.Invalid {
			return err
		}
		page := p.Views.NewPage(c, nil)
		errs := map[string]string{}
		for k, m := range e.Fields {
			errs[k] = page.Msg(m)
		}
		page.Data = passwordData{MinLength: MinPasswordLength, Errors: errs}
		return p.Views.RenderPage(c, http.StatusUnprocessableEntity, "password", page)
	}
	// Every session ended with the change, this one too.
	clearCookie(c, SessionCookie)
	web.SetFlash(c, "password.changed")
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (p *Pages) setLang(c echo.Context) error {
	lang := i18n.Match(c.FormValue("lang"))
	web.SetLangCookie(c, lang)
	if u := UserOf(c); u != nil {
		if err := p.Store.SetLang(c.Request().Context(), u.ID, lang); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

// home shows what waits for the user, assembled from what the packages
// registered with the shell (web.Shell): the shell itself knows none of them.
func (p *Pages) home(c echo.Context) error {
	h, err := p.Views.Shell.Home(c.Request().Context(), web.ViewerOf(c))
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "home", h)
}

// accountData is the user's own account: who they are and their API tokens.
type accountData struct {
	User   *User
	Tokens []tokenView
}

// tokenView is a token with its state for display: "active", "expired" or
// "revoked" (a catalogue key suffix).
type tokenView struct {
	Token
	State string
}

func (p *Pages) account(c echo.Context) error {
	u := UserOf(c)
	ts, err := p.tokenViews(c, u.ID)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "account", accountData{User: u, Tokens: ts})
}

// tokenViews lists a user's tokens with their states, newest first.
func (p *Pages) tokenViews(c echo.Context, userID int64) ([]tokenView, error) {
	ts, err := p.Store.ListTokens(c.Request().Context(), userID)
	if err != nil {
		return nil, err
	}
	var out []tokenView
	now := p.Store.now()
	for _, t := range ts {
		state := "active"
		switch {
		case t.RevokedAt != nil:
			state = "revoked"
		case !now.Before(t.ExpiresAt):
			state = "expired"
		}
		out = append(out, tokenView{Token: t, State: state})
	}
	return out, nil
}

// revokeOwnToken revokes one of the user's own tokens; another user's is 404.
func (p *Pages) revokeOwnToken(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.token")
	if err != nil {
		return err
	}
	if err := p.Store.RevokeToken(c.Request().Context(), UserOf(c).ID, id); err != nil {
		return err
	}
	web.SetFlash(c, "account.token_revoked")
	return c.Redirect(http.StatusSeeOther, "/account")
}
