package auth

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// userPages registers the users pages. The rule lets admin and office in;
// which users each may see and change is narrowed by CanManageRole (CONTRACT.md:
// admin any role, office only auditors and auditees), and a user the caller
// may not manage is 404, as in the API.
func (p *Pages) userPages(r *web.Router) {
	staff := web.Roles(role.Admin, role.Office)
	r.GET("/users", p.users, staff)
	r.GET("/users/new", p.newUserForm, staff)
	r.POST("/users/new", p.createUser, staff)
	r.GET("/users/import", p.importUsersForm, staff)
	r.POST("/users/import", p.importUsersFile, staff)
	r.GET("/users/:username/edit", p.editUserForm, staff)
	r.POST("/users/:username/edit", p.updateUser, staff)
	r.POST("/users/:username/password", p.resetUserPassword, staff)
	r.POST("/users/:username/deactivate", p.deactivateUser, staff)
	r.POST("/users/:username/activate", p.activateUser, staff)
	r.POST("/users/:username/tokens/:id/revoke", p.revokeUserToken, staff)
	p.Views.Shell.AddNav(web.NavEntry{Path: "/users", Label: "nav.users", Roles: staff.Roles, Order: web.NavOrderAdmin + 1,
		Hint: "users.hint", HomeRoles: staff.Roles})
}

type usersData struct {
	Query, Role, Unit string
	Roles             []string // the roles the caller manages, for the filter
	Units             []org.Unit
	Users             []*User
	Pager             web.Pager
}

func (p *Pages) units(c echo.Context) ([]org.Unit, error) {
	return (&org.Store{DB: p.Store.DB}).ListUnits(c.Request().Context(), org.UnitFilter{})
}

func (p *Pages) users(c echo.Context) error {
	actor := UserOf(c)
	d := usersData{Query: c.QueryParam("q"), Role: c.QueryParam("role"), Unit: c.QueryParam("unit"), Roles: manageable(actor)}
	users, err := p.Store.ListUsers(c.Request().Context(), UserFilter{Query: d.Query, Role: d.Role, Unit: d.Unit, Roles: d.Roles})
	if err != nil {
		return err
	}
	if d.Units, err = p.units(c); err != nil {
		return err
	}
	d.Users, d.Pager = web.Paginate(c, users, web.PerPage)
	return p.Views.Render(c, http.StatusOK, "users", d)
}

// userFormData is the form to create a user or the page of one user, with
// what the caller typed.
type userFormData struct {
	New        bool
	In         UserInput
	MustChange bool
	User       *User // the stored user, on its page
	Tokens     []tokenView
	Roles      []string
	Units      []org.Unit
	MinLength  int
}

func (p *Pages) userForm(c echo.Context, d userFormData) (userFormData, error) {
	d.Roles, d.MinLength = manageable(UserOf(c)), MinPasswordLength
	var err error
	if d.User != nil {
		if d.Tokens, err = p.tokenViews(c, d.User.ID); err != nil {
			return d, err
		}
	}
	d.Units, err = p.units(c)
	return d, err
}

func (p *Pages) newUserForm(c echo.Context) error {
	d, err := p.userForm(c, userFormData{New: true, MustChange: true, In: UserInput{Role: roleDefault(UserOf(c))}})
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "user_form", d)
}

// roleDefault is the role a new user form starts with: the one created most
// often.
func roleDefault(actor *User) string {
	if actor.CanManageRole(role.Auditee) {
		return role.Auditee
	}
	return ""
}

func (p *Pages) createUser(c echo.Context) error {
	in := UserInput{Username: c.FormValue("username"), DisplayName: c.FormValue("display_name"),
		Role: c.FormValue("role"), Unit: c.FormValue("unit"), Password: c.FormValue("password")}
	mustChange := c.FormValue("must_change") == "1"
	if in.Role != "" && !UserOf(c).CanManageRole(in.Role) {
		return forbiddenRole()
	}
	u, err := p.Store.CreateUser(c.Request().Context(), in, mustChange)
	if err != nil {
		in.Password = "" // never sent back into the page
		d, derr := p.userForm(c, userFormData{New: true, In: in, MustChange: mustChange})
		if derr != nil {
			return derr
		}
		return p.Views.RenderInvalid(c, "user_form", d, err)
	}
	web.SetFlash(c, "users.created", "username", u.Username)
	return c.Redirect(http.StatusSeeOther, userPath(u.Username))
}

func userPath(username string) string { return "/users/" + url.PathEscape(username) + "/edit" }

// visibleUserPage loads the user a page is about, 404 when the caller may
// not manage them.
func (p *Pages) visibleUserPage(c echo.Context) (*User, error) {
	return (&API{Store: p.Store}).visibleUser(c)
}

