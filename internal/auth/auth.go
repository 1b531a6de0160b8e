// Package auth is identity and access: users and their roles scoped by unit,
// password hashing, browser sessions with CSRF tokens, API bearer tokens,
// sign-in throttling, the gates that load the signed-in user and check CSRF
// tokens (SessionGate, CSRFGate; the application installs them), and the
// audit-trail API.
//
// Who may pass a route is decided in one place, web.Router's rules; what a
// user may see or change within a route is decided by the unit-scoping
// methods of User, which the domain packages call.
package auth

import (
	"regexp"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
	"github.com/crossaudit/crossaudit/internal/web"
)

// User is a person who signs in.
type User struct {
	ID                 int64     `json:"-"`
	Username           string    `json:"username"`
	DisplayName        string    `json:"display_name"`
	Role               string    `json:"role"`
	UnitID             int64     `json:"-"`
	UnitCode           string    `json:"unit,omitempty"`
	UnitName           string    `json:"unit_name,omitempty"`
	Active             bool      `json:"active"`
	MustChangePassword bool      `json:"must_change_password"`
	Lang               string    `json:"lang,omitempty"`
	CreatedAt          time.Time `json:"created_at"`
	// Predecessors are the codes of the units merged into the user's unit,
	// filled when the user is read by id or username (the signed-in user).
	Predecessors []string `json:"-"`
	passwordHash string
}

// IsStaff reports whether the user belongs to the reform office or
// administers the system: they see every unit.
func (u *User) IsStaff() bool { return u.Role == role.Admin || u.Role == role.Office }

// InUnit reports whether the user belongs to the unit with that code, or
// to the unit it was merged into: a merged unit's records (audits, open
// nonconformities) pass to its successor's people.
func (u *User) InUnit(code string) bool {
	return u.UnitCode != "" && (u.UnitCode == code || u.inPredecessor(code))
}

// CanSeeUnit reports whether the user may see a unit's own records (its
// audits as auditee, its nonconformities): staff see all, others their own.
func (u *User) CanSeeUnit(code string) bool { return u.IsStaff() || u.InUnit(code) }

// CanManageRole reports whether the user may create or change users of the
// role r: admins any role, the office only auditors and auditees
// (CONTRACT.md).
func (u *User) CanManageRole(r string) bool {
	switch u.Role {
	case role.Admin:
		return true
	case role.Office:
		return r == role.Auditor || r == role.Auditee
	}
	return false
}

// Viewer returns what pages need to know of the user.
func (u *User) Viewer(csrf string) *web.Viewer {
	return &web.Viewer{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role,
		UnitCode: u.UnitCode, UnitName: u.UnitName, Lang: u.Lang, CSRF: csrf, MustChangePassword: u.MustChangePassword}
}

// UserInput is a user as a client creates it.
type UserInput struct {
	Username    string `json:"username" form:"username" validate:"required,max=64"`
	DisplayName string `json:"display_name" form:"display_name" validate:"max=200"`
	Password    string `json:"password" form:"password"`
	Role        string `json:"role" form:"role" validate:"required"`
	Unit        string `json:"unit" form:"unit" validate:"max=32"`
}

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Validate normalises the input and checks every field, the password too
// unless generated: the tags, then the rules tags cannot say. Returns
// apperr.Invalid naming each field.
func (in *UserInput) Validate(needPassword bool) error {
	in.Username = text.Clean(in.Username)
	in.DisplayName = text.Clean(in.DisplayName)
	in.Role = text.Clean(in.Role)
	in.Unit = text.Clean(in.Unit)
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	f := apperr.Fields{}
	valid.Check(f, in)
	// Not a tag: BindJSON checks the tags on the raw body, before cleaning
	// trims surrounding white space such as a form feed.
	valid.CheckVar(f, "display_name", in.DisplayName, "text")
	if in.Username != "" && !usernamePattern.MatchString(in.Username) {
		f.Add("username", apperr.M("validation.username_chars"))
	}
	checkRoleUnit(f, in.Role, in.Unit)
	if needPassword && !PasswordLongEnough(in.Password) {
		f.Add("password", apperr.M("validation.password_short", "min", MinPasswordLength))
	}
	return f.Err()
}

// checkRoleUnit: auditors and auditees belong to a unit, admin and office to none.
func checkRoleUnit(f apperr.Fields, r, unit string) {
	switch {
	case r == "":
	case !role.Known(r):
		f.Add("role", apperr.M("validation.role"))
	case (r == role.Auditor || r == role.Auditee) && unit == "":
		f.Add("unit", apperr.M("validation.unit_required"))
	case (r == role.Admin || r == role.Office) && unit != "":
		f.Add("unit", apperr.M("validation.unit_forbidden"))
	}
}

// UserPatch is an edit of a user; nil fields are left alone.
type UserPatch struct {
	DisplayName *string `json:"display_name" validate:"omitempty,max=200"`
	Role        *string `json:"role"`
	Unit        *string `json:"unit" validate:"omitempty,max=32"`
	Lang        *string `json:"lang" validate:"omitempty,oneof=vi en"`
}
