package auth_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// meStatus is what a token's GET /api/v1/me answers.
func meStatus(c *webtest.Client) int {
	resp, _ := c.Do(http.MethodGet, "/api/v1/me", nil)
	return resp.StatusCode
}

// A token got with a password dies with it: when the user changes it, when
// an admin resets it, and when the account is deactivated, without coming
// back when it is reactivated.
func TestTokensDieWithThePassword(t *testing.T) {
	a := newApp(t)
	admin := a.Token("admin", webtest.Password)

	t.Run("the user changes the password", func(t *testing.T) {
		token := a.Token("office", webtest.Password)
		browser := a.Login("office", webtest.Password)
		const next = "mật khẩu mới của văn phòng"
		resp, _ := browser.Form("/password", url.Values{"current": {webtest.Password}, "new": {next}, "confirm": {next}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", resp.StatusCode)
		}
		if got := meStatus(token); got != http.StatusUnauthorized {
			t.Errorf("token after the change: %d, want 401", got)
		}
		if got := meStatus(a.Token("office", next)); got != http.StatusOK {
			t.Errorf("a token got with the new password: %d, want 200", got)
		}
	})

	t.Run("an admin resets the password", func(t *testing.T) {
		token := a.Token("auditee.U1", webtest.Password)
		resp, body := admin.Do(http.MethodPost, "/api/v1/users/auditee.U1/reset-password", map[string]string{"password": "tạm thời 12345"})
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("reset: %d %s", resp.StatusCode, body)
		}
		if got := meStatus(token); got != http.StatusUnauthorized {
			t.Errorf("token after the reset: %d, want 401", got)
		}
	})

	t.Run("deactivated then reactivated", func(t *testing.T) {
		a.User("auditee.U1b", "auditee", "U1")
		token := a.Token("auditee.U1b", webtest.Password)
		for _, step := range []string{"deactivate", "activate"} {
			if resp, body := admin.Do(http.MethodPost, "/api/v1/users/auditee.U1b/"+step, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", step, resp.StatusCode, body)
			}
			if got := meStatus(token); got != http.StatusUnauthorized {
				t.Errorf("token after %s: %d, want 401", step, got)
			}
		}
		if got := meStatus(a.Token("auditee.U1b", webtest.Password)); got != http.StatusOK {
			t.Errorf("a new token after reactivation: %d, want 200", got)
		}
	})

	t.Run("a database from before the rule", func(t *testing.T) {
		a.User("auditee.U1c", "auditee", "U1")
		token := a.Token("auditee.U1c", webtest.Password)
		admin.Do(http.MethodPost, "/api/v1/users/auditee.U1c/reset-password", map[string]string{"password": "tạm thời 12345"})
		// As an older version left it: the token never revoked, and older
		// than the new password.
		if _, err := a.DB.W.Exec(`UPDATE api_tokens SET revoked_at = NULL, created_at = '2020-01-01T00:00:00Z'
			WHERE user_id = (SELECT id FROM users WHERE username = 'auditee.U1c')`); err != nil {
			t.Fatal(err)
		}
		if got := meStatus(token); got != http.StatusUnauthorized {
			t.Errorf("an unrevoked token older than the password: %d, want 401", got)
		}
	})
}

type listedToken struct {
	ID        int64   `json:"id"`
	RevokedAt *string `json:"revoked_at"`
}

// An administrator sees another user's tokens and revokes one, through the
// API and on the user's page; the office does so for the roles it manages.
func TestStaffRevokeAnotherUsersToken(t *testing.T) {
	a := newApp(t)
	admin := a.Token("admin", webtest.Password)
	victim := a.Token("auditee.U1", webtest.Password)
	kept := a.Token("auditee.U1", webtest.Password)

	resp, body := admin.Do(http.MethodGet, "/api/v1/users/auditee.U1/tokens", nil)
	var listed []listedToken
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &listed) != nil || len(listed) != 2 {
		t.Fatalf("admin lists the user's tokens: %d %s", resp.StatusCode, body)
	}
	first := strconv.FormatInt(listed[1].ID, 10) // newest first: [1] is victim's
	if resp, body := admin.Do(http.MethodDelete, "/api/v1/users/auditee.U1/tokens/"+first, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("admin revokes: %d %s", resp.StatusCode, body)
	}
	if got := meStatus(victim); got != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", got)
	}
	if got := meStatus(kept); got != http.StatusOK {
		t.Errorf("the other token: %d, want 200", got)
	}
	// A token named under the wrong user is not found.
	if resp, _ := admin.Do(http.MethodDelete, "/api/v1/users/office/tokens/"+strconv.FormatInt(listed[0].ID, 10), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking through another user's path: %d, want 404", resp.StatusCode)
	}
	// Who may: the office for auditees, not for admins; an auditee not at all.
	office := a.Token("office", webtest.Password)
	if resp, _ := office.Do(http.MethodGet, "/api/v1/users/auditee.U1/tokens", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("office lists an auditee's tokens: %d, want 200", resp.StatusCode)
	}
	if resp, _ := office.Do(http.MethodGet, "/api/v1/users/admin/tokens", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("office lists an admin's tokens: %d, want 404", resp.StatusCode)
	}
	if resp, _ := kept.Do(http.MethodGet, "/api/v1/users/office/tokens", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an auditee lists the office's tokens: %d, want 403", resp.StatusCode)
	}

	// On the user's page: the token is listed with a revoke form.
	browser := a.Login("admin", webtest.Password)
	status, page := browser.Page("/users/auditee.U1/edit")
	second := strconv.FormatInt(listed[0].ID, 10)
	action := `/users/auditee.U1/tokens/` + second + `/revoke`
	if status != http.StatusOK || !strings.Contains(page, `action="`+action+`"`) {
		t.Fatalf("the user's page does not offer to revoke the live token: %d", status)
	}
	forged := a.Login("admin", webtest.Password)
	forged.CSRF = "forged-token-forged-token-forged-token"
	if resp, _ := forged.Form(action, url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("revoke without the form's token: %d, want 403", resp.StatusCode)
	}
	if resp, _ := browser.Form(action, url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke from the page: %d", resp.StatusCode)
	}
	if got := meStatus(kept); got != http.StatusUnauthorized {
		t.Errorf("token revoked from the page: %d, want 401", got)
	}
}
