package auth

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// API serves tokens, the caller's own account, users and the audit trail.
type API struct {
	Store *Store
	Guard *Guard
}

// Routes registers the API with its rules (CONTRACT.md, "Who may do what").
func (a *API) Routes(r *web.Router) {
	staff := web.Roles(role.Admin, role.Office)
	r.POST("/api/v1/tokens", a.createToken, web.Public())
	r.GET("/api/v1/tokens", a.listTokens, web.SignedIn())
	r.DELETE("/api/v1/tokens/:id", a.revokeToken, web.SignedIn())
	r.GET("/api/v1/me", a.me, web.SignedIn())
	r.GET("/api/v1/users", a.listUsers, staff)
	r.POST("/api/v1/users", a.createUser, staff)
	r.POST("/api/v1/users/import", a.importUsers, staff)
	r.GET("/api/v1/users/:username", a.getUser, staff)
	r.PATCH("/api/v1/users/:username", a.updateUser, staff)
	r.POST("/api/v1/users/:username/deactivate", a.deactivate, staff)
	r.POST("/api/v1/users/:username/activate", a.activate, staff)
	r.POST("/api/v1/users/:username/reset-password", a.resetPassword, staff)
	r.GET("/api/v1/users/:username/tokens", a.listUserTokens, staff)
	r.DELETE("/api/v1/users/:username/tokens/:id", a.revokeUserToken, staff)
	r.GET("/api/v1/events", a.listEvents, staff)
}

type tokenRequest struct {
	Username      string `json:"username" validate:"required"`
	Password      string `json:"password" validate:"required"`
	Name          string `json:"name" validate:"max=100"`
	ExpiresInDays int    `json:"expires_in_days" validate:"gte=0,lte=90"`
}

func (a *API) createToken(c echo.Context) error {
	var in tokenRequest
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	u, err := a.Guard.SignIn(c.Request().Context(), in.Username, in.Password, c.RealIP())
	if err != nil {
		SetRetryAfter(c, err)
		return err
	}
	if u.MustChangePassword {
		return apperr.New(apperr.Forbidden, "password_change_required", apperr.M("error.password_change_required"))
	}
	secret, t, err := a.Store.CreateToken(c.Request().Context(), u.ID, in.Name, time.Duration(in.ExpiresInDays)*24*time.Hour)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": secret, "id": t.ID, "expires_at": t.ExpiresAt})
}

func (a *API) listTokens(c echo.Context) error {
	ts, err := a.Store.ListTokens(c.Request().Context(), UserOf(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

func (a *API) revokeToken(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.token")
	if err != nil {
		return err
	}
	if err := a.Store.RevokeToken(c.Request().Context(), UserOf(c).ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) me(c echo.Context) error { return c.JSON(http.StatusOK, UserOf(c)) }

// manageable returns the roles the caller may manage, to narrow lists.
func manageable(u *User) []string {
	var out []string
	for _, r := range role.All {
		if u.CanManageRole(r) {
			out = append(out, r)
		}
	}
	return out
}

func (a *API) listUsers(c echo.Context) error {
	users, err := a.Store.ListUsers(c.Request().Context(), UserFilter{
		Query: c.QueryParam("q"), Role: c.QueryParam("role"), Unit: c.QueryParam("unit"), Roles: manageable(UserOf(c)),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, users)
}

// visibleUser loads a user the caller may manage; others are 404, so that an
// office clerk cannot even probe for administrator accounts.
func (a *API) visibleUser(c echo.Context) (*User, error) {
	u, err := a.Store.UserByUsername(c.Request().Context(), c.Param("username"))
	if err != nil {
		return nil, err
	}
	if !UserOf(c).CanManageRole(u.Role) {
		return nil, apperr.NotFoundThing("thing.user")
	}
	return u, nil
}

func (a *API) getUser(c echo.Context) error {
	u, err := a.visibleUser(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (a *API) createUser(c echo.Context) error {
	var in UserInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Role != "" && !UserOf(c).CanManageRole(in.Role) {
		return forbiddenRole()
	}
	u, err := a.Store.CreateUser(c.Request().Context(), in, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (a *API) updateUser(c echo.Context) error {
	if _, err := a.visibleUser(c); err != nil {
		return err
	}
	var p UserPatch
	if err := web.BindJSON(c, &p); err != nil {
		return err
	}
	u, err := a.Store.UpdateUser(c.Request().Context(), UserOf(c), c.Param("username"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (a *API) setActive(c echo.Context, active bool) error {
	if _, err := a.visibleUser(c); err != nil {
		return err
	}
	if err := a.Store.SetActive(c.Request().Context(), UserOf(c), c.Param("username"), active); err != nil {
		return err
	}
	u, err := a.Store.UserByUsername(c.Request().Context(), c.Param("username"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (a *API) deactivate(c echo.Context) error { return a.setActive(c, false) }
func (a *API) activate(c echo.Context) error   { return a.setActive(c, true) }

type resetRequest struct {
	Password string `json:"password" validate:"required"`
}

func (a *API) resetPassword(c echo.Context) error {
	if _, err := a.visibleUser(c); err != nil {
		return err
	}
	var in resetRequest
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := a.Store.ResetPassword(c.Request().Context(), UserOf(c), c.Param("username"), in.Password); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listUserTokens lists another user's tokens, for an administrator who must
// see what can act in that user's name (no secrets: only names and dates).
func (a *API) listUserTokens(c echo.Context) error {
	u, err := a.visibleUser(c)
	if err != nil {
		return err
	}
	ts, err := a.Store.ListTokens(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

// revokeUserToken revokes one of another user's tokens, say one that
// leaked; a token that is not that user's is 404.
func (a *API) revokeUserToken(c echo.Context) error {
	u, err := a.visibleUser(c)
	if err != nil {
		return err
	}
	id, err := web.PathID(c, "id", "thing.token")
	if err != nil {
		return err
	}
	if err := a.Store.RevokeToken(c.Request().Context(), u.ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
