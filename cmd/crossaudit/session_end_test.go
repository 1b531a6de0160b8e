package main

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

// Signing out ends the session on the server: the cookie the browser had,
// replayed by someone who copied it, opens nothing afterwards.
func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	a := demoApp(t)
	c := a.Login("office", demo.Password)
	u, _ := url.Parse(a.HTTP.URL)
	cookies := c.HTTP.Jar.Cookies(u)
	if status, _ := c.Page("/"); status != http.StatusOK {
		t.Fatalf("signed in: %d", status)
	}
	if resp, _ := c.Form("/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	thief := a.Anonymous()
	thief.HTTP.Jar.SetCookies(u, cookies)
	if resp, _ := thief.Do(http.MethodGet, "/", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") == "/" {
		t.Errorf("the old session cookie still opens the home page: %d", resp.StatusCode)
	}
	if resp, _ := thief.Do(http.MethodGet, "/api/v1/programmes", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old session cookie still reads the API: %d", resp.StatusCode)
	}
}
