package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// TokenLifetime is how long an API token lives unless the client asks less.
const TokenLifetime = 90 * 24 * time.Hour

// Token describes an API token; its secret is shown once, at creation.
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// CreateToken issues a token for the user and returns its secret.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (string, Token, error) {
	if ttl <= 0 || ttl > TokenLifetime {
		ttl = TokenLifetime
	}
	secret := newSecret()
	var t Token
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(`INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashSecret(secret), userID, name, db.FormatTime(tx.Now), db.FormatTime(tx.Now.Add(ttl)))
		if err != nil {
			return fmt.Errorf("auth: create token: %w", err)
		}
		t.ID, _ = res.LastInsertId()
		t.Name, t.CreatedAt, t.ExpiresAt = name, tx.Now, tx.Now.Add(ttl)
		return tx.Record("token", t.ID, "create", map[string]any{"user_id": userID, "name": name})
	})
	return secret, t, err
}

// UserByToken returns the active user of a live token. Returns
// apperr.Unauthorized when unknown, expired, revoked, the user inactive, or
// the token older than the user's password: a password change revokes the
// tokens, and the date check keeps that true of tokens a database from
// before the rule still holds.
func (s *Store) UserByToken(ctx context.Context, secret string) (*User, error) {
	var id, userID int64
	var created, expires, lastUsed, changed string
	var revoked *string
	err := s.DB.R.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.created_at, t.expires_at, t.revoked_at, COALESCE(t.last_used_at, ''), u.password_changed_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
		hashSecret(secret)).Scan(&id, &userID, &created, &expires, &revoked, &lastUsed, &changed)
	if db.NoRows(err) {
		return nil, errUnauthorized()
	}
	if err != nil {
		return nil, fmt.Errorf("auth: token: %w", err)
	}
	now := s.now()
	if exp, _ := db.ParseTime(expires); revoked != nil || !now.Before(exp) || olderThanPassword(created, changed) {
		return nil, errUnauthorized()
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil || !u.Active {
		return nil, errUnauthorized()
	}
	if last, err := db.ParseTime(lastUsed); err != nil || now.Sub(last) > sessionTouchGap {
		if err := s.DB.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, db.FormatTime(tx.Now), id)
			return err
		}); err != nil {
			return nil, fmt.Errorf("auth: touch token: %w", err)
		}
	}
	return u, nil
}

// ListTokens returns the user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, name, created_at, expires_at, revoked_at, last_used_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var created, expires string
		var revoked, used *string
		if err := rows.Scan(&t.ID, &t.Name, &created, &expires, &revoked, &used); err != nil {
			return nil, fmt.Errorf("auth: list tokens: %w", err)
		}
		t.CreatedAt, _ = db.ParseTime(created)
		t.ExpiresAt, _ = db.ParseTime(expires)
		t.RevokedAt, t.LastUsedAt = optTime(revoked), optTime(used)
		out = append(out, t)
	}
	return out, rows.Err()
}

func optTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := db.ParseTime(*s)
	if err != nil {
		return nil
	}
	return &t
}

// RevokeToken revokes one of the user's tokens. Returns apperr.NotFound when
// the token is not the user's.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`,
			db.FormatTime(tx.Now), tokenID, userID)
		if err != nil {
			return fmt.Errorf("auth: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundThing("thing.token")
		}
		return tx.Record("token", tokenID, "revoke", map[string]any{})
	})
}

// olderThanPassword reports whether a token was created before the
// password it was got with was replaced. Both are stored to the second, and
// a token created in the second of the change is let through: the change
// revoked any token that existed then.
func olderThanPassword(created, changed string) bool {
	c, err1 := db.ParseTime(created)
	p, err2 := db.ParseTime(changed)
	return err1 == nil && err2 == nil && c.Before(p)
}

// revokeTokens revokes every live token of the user, returning how many.
func revokeTokens(tx *db.Tx, userID int64) (int64, error) {
	res, err := tx.Exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, db.FormatTime(tx.Now), userID)
	if err != nil {
		return 0, fmt.Errorf("auth: revoke tokens: %w", err)
	}
	return res.RowsAffected()
}
