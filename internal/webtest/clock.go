package webtest

import (
	"sync"
	"time"
)

// Clock is a stopped clock for the app's database, moved by hand, so that
// a test of delays and expiries waits for nothing.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// FreezeClock stops the database's clock (db.DB.Now, which the stores and
// the sign-in throttle read) at the present moment and returns it.
func (a *App) FreezeClock() *Clock {
	c := &Clock{t: time.Now().UTC().Truncate(time.Second)}
	a.DB.Now = c.Now
	return c
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
