package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func TestTrustedProxyConfiguration(t *testing.T) {
	cfg, err := parseServeConfig([]string{"--trusted-proxy", "10.0.0.5, 192.168.1.0/24,2001:db8::1"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.5/32", "192.168.1.0/24", "2001:db8::1/128"}
	if len(cfg.TrustedProxies) != len(want) {
		t.Fatalf("proxies %v, want %v", cfg.TrustedProxies, want)
	}
	for i, n := range cfg.TrustedProxies {
		if n.String() != want[i] {
			t.Errorf("proxy %d: %s, want %s", i, n, want[i])
		}
	}
	t.Setenv("CROSSAUDIT_TRUSTED_PROXY", "172.16.0.0/12")
	if cfg, err := parseServeConfig(nil, io.Discard); err != nil || len(cfg.TrustedProxies) != 1 || cfg.TrustedProxies[0].String() != "172.16.0.0/12" {
		t.Errorf("from the environment: %v %v", cfg.TrustedProxies, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.local", "10.0.0.256", "10.0.0.1/"} {
		var stderr strings.Builder
		if code := run(t.Context(), []string{"serve", "--trusted-proxy", bad}, strings.NewReader(""), io.Discard, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want 2", bad, code)
		}
		if !strings.Contains(stderr.String(), "--trusted-proxy "+strconv.Quote(bad)) || !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("%q: the error does not name the value: %q", bad, stderr.String())
		}
	}
}

// proxiedApp is the whole application trusting the given proxies, with
// the office and admin accounts, on a stopped clock.
func proxiedApp(t *testing.T, proxies ...string) (*webtest.App, *webtest.Clock) {
	t.Helper()
	var nets []*net.IPNet
	for _, p := range proxies {
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			t.Fatal(err)
		}
		nets = append(nets, n)
	}
	d := webtest.OpenDB(t)
	a, err := newApp(newStores(d), slog.New(slog.NewTextHandler(io.Discard, nil)), settings{params: webtest.FastParams, trustedProxies: nets})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.server.Echo)
	t.Cleanup(srv.Close)
	app := &webtest.App{TB: t, DB: d, Server: a.server, Router: a.router, Auth: a.auth, HTTP: srv}
	app.User("office", role.Office, "")
	app.User("admin", role.Admin, "")
	return app, app.FreezeClock()
}

// from is a client whose requests carry X-Forwarded-For: xff.
func from(a *webtest.App, xff string) *webtest.Client {
	c := a.Anonymous()
	c.Header = http.Header{"X-Forwarded-For": {xff}}
	return c
}

// madeUp is the i-th forged address of an attacker.
func madeUp(i int) string { return "203.0.113." + strconv.Itoa(i+1) }

// tokenAttempt asks for a token and returns the response.
func tokenAttempt(c *webtest.Client, username, password string) *http.Response {
	resp, _ := c.Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": username, "password": password})
	return resp
}

// formSignIn posts the sign-in form and returns the status.
func formSignIn(c *webtest.Client, username, password string) *http.Response {
	c.Page("/login")
	resp, _ := c.Form("/login", url.Values{"username": {username}, "password": {password}})
	return resp
}

// An attacker's made-up X-Forwarded-For, a new one on every attempt, does
// not make them a new client: without a trusted proxy, or from an address
// that is not the trusted proxy, the header is ignored and the attempts
// are throttled, across accounts and on one.
func TestForgedForwardedForDoesNotDodgeTheThrottle(t *testing.T) {
	for _, proxies := range [][]string{nil, {"192.0.2.1/32"}} {
		t.Run(strings.Join(append([]string{"trusted:"}, proxies...), " "), func(t *testing.T) {
			a, _ := proxiedApp(t, proxies...)
			refused := 0
			for i := range 40 {
				resp := tokenAttempt(from(a, madeUp(i)), "guess"+strconv.Itoa(i), "not the password")
				if resp.StatusCode == http.StatusTooManyRequests {
					refused++
					if resp.Header.Get("Retry-After") == "" {
						t.Fatal("429 without Retry-After")
					}
				}
			}
			if refused != 20 {
				t.Errorf("%d of 40 attempts across accounts with made-up headers throttled, want 20", refused)
			}
			b, _ := proxiedApp(t, proxies...)
			refused = 0
			for i := range 40 {
				if formSignIn(from(b, madeUp(i)), "office", "not the password").StatusCode == http.StatusTooManyRequests {
					refused++
				}
			}
			if refused != 35 {
				t.Errorf("%d of 40 attempts on one account with made-up headers throttled, want all but the first 5", refused)
			}
		})
	}
}

// Behind the trusted proxy, the header names the client: one guesser's
// budget is theirs alone, and a victim's address written in front of the
// guesser's own does not get the victim blocked.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	a, _ := proxiedApp(t, "127.0.0.1/32")
	const victim, attacker = "198.51.100.7", "198.51.100.66"
	refused := 0
	for i := range 40 {
		// What the proxy passes on: the header as the attacker wrote it, the
		// attacker's real address appended.
		if tokenAttempt(from(a, victim+", "+attacker), "guess"+strconv.Itoa(i), "not the password").StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 20 {
		t.Errorf("%d of the guesser's 40 attempts throttled, want 20", refused)
	}
	if resp := formSignIn(from(a, victim), "office", webtest.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the victim, named in the guesser's forged header, signs in: %d, want 303", resp.StatusCode)
	}
	// Forty clients behind the proxy, one failure each: none throttled.
	for i := range 40 {
		if resp := tokenAttempt(from(a, madeUp(i)), "typo"+strconv.Itoa(i), "not the password"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("client %d behind the proxy: %d, want 401", i, resp.StatusCode)
		}
	}
}

// A stranger failing on an account from elsewhere does not stop its owner
// from signing in with the right password; the owner's own typo on the
// hot account costs at most the stated minute, said in Retry-After.
func TestStrangerCannotLockOutTheOwner(t *testing.T) {
	a, clock := proxiedApp(t, "127.0.0.1/32")
	stranger := from(a, "203.0.113.9")
	for range 19 {
		resp := formSignIn(stranger, "office", "not the password")
		switch resp.StatusCode {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			if err != nil || secs < 1 || secs > 60 {
				t.Fatalf("stranger's Retry-After %q", resp.Header.Get("Retry-After"))
			}
			clock.Advance(time.Duration(secs) * time.Second)
		default:
			t.Fatalf("stranger: %d", resp.StatusCode)
		}
	}
	if resp := formSignIn(stranger, "office", "not the password"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the stranger is not slowed down: %d", resp.StatusCode)
	}
	if resp := formSignIn(from(a, "198.51.100.7"), "office", webtest.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner, from their own address, during the stranger's attack: %d, want 303", resp.StatusCode)
	}
	if resp := tokenAttempt(from(a, "198.51.100.8"), "office", webtest.Password); resp.StatusCode != http.StatusCreated {
		t.Fatalf("the owner's script, from another address: %d, want 201", resp.StatusCode)
	}
	// The owner mistypes once on the hot account: a bounded wait, then in.
	owner := from(a, "198.51.100.7")
	formSignIn(owner, "office", "a typo")
	resp := formSignIn(owner, "office", webtest.Password)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("right after a typo on a hot account: %d, want 429", resp.StatusCode)
	}
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 60 {
		t.Fatalf("Retry-After %q, want 1 to 60 seconds", resp.Header.Get("Retry-After"))
	}
	clock.Advance(time.Duration(secs) * time.Second)
	if resp := formSignIn(owner, "office", webtest.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner after the stated wait: %d, want 303", resp.StatusCode)
	}
}
