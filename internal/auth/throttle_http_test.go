package auth_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// tryForm posts the sign-in form and returns the response and page.
func tryForm(c *webtest.Client, username, password string) (*http.Response, string) {
	c.Page("/login")
	resp, body := c.Form("/login", url.Values{"username": {username}, "password": {password}})
	return resp, string(body)
}

// retryAfter reads a 429's Retry-After in seconds, failing when absent.
func retryAfter(t *testing.T, resp *http.Response) time.Duration {
	t.Helper()
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("429 without a Retry-After in seconds: %q", resp.Header.Get("Retry-After"))
	}
	return time.Duration(secs) * time.Second
}

// After five failures an address must wait before trying the account
// again, a delay that doubles and stops at a minute; the refusal says how
// long, keeps the typed username, and the right password passes once the
// delay is over.
func TestSignInDelayAfterFailuresIsShortAndBounded(t *testing.T) {
	a := newApp(t)
	clock := a.FreezeClock()
	c := a.Anonymous()
	for range 5 {
		if resp, _ := tryForm(c, "office", "not the password"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure: %d, want 401", resp.StatusCode)
		}
	}
	resp, body := tryForm(c, "office", webtest.Password)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("right password right after 5 failures from the same address: %d, want 429", resp.StatusCode)
	}
	if wait := retryAfter(t, resp); wait != time.Second {
		t.Errorf("first delay: %v, want 1s", wait)
	}
	if !strings.Contains(body, `value="office"`) || !strings.Contains(body, "giây") {
		t.Errorf("the refused form lost the username or does not say how long to wait")
	}
	api := a.Anonymous()
	resp, raw := api.Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": "office", "password": webtest.Password})
	if resp.StatusCode != http.StatusTooManyRequests || webtest.DecodeError(t, raw).Error.Code != "too_many_attempts" {
		t.Fatalf("token while delayed: %d %s", resp.StatusCode, raw)
	}
	retryAfter(t, resp)
	// Another account is not delayed.
	if status := a.Anonymous().TryLogin("admin", webtest.Password); status != http.StatusSeeOther {
		t.Errorf("another user: %d", status)
	}
	clock.Advance(time.Second)
	if resp, _ := tryForm(c, "office", webtest.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password after the delay: %d, want 303", resp.StatusCode)
	}
	// A guesser keeps failing: each failure doubles the delay, up to a minute.
	g := a.Anonymous()
	var last time.Duration
	for range 12 {
		resp, _ := tryForm(g, "office", "still not it")
		switch resp.StatusCode {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			last = retryAfter(t, resp)
			if last > time.Minute {
				t.Fatalf("delay %v, over a minute", last)
			}
			clock.Advance(last)
		default:
			t.Fatalf("guess: %d", resp.StatusCode)
		}
	}
	if last != time.Minute {
		t.Errorf("the delay stopped growing at %v, want a minute", last)
	}
}

// Many failures from one address across accounts stop that address, and
// only it.
func TestOneAddressGuessingAcrossAccountsIsStopped(t *testing.T) {
	a := newApp(t)
	a.FreezeClock()
	g := a.Anonymous()
	refused := 0
	for i := range 40 {
		resp, _ := g.Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": "nobody" + strconv.Itoa(i), "password": "guess guess"})
		if resp.StatusCode == http.StatusTooManyRequests {
			refused++
			retryAfter(t, resp)
		}
	}
	if refused != 20 {
		t.Errorf("%d of 40 guesses across accounts refused, want the 20 beyond the address's budget", refused)
	}
}
