package auth

import (
	"testing"
	"time"
)

func TestThrottleWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	th := NewThrottle(3, 10*time.Minute)
	th.Now = func() time.Time { return now }
	for range 3 {
		if blocked, _ := th.Blocked("k"); blocked {
			t.Fatal("blocked before the limit")
		}
		th.Fail("k")
	}
	blocked, wait := th.Blocked("k")
	if !blocked || wait != 10*time.Minute {
		t.Fatalf("Blocked = %v, %v; want true, 10m", blocked, wait)
	}
	if blocked, _ := th.Blocked("other"); blocked {
		t.Error("another key is blocked")
	}
	now = now.Add(10 * time.Minute)
	if blocked, _ := th.Blocked("k"); blocked {
		t.Error("still blocked after the window")
	}
	th.Fail("k")
	th.Reset("k")
	if blocked, _ := th.Blocked("k"); blocked {
		t.Error("blocked after reset")
	}
}

func TestBackoffDelaysOnlyAddressesThatFailed(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	b := NewBackoff(2, time.Second, 4*time.Second, 10*time.Minute)
	b.Fail("acct", "x", now)
	if w := b.Wait("acct", "x", now); w != 0 {
		t.Fatalf("delayed before the free failures are used: %v", w)
	}
	b.Fail("acct", "x", now)
	if w := b.Wait("acct", "x", now); w != time.Second {
		t.Errorf("after 2 failures: %v, want 1s", w)
	}
	if w := b.Wait("acct", "y", now); w != 0 {
		t.Errorf("an address that never failed is delayed: %v", w)
	}
	for range 5 {
		b.Fail("acct", "x", now)
	}
	if w := b.Wait("acct", "x", now); w != 4*time.Second {
		t.Errorf("capped delay: %v, want 4s", w)
	}
	b.Succeed("acct", "x")
	if w := b.Wait("acct", "x", now); w != 0 {
		t.Errorf("delayed after the right password: %v", w)
	}
	if w := b.Wait("acct", "x", now.Add(10*time.Minute)); w != 0 {
		t.Errorf("delayed after the window: %v", w)
	}
}
