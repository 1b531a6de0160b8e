package auth

import (
	"sync"
	"time"
)

// Backoff slows guessing on one account without letting a stranger lock its
// owner out. Every failure on an account counts towards the account's
// recent failures (those within Window); once there are Free of them, an
// address that has itself failed on the account must wait, after its own
// last failure there, a delay that doubles with each further failure on the
// account, from Base up to Max. An address that has not failed on the
// account is never delayed by it, so the owner signing in from their own
// desk is not held up by someone guessing elsewhere; a typo of their own
// on a hot account costs them at most Max. Refused attempts are not
// failures: they neither lengthen the delay nor count.
//
// It is in memory: a restart forgives, which is acceptable for a measure
// whose purpose is to make guessing slow.
type Backoff struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Window time.Duration

	mu       sync.Mutex
	accounts map[string]*accountFails
}

// accountFails is what Backoff remembers of one account.
type accountFails struct {
	at   []time.Time          // the account's failures within the window, oldest first
	from map[string]time.Time // the last failure from each address
}

// NewBackoff returns a Backoff allowing free failures per account in
// window before delays from base doubling up to max.
func NewBackoff(free int, base, maxDelay, window time.Duration) *Backoff {
	return &Backoff{Free: free, Base: base, Max: maxDelay, Window: window, accounts: map[string]*accountFails{}}
}

// prune forgets what is older than the window; the caller holds mu.
func (b *Backoff) prune(account string, now time.Time) *accountFails {
	a := b.accounts[account]
	if a == nil {
		return nil
	}
	i := 0
	for i < len(a.at) && now.Sub(a.at[i]) >= b.Window {
		i++
	}
	a.at = a.at[i:]
	for addr, t := range a.from {
		if now.Sub(t) >= b.Window {
			delete(a.from, addr)
		}
	}
	if len(a.at) == 0 && len(a.from) == 0 {
		delete(b.accounts, account)
		return nil
	}
	return a
}

// delay is the wait the account's n recent failures impose.
func (b *Backoff) delay(n int) time.Duration {
	if n < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Wait returns how long addr must still wait before trying account; zero
// when it may try now.
func (b *Backoff) Wait(account, addr string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.prune(account, now)
	if a == nil {
		return 0
	}
	last, failed := a.from[addr]
	if !failed {
		return 0
	}
	return max(0, last.Add(b.delay(len(a.at))).Sub(now))
}

// Fail records a failed attempt on account from addr.
func (b *Backoff) Fail(account, addr string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.prune(account, now)
	if a == nil {
		if len(b.accounts) >= maxRemembered { // bound memory under a spray of usernames
			for k := range b.accounts {
				b.prune(k, now)
			}
		}
		a = &accountFails{from: map[string]time.Time{}}
		b.accounts[account] = a
	}
	a.at = append(a.at, now)
	a.from[addr] = now
}

// Succeed forgets addr's failures on account after a right password, so
// that its owner is not delayed by their own earlier typos. The account's
// count stays: a stranger guessing elsewhere gains nothing from the
// owner's sign-in.
func (b *Backoff) Succeed(account, addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if a := b.accounts[account]; a != nil {
		delete(a.from, addr)
	}
}

// maxRemembered bounds the keys a throttle keeps before sweeping.
const maxRemembered = 100_000