func (p *Pages) editUserForm(c echo.Context) error {
	u, err := p.visibleUserPage(c)
	if err != nil {
		return err
	}
	d, err := p.userForm(c, userFormData{User: u, In: UserInput{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Unit: u.UnitCode}})
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "user_form", d)
}

// renderUserPage shows a user's page again after a failed change.
func (p *Pages) renderUserPage(c echo.Context, u *User, in UserInput, err error) error {
	d, derr := p.userForm(c, userFormData{User: u, In: in})
	if derr != nil {
		return derr
	}
	return p.Views.RenderInvalid(c, "user_form", d, err)
}

func (p *Pages) updateUser(c echo.Context) error {
	u, err := p.visibleUserPage(c)
	if err != nil {
		return err
	}
	in := UserInput{Username: u.Username, DisplayName: c.FormValue("display_name"), Role: c.FormValue("role"), Unit: c.FormValue("unit")}
	_, err = p.Store.UpdateUser(c.Request().Context(), UserOf(c), u.Username, UserPatch{DisplayName: &in.DisplayName, Role: &in.Role, Unit: &in.Unit})
	if err != nil {
		return p.renderUserPage(c, u, in, err)
	}
	web.SetFlash(c, "users.updated", "username", u.Username)
	return c.Redirect(http.StatusSeeOther, userPath(u.Username))
}

func (p *Pages) resetUserPassword(c echo.Context) error {
	u, err := p.visibleUserPage(c)
	if err != nil {
		return err
	}
	if err := p.Store.ResetPassword(c.Request().Context(), UserOf(c), u.Username, c.FormValue("password")); err != nil {
		return p.renderUserPage(c, u, UserInput{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Unit: u.UnitCode}, err)
	}
	web.SetFlash(c, "users.password_reset", "username", u.Username)
	return c.Redirect(http.StatusSeeOther, userPath(u.Username))
}

func (p *Pages) setUserActive(c echo.Context, active bool) error {
	u, err := p.visibleUserPage(c)
	if err != nil {
		return err
	}
	if err := p.Store.SetActive(c.Request().Context(), UserOf(c), u.Username, active); err != nil {
		return p.renderUserPage(c, u, UserInput{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Unit: u.UnitCode}, err)
	}
	flash := "users.deactivated"
	if active {
		flash = "users.activated"
	}
	web.SetFlash(c, flash, "username", u.Username)
	return c.Redirect(http.StatusSeeOther, userPath(u.Username))
}

// revokeUserToken revokes one of the user's tokens from their page; a
// token that is not theirs is 404.
func (p *Pages) revokeUserToken(c echo.Context) error {
	u, err := p.visibleUserPage(c)
	if err != nil {
		return err
	}
	id, err := web.PathID(c, "id", "thing.token")
	if err != nil {
		return err
	}
	if err := p.Store.RevokeToken(c.Request().Context(), u.ID, id); err != nil {
		return err
	}
	web.SetFlash(c, "users.token_revoked", "username", u.Username)
	return c.Redirect(http.StatusSeeOther, userPath(u.Username))
}

func (p *Pages) deactivateUser(c echo.Context) error { return p.setUserActive(c, false) }
func (p *Pages) activateUser(c echo.Context) error   { return p.setUserActive(c, true) }

// userImportData is the import page; Created lists the accounts of a
// successful import whose passwords were generated, shown this once.
type userImportData struct {
	Columns []string
	Created []ImportedUser
}

var userImportColumns = []string{"username", "display_name", "role", "unit", "password"}

func (p *Pages) importUsersForm(c echo.Context) error {
	return p.Views.Render(c, http.StatusOK, "user_import", userImportData{Columns: userImportColumns})
}

// importUsersFile imports a file all or nothing. When passwords were
// generated the page lists them this once instead of redirecting: they are
// stored only as hashes, so a redirect would lose them.
func (p *Pages) importUsersFile(c echo.Context) error {
	d := userImportData{Columns: userImportColumns}
	file, _, err := web.FormFile(c, "file")
	if err != nil {
		return p.Views.RenderInvalid(c, "user_import", d, err)
	}
	users, err := p.Store.ImportUsers(c.Request().Context(), UserOf(c), file)
	if err != nil {
		return p.Views.RenderInvalid(c, "user_import", d, err)
	}
	for _, u := range users {
		if u.Password != "" {
			d.Created = append(d.Created, u)
		}
	}
	if len(d.Created) == 0 {
		web.SetFlash(c, "users.imported", "n", len(users))
		return c.Redirect(http.StatusSeeOther, "/users")
	}
	page := p.Views.NewPage(c, d)
	page.Flash = page.T("users.imported", "n", len(users))
	return p.Views.RenderPage(c, http.StatusOK, "user_import", page)
}
