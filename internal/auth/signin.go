package auth

import (
	"context"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Guard checks credentials and throttles repeated failures per username and
// per address.
type Guard struct {
	Store  *Store
	ByUser *Throttle
	ByAddr *Throttle

	dummyOnce sync.Once
	dummy     string
}

// NewGuard returns a Guard allowing 5 failures per username and 20 per
// address in 15 minutes.
func NewGuard(s *Store) *Guard {
	return &Guard{Store: s, ByUser: NewThrottle(5, 15*time.Minute), ByAddr: NewThrottle(20, 15*time.Minute)}
}

// ErrBadCredentials is the one answer to a wrong username, a wrong password
// and a deactivated account alike, so that it never tells which.
func ErrBadCredentials() error {
	return apperr.New(apperr.Unauthorized, "invalid_credentials", apperr.M("login.failed"))
}

func errThrottled(wait time.Duration) error {
	return apperr.New(apperr.TooMany, "too_many_attempts",
		apperr.M("login.throttled", "minutes", int(math.Ceil(wait.Minutes()))))
}

// SignIn returns the active user whose password matches. Returns
// apperr.Unauthorized ("invalid_credentials") or apperr.TooMany.
func (g *Guard) SignIn(ctx context.Context, username, password, addr string) (*User, error) {
	userKey := "user:" + strings.ToLower(text.Clean(username))
	addrKey := "addr:" + addr
	for _, k := range []string{userKey, addrKey} {
		if t := g.throttleFor(k); t != nil {
			if blocked, wait := t.Blocked(k); blocked {
				return nil, errThrottled(wait)
			}
		}
	}
	u, err := g.Store.UserByUsername(ctx, username)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		return nil, err
	}
	hash := g.dummyHash()
	if u != nil {
		hash = u.passwordHash
	}
	// Verify even for an unknown user so that timing does not tell.
	ok, _ := VerifyPassword(hash, password)
	if u == nil || !ok || !u.Active {
		g.ByUser.Fail(userKey)
		g.ByAddr.Fail(addrKey)
		return nil, ErrBadCredentials()
	}
	g.ByUser.Reset(userKey)
	err = g.Store.DB.Write(db.WithActor(ctx, u.ID), func(tx *db.Tx) error {
		return tx.Record("user", u.Username, "sign_in", map[string]any{})
	})
	return u, err
}

func (g *Guard) throttleFor(key string) *Throttle {
	if strings.HasPrefix(key, "user:") {
		return g.ByUser
	}
	return g.ByAddr
}

func (g *Guard) dummyHash() string {
	g.dummyOnce.Do(func() {
		g.dummy, _ = HashPassword("not a real password", g.Store.Params)
	})
	return g.dummy
}
