package auth

import (
	"context"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
)

// SetUp makes an empty deployment usable in one step, as `crossaudit init`
// and the setup page do: it declares the organiser and creates the first
// administrator, both or neither. Returns apperr.Invalid naming each field
// (the profile's, and the admin's as "admin.username", "admin.password"…),
// and apperr.Conflict (owner_exists) when an organiser is already declared,
// in which case nothing changes.
func (s *Store) SetUp(ctx context.Context, p org.Profile, admin UserInput) (*User, error) {
	admin.Role = role.Admin
	admin.Unit = ""
	f := apperr.Fields{}
	if err := p.Validate(); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add(k, m)
		}
	}
	if err := admin.Validate(true); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add("admin."+k, m)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	// Hashing takes tens of milliseconds by design: outside the writer.
	hash, err := HashPassword(admin.Password, s.Params)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := org.DeclareOwner(tx, p); err != nil {
			return err
		}
		u, err = CreateUserTx(tx, admin, hash, false)
		return err
	})
	return u, err
}
