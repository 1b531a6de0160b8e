package auth

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Setup serves the one-time setup page of a deployment that has no
// organiser yet: `serve` arms it with a random code printed only on its
// console, and whoever holds the address (/setup?code=…) declares the
// organiser and the first administrator. Once that is done, or when it was
// never armed, /setup answers 404.
type Setup struct {
	Store *Store
	Views *web.Views
	mu    sync.Mutex
	code  string // "" when not armed
}

// NewSetupCode returns a fresh one-time code for Arm: 256 random bits.
func NewSetupCode() string { return newSecret() }

// Arm makes the setup page answer to code until setup is done.
func (h *Setup) Arm(code string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.code = code
}

// Pending reports whether the setup page is armed: every page leads there
// until it is used (see Gate).
func (h *Setup) Pending() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.code != ""
}

// valid reports whether code is the armed one, in constant time.
func (h *Setup) valid(code string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.code != "" && subtle.ConstantTimeCompare([]byte(code), []byte(h.code)) == 1
}

// Routes registers the page: public, since nobody can sign in yet; the
// code is the key.
func (h *Setup) Routes(r *web.Router) {
	r.GET("/setup", h.page, web.Public())
	r.POST("/setup", h.post, web.Public())
}

// GateSetup is the name of the setup gate in the security chain.
const GateSetup = "setup"

// Gate sends every page to /setup while setup is pending: a deployment
// without an organiser cannot do anything useful, and the page says where
// the address with the code is. The API, static files and the health check
// pass (creating units still answers 409 no_owner, CONTRACT.md).
func (h *Setup) Gate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if !h.Pending() || c.Request().Method != http.MethodGet || p == "/setup" || p == "/healthz" || p == "/sw.js" ||
			strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") {
			return next(c)
		}
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
}

// setupForm is the setup page: what was typed, never the password, and
// whether the code was given (without it the page only explains).
type setupForm struct {
	Code        string
	P           org.Profile
	Username    string
	DisplayName string
}

func (h *Setup) page(c echo.Context) error {
	code := c.QueryParam("code")
	if !h.Pending() || (code != "" && !h.valid(code)) {
		return apperr.NotFoundThing("thing.setup")
	}
	return h.Views.Render(c, http.StatusOK, "setup", setupForm{Code: code})
}

func (h *Setup) post(c echo.Context) error {
	code := c.FormValue("code")
	if !h.valid(code) {
		return apperr.NotFoundThing("thing.setup")
	}
	d := setupForm{Code: code, Username: c.FormValue("admin.username"), DisplayName: c.FormValue("admin.display_name"),
		P: org.Profile{Name: c.FormValue("name"), Parent: c.FormValue("parent"), Place: c.FormValue("place"), Symbol: c.FormValue("symbol")}}
	admin := UserInput{Username: d.Username, DisplayName: d.DisplayName, Password: c.FormValue("admin.password")}
	if c.FormValue("admin.password") != c.FormValue("admin.password2") {
		return h.Views.RenderInvalid(c, "setup", d, apperr.InvalidFields(map[string]apperr.Msg{"admin.password2": apperr.M("validation.password_mismatch")}))
	}
	if _, err := h.Store.SetUp(c.Request().Context(), d.P, admin); err != nil {
		return h.Views.RenderInvalid(c, "setup", d, err)
	}
	h.Arm("") // the address is dead from now on
	web.SetFlash(c, "setup.done")
	return c.Redirect(http.StatusSeeOther, "/login")
}
