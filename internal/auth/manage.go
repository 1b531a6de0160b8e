package auth

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// forbiddenRole is what an office user meets when touching an admin or
// office account.
func forbiddenRole() error {
	return apperr.New(apperr.Forbidden, "forbidden_role", apperr.M("error.forbidden_role"))
}

// UpdateUser applies a patch by actor. Returns apperr.NotFound,
// apperr.Forbidden (a role the actor may not manage), apperr.Invalid.
func (s *Store) UpdateUser(ctx context.Context, actor *User, username string, p UserPatch) (*User, error) {
	if err := valid.Struct(p); err != nil {
		return nil, err
	}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		u, err := userWhere(ctx, tx.Tx, `u.username = ?`, username)
		if err != nil {
			return err
		}
		if !actor.CanManageRole(u.Role) || (p.Role != nil && !actor.CanManageRole(*p.Role)) {
			return forbiddenRole()
		}
		role, unit := u.Role, u.UnitCode
		if p.Role != nil {
			role = text.Clean(*p.Role)
		}
		if p.Unit != nil {
			unit = text.Clean(*p.Unit)
		}
		f := apperr.Fields{}
		checkRoleUnit(f, role, unit)
		name := u.DisplayName
		if p.DisplayName != nil {
			if name = text.Clean(*p.DisplayName); name == "" {
				f.Add("display_name", apperr.M("validation.required"))
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var unitID any
		if unit != "" {
			id, err := org.UnitIDTx(tx, unit)
			if err != nil {
				return apperr.InvalidFields(map[string]apperr.Msg{"unit": apperr.M("validation.unknown_unit", "code", unit)})
			}
			unitID = id
		}
		lang := u.Lang
		if p.Lang != nil {
			lang = *p.Lang
		}
		if _, err := tx.Exec(`UPDATE users SET display_name = ?, search_key = ?, role = ?, unit_id = ?, lang = ?, updated_at = ? WHERE id = ?`,
			name, text.Fold(name), role, unitID, lang, db.FormatTime(tx.Now), u.ID); err != nil {
			return fmt.Errorf("auth: update user %s: %w", username, err)
		}
		return tx.Record("user", username, "update", map[string]any{
			"display_name": diff(u.DisplayName, name), "role": diff(u.Role, role), "unit": diff(u.UnitCode, unit)})
	})
	if err != nil {
		return nil, err
	}
	return s.UserByUsername(ctx, username)
}

// diff summarises a field for the trail: nil when unchanged.
func diff(before, after string) any {
	if before == after {
		return nil
	}
	return map[string]string{"from": before, "to": after}
}

// SetLang remembers a user's language; it needs no trail entry.
func (s *Store) SetLang(ctx context.Context, userID int64, lang string) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(`UPDATE users SET lang = ? WHERE id = ?`, lang, userID)
		return err
	})
}

// SetActive deactivates or reactivates a user; a deactivated user's sessions
// end and tokens are revoked at once, and neither comes back on
// reactivation. Users are never deleted, since they
// authored records. Returns apperr.NotFound, apperr.Forbidden.
func (s *Store) SetActive(ctx context.Context, actor *User, username string, active bool) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		u, err := userWhere(ctx, tx.Tx, `u.username = ?`, username)
		if err != nil {
			return err
		}
		if !actor.CanManageRole(u.Role) {
			return forbiddenRole()
		}
		if u.ID == actor.ID && !active {
			return apperr.New(apperr.Conflict, "deactivate_self", apperr.M("error.deactivate_self"))
		}
		if _, err := tx.Exec(`UPDATE users SET active = ?, updated_at = ? WHERE id = ?`, active, db.FormatTime(tx.Now), u.ID); err != nil {
			return fmt.Errorf("auth: set active %s: %w", username, err)
		}
		// Deactivating ends the sessions and revokes the tokens; reactivating
		// revokes again whatever a database from before this rule still holds
		// live, so that no token comes back with the account: the user signs
		// in afresh and asks for new ones.
		revoked, err := endAccess(tx, u.ID)
		if err != nil {
			return err
		}
		action := "deactivate"
		if active {
			action = "reactivate"
		}
		return tx.Record("user", username, action, map[string]any{"tokens_revoked": revoked})
	})
}

// ResetPassword sets a new password chosen by an administrator; the user must
// change it at next sign-in, and their sessions end. Returns apperr.NotFound,
// apperr.Forbidden, apperr.Invalid.
func (s *Store) ResetPassword(ctx context.Context, actor *User, username, password string) error {
	if !PasswordLongEnough(password) {
		return apperr.InvalidFields(map[string]apperr.Msg{"password": apperr.M("validation.password_short", "min", MinPasswordLength)})
	}
	hash, err := HashPassword(password, s.Params)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		u, err := userWhere(ctx, tx.Tx, `u.username = ?`, username)
		if err != nil {
			return err
		}
		if !actor.CanManageRole(u.Role) {
			return forbiddenRole()
		}
		revoked, err := setPassword(tx, u.ID, hash, true)
		if err != nil {
			return err
		}
		return tx.Record("user", username, "reset_password", map[string]any{"tokens_revoked": revoked})
	})
}

// ChangePassword changes the user's own password after checking the current
// one, and ends every session of the user (the caller starts a new one).
// Returns apperr.Invalid naming "current" or "new".
func (s *Store) ChangePassword(ctx context.Context, userID int64, current, next string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	if ok, _ := VerifyPassword(u.passwordHash, current); !ok {
		f.Add("current", apperr.M("validation.password_wrong"))
	}
	if !PasswordLongEnough(next) {
		f.Add("new", apperr.M("validation.password_short", "min", MinPasswordLength))
	} else if current == next {
		f.Add("new", apperr.M("validation.password_same"))
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next, s.Params)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		revoked, err := setPassword(tx, userID, hash, false)
		if err != nil {
			return err
		}
		return tx.Record("user", u.Username, "change_password", map[string]any{"tokens_revoked": revoked})
	})
}

// setPassword stores a new hash and ends every session and token of the
// user: whoever held the old password, or a token got with it, is out.
// Returns how many tokens were revoked.
func setPassword(tx *db.Tx, userID int64, hash string, mustChange bool) (int64, error) {
	now := db.FormatTime(tx.Now)
	if _, err := tx.Exec(`UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`,
		hash, mustChange, now, now, userID); err != nil {
		return 0, fmt.Errorf("auth: set password: %w", err)
	}
	return endAccess(tx, userID)
}

// endAccess ends the user's sessions and revokes their live API tokens,
// returning how many tokens were revoked.
func endAccess(tx *db.Tx, userID int64) (int64, error) {
	if _, err := tx.Exec(`DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return 0, fmt.Errorf("auth: end sessions: %w", err)
	}
	return revokeTokens(tx, userID)
}
