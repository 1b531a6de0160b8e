package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Session lifetimes: a tablet used through a working day stays signed in; an
// idle one does not for long.
const (
	SessionIdle     = 12 * time.Hour
	sessionTouchGap = 10 * time.Minute // how stale last_seen may get before a write
)

// Session is a signed-in browser.
type Session struct {
	User *User
	CSRF string
}

// CreateSession starts a session for the user and returns the cookie secret.
func (s *Store) CreateSession(ctx context.Context, userID int64) (secret, csrf string, err error) {
	secret, csrf = newSecret(), newSecret()
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		now := db.FormatTime(tx.Now)
		_, err := tx.Exec(`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, hashSecret(secret), userID, csrf, now, now, db.FormatTime(tx.Now.Add(SessionIdle)))
		if err != nil {
			return fmt.Errorf("auth: create session: %w", err)
		}
		return nil
	})
	return secret, csrf, err
}

// SessionBySecret returns the live session of a cookie secret, extending it
// when used. Returns apperr.Unauthorized when unknown, expired or the user is
// inactive.
func (s *Store) SessionBySecret(ctx context.Context, secret string) (*Session, error) {
	h := hashSecret(secret)
	var userID int64
	var csrf, lastSeen, expires string
	err := s.DB.R.QueryRowContext(ctx, `SELECT user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE token_hash = ?`, h).
		Scan(&userID, &csrf, &lastSeen, &expires)
	if db.NoRows(err) {
		return nil, errUnauthorized()
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	now := s.now()
	if exp, _ := db.ParseTime(expires); !now.Before(exp) {
		return nil, errUnauthorized()
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil || !u.Active {
		return nil, errUnauthorized()
	}
	if seen, _ := db.ParseTime(lastSeen); now.Sub(seen) > sessionTouchGap {
		err := s.DB.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
				db.FormatTime(tx.Now), db.FormatTime(tx.Now.Add(SessionIdle)), h)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("auth: touch session: %w", err)
		}
	}
	return &Session{User: u, CSRF: csrf}, nil
}

// DeleteSession ends one session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(`DELETE FROM sessions WHERE token_hash = ?`, hashSecret(secret))
		return err
	})
}

func errUnauthorized() error {
	return apperr.New(apperr.Unauthorized, "unauthorized", apperr.M("error.unauthorized"))
}
