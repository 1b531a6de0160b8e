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
