package web

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Viewer is what pages need to know of the signed-in user; auth's session
// gate sets it.
type Viewer struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        string
	UnitCode    string
	UnitName    string
	Lang        string
	CSRF        string
	// MustChangePassword sends the user to the password page first.
	MustChangePassword bool
}

// SetViewer stores the signed-in user's view for this request.
func SetViewer(c echo.Context, v *Viewer) { c.Set("viewer", v) }

// ViewerOf returns the signed-in user's view, or nil before sign-in.
func ViewerOf(c echo.Context) *Viewer {
	v, _ := c.Get("viewer").(*Viewer)
	return v
}

// LangCookie remembers the language chosen before sign-in.
const LangCookie = "lang"

// Lang is the request's language: the user's choice once signed in, else the
// language cookie, else Accept-Language, else Vietnamese.
func Lang(c echo.Context) string {
	if v := ViewerOf(c); v != nil && v.Lang != "" {
		return i18n.Match(v.Lang)
	}
	if ck, err := c.Cookie(LangCookie); err == nil && ck.Value != "" {
		return i18n.Match(ck.Value)
	}
	return i18n.FromAcceptLanguage(c.Request().Header.Get("Accept-Language"))
}

// SetLangCookie remembers lang in the browser for a year.
func SetLangCookie(c echo.Context, lang string) {
	c.SetCookie(&http.Cookie{
		Name: LangCookie, Value: i18n.Match(lang), Path: "/",
		Expires: time.Now().AddDate(1, 0, 0), HttpOnly: true,
		Secure: IsTLS(c), SameSite: http.SameSiteLaxMode,
	})
}

// IsTLS reports whether the request arrived over TLS, directly or through a
// proxy that says so.
func IsTLS(c echo.Context) bool {
	return c.Request().TLS != nil || c.Request().Header.Get("X-Forwarded-Proto") == "https"
}

const flashCookie = "flash"

// SetFlash leaves a message for the next page to show (post/redirect/get): a
// catalogue key with its placeholder values as alternating names and values,
// as for apperr.M.
func SetFlash(c echo.Context, key string, kv ...any) {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(fmt.Sprint(kv[i]), fmt.Sprint(kv[i+1]))
	}
	// Base64 keeps any value within the characters a cookie may hold.
	value := base64.RawURLEncoding.EncodeToString([]byte(key + "?" + q.Encode()))
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: value, Path: "/", HttpOnly: true,
		Secure: IsTLS(c), SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash reads and clears the flash message. The page shows it only when
// its key is in the catalogue, so a forged cookie can show nothing else.
func takeFlash(c echo.Context) (apperr.Msg, bool) {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" {
		return apperr.Msg{}, false
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return apperr.Msg{}, false
	}
	key, query, _ := strings.Cut(string(raw), "?")
	q, _ := url.ParseQuery(query)
	m := apperr.Msg{Key: key}
	if len(q) > 0 {
		m.Args = make(map[string]any, len(q))
		for k := range q {
			m.Args[k] = q.Get(k)
		}
	}
	return m, true
}
