package auth

import (
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Guard checks credentials and slows repeated failures: per account by a
// Backoff, which never lets a stranger lock the owner out, and per address
// by a Throttle, which stops one address guessing across many accounts.
// The address is the client's as the application's IP extractor sees it:
// forwarding headers count only from a trusted proxy (cmd/crossaudit's
// --trusted-proxy).
type Guard struct {
	Store     *Store
	ByAccount *Backoff
	ByAddr    *Throttle

	dummyOnce sync.Once
	dummy     string
}

// The sign-in limits: see the README's "Sign-in and tokens". Five free
// failures per account in 15 minutes, then delays of 1 s doubling to 60 s;
// 20 failures per address in 15 minutes.
const (
	accountFree    = 5
	accountBase    = time.Second
	accountMax     = time.Minute
	accountWindow  = 15 * time.Minute
	addrLimit      = 20
	addrWindow     = 15 * time.Minute
	retryAfterName = "retry_after"
)

// NewGuard returns a Guard with the sign-in limits, on the store's clock.
func NewGuard(s *Store) *Guard {
	byAddr := NewThrottle(addrLimit, addrWindow)
	byAddr.Now = s.now
	return &Guard{Store: s, ByAccount: NewBackoff(accountFree, accountBase, accountMax, accountWindow), ByAddr: byAddr}
}

// ErrBadCredentials is the one answer to a wrong username, a wrong password
// and a deactivated account alike, so that it never tells which.
func ErrBadCredentials() error {
	return apperr.New(apperr.Unauthorized, "invalid_credentials", apperr.M("login.failed"))
}

// errThrottled is a 429 saying how long to wait, in seconds for the
// account's short delays and in minutes for an address's budget; the
// seconds also go to the client as error.retry_after (and the handlers'
// Retry-After header, see SetRetryAfter).
func errThrottled(wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	secs = max(secs, 1)
	msg := apperr.M("login.throttled_seconds", "seconds", secs)
	if secs > 60 {
		msg = apperr.M("login.throttled", "minutes", int(math.Ceil(wait.Minutes())))
	}
	e := apperr.New(apperr.TooMany, "too_many_attempts", msg)
	e.Detail = map[string]any{retryAfterName: secs}
	return e
}

// SetRetryAfter sets the Retry-After header when err is a throttled
// sign-in, so that a client knows when to try again.
func SetRetryAfter(c echo.Context, err error) {
	e := apperr.As(err)
	if e.Kind != apperr.TooMany {
		return
	}
	if d, ok := e.Detail.(map[string]any); ok {
		if secs, ok := d[retryAfterName].(int); ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
}

// SignIn returns the active user whose password matches. Returns
// apperr.Unauthorized ("invalid_credentials") or apperr.TooMany. A refused
// attempt checks no password, so a throttled guesser learns nothing.
func (g *Guard) SignIn(ctx context.Context, username, password, addr string) (*User, error) {
	account := strings.ToLower(text.Clean(username))
	now := g.Store.now()
	if blocked, wait := g.ByAddr.Blocked(addr); blocked {
		return nil, errThrottled(wait)
	}
	if wait := g.ByAccount.Wait(account, addr, now); wait > 0 {
		return nil, errThrottled(wait)
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
		g.ByAccount.Fail(account, addr, now)
		g.ByAddr.Fail(addr)
		return nil, ErrBadCredentials()
	}
	g.ByAccount.Succeed(account, addr)
	err = g.Store.DB.Write(db.WithActor(ctx, u.ID), func(tx *db.Tx) error {
		return tx.Record("user", u.Username, "sign_in", map[string]any{})
	})
	return u, err
}

func (g *Guard) dummyHash() string {
	g.dummyOnce.Do(func() {
		g.dummy, _ = HashPassword("not a real password", g.Store.Params)
	})
	return g.dummy
}
