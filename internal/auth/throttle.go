package auth

import (
	"sync"
	"time"
)

// Throttle counts failed sign-ins per key (an address) in a sliding
// window. It is in memory: a restart forgives, which is acceptable for a
// throttle whose purpose is to make guessing slow.
type Throttle struct {
	Limit  int
	Window time.Duration
	// Now is the throttle's clock; the Guard sets it to the database's, so
	// that tests move both together.
	Now func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewThrottle returns a throttle allowing limit failures per window.
func NewThrottle(limit int, window time.Duration) *Throttle {
	return &Throttle{Limit: limit, Window: window, Now: time.Now, fails: map[string][]time.Time{}}
}

// prune drops failures older than the window; the caller holds mu.
func (t *Throttle) prune(key string, now time.Time) []time.Time {
	fs := t.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= t.Window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = fs
	}
	return fs
}

// Blocked reports whether key has reached the limit, and for how long more.
func (t *Throttle) Blocked(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	fs := t.prune(key, now)
	if len(fs) < t.Limit {
		return false, 0
	}
	return true, t.Window - now.Sub(fs[len(fs)-t.Limit])
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	t.fails[key] = append(t.prune(key, now), now)
	if len(t.fails) > maxRemembered { // bound memory under a spray of usernames
		for k := range t.fails {
			t.prune(k, now)
		}
	}
}

// Reset forgets key's failures after a successful sign-in.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}
