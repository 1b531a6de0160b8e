package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func pagesApp(t *testing.T) *webtest.App {
	t.Helper()
	a := newApp(t)
	a.Unit("24970", "Xã Đức Trọng Mới", "Cụm 2")
	a.User("auditor.U1", role.Auditor, "U1")
	return a
}

func TestUserFormShowsFieldErrorsInTheUsersLanguage(t *testing.T) {
	a := pagesApp(t)
	for _, tc := range []struct {
		lang  string
		wants []string
	}{
		{"vi", []string{"Tên đăng nhập chỉ gồm chữ cái không dấu", "Người dùng vai trò này phải thuộc một đơn vị.", "Mật khẩu cần ít nhất 10 ký tự."}},
		{"en", []string{"A username holds only unaccented letters", "Users of this role belong to a unit.", "A password needs at least 10 characters."}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := a.Login("office", webtest.Password)
			if tc.lang == "en" {
				c.Form("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
			}
			c.Page("/users/new")
			resp, body := c.Form("/users/new", url.Values{"username": {"kiểm toán"}, "display_name": {"Chị Hoa"}, "role": {"auditee"}, "unit": {""}, "password": {"ngắn"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			page := string(body)
			for _, want := range append(tc.wants, `value="kiểm toán"`, `value="Chị Hoa"`) {
				if !strings.Contains(page, want) {
					t.Errorf("the form shown again lacks %q", want)
				}
			}
			if strings.Contains(page, "ngắn") {
				t.Error("the password typed is sent back into the page")
			}
		})
	}
}

func TestUserLifecycleThroughThePages(t *testing.T) {
	a := pagesApp(t)
	c := a.Login("office", webtest.Password)
	c.Page("/users/new")
	resp, _ := c.Form("/users/new", url.Values{"username": {"auditee.moi"}, "display_name": {"Nguyễn Thị Mới"}, "role": {"auditee"}, "unit": {"U1"}, "password": {"mật khẩu đủ dài"}, "must_change": {"1"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/users/auditee.moi/edit" {
		t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := c.Page("/users/auditee.moi/edit"); !strings.Contains(body, "Đã tạo tài khoản auditee.moi.") || !strings.Contains(body, "Phải đổi mật khẩu") {
		t.Error("no flash, or the new user is not forced to change the password")
	}
	resp, body := c.Form("/users/auditee.moi/edit", url.Values{"display_name": {"Nguyễn Thị Mới"}, "role": {"auditor"}, "unit": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Người dùng vai trò này phải thuộc một đơn vị.") {
		t.Errorf("auditor without a unit: %d", resp.StatusCode)
	}
	resp, _ = c.Form("/users/auditee.moi/edit", url.Values{"display_name": {"Chị Mới"}, "role": {"auditor"}, "unit": {"24970"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	if u, _ := a.Auth.UserByUsername(t.Context(), "auditee.moi"); u.Role != "auditor" || u.UnitCode != "24970" || u.DisplayName != "Chị Mới" {
		t.Errorf("after edit: %+v", u)
	}
	resp, body = c.Form("/users/auditee.moi/password", url.Values{"password": {"ngắn"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Mật khẩu cần ít nhất 10 ký tự.") {
		t.Errorf("short reset: %d", resp.StatusCode)
	}
	if resp, _ := c.Form("/users/auditee.moi/password", url.Values{"password": {"tạm thời 12345"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("reset: %d", resp.StatusCode)
	}
	if _, body := c.Page("/users/auditee.moi/edit"); !strings.Contains(body, "Đã đặt lại mật khẩu của auditee.moi.") {
		t.Error("no flash after the reset")
	}
	if resp, _ := c.Form("/users/auditee.moi/deactivate", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("deactivate: %d", resp.StatusCode)
	}
	if status := a.Anonymous().TryLogin("auditee.moi", "tạm thời 12345"); status != http.StatusUnauthorized {
		t.Errorf("a deactivated user signs in: %d", status)
	}
	if _, body := c.Page("/users/auditee.moi/edit"); !strings.Contains(body, "Đã khóa tài khoản auditee.moi.") || !strings.Contains(body, `action="/users/auditee.moi/activate"`) {
		t.Error("no flash or no way back after deactivating")
	}
	if resp, _ := c.Form("/users/auditee.moi/activate", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("activate: %d", resp.StatusCode)
	}
	// One's own account cannot be deactivated: said on the page.
	admin := a.Login("admin", webtest.Password)
	resp, body = admin.Form("/users/admin/deactivate", url.Values{})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "Bạn không thể tự khóa tài khoản của mình.") {
		t.Errorf("self-deactivation: %d", resp.StatusCode)
	}
}

func TestUserPagesByRole(t *testing.T) {
	a := pagesApp(t)
	office := a.Login("office", webtest.Password)
	_, body := office.Page("/users")
	if !strings.Contains(body, "auditee.U1") || strings.Contains(body, ">admin<") {
		t.Error("the office's list shows other than auditors and auditees")
	}
	if status, _ := office.Page("/users/admin/edit"); status != http.StatusNotFound {
		t.Errorf("office opens the admin's page: %d, want 404", status)
	}
	if resp, _ := office.Form("/users/admin/password", url.Values{"password": {"chiếm quyền quản trị"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("office resets the admin's password: %d, want 404", resp.StatusCode)
	}
	if resp, _ := office.Form("/users/new", url.Values{"username": {"boss"}, "role": {"admin"}, "password": {"mật khẩu đủ dài"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("office creates an admin: %d, want 403", resp.StatusCode)
	}
	admin := a.Login("admin", webtest.Password)
	if status, body := admin.Page("/users/office/edit"); status != http.StatusOK || !strings.Contains(body, `<option value="admin"`) {
		t.Errorf("admin opens the office's page: %d", status)
	}
	for _, user := range []string{"auditor.U1", "auditee.U1"} {
		c := a.Login(user, webtest.Password)
		for _, path := range []string{"/users", "/users/new", "/users/import", "/trail"} {
			if status, _ := c.Page(path); status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", user, path, status)
			}
		}
		if resp, _ := c.Form("/users/auditee.U1/deactivate", url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s deactivates: %d, want 403", user, resp.StatusCode)
		}
	}
}

func TestUserSearchIgnoresDiacritics(t *testing.T) {
	a := pagesApp(t)
	a.Auth.CreateUser(t.Context(), auditeeInput("auditee.dt", "Bộ phận một cửa · Xã Đức Trọng Mới", "24970"), false)
	c := a.Login("office", webtest.Password)
	_, body := c.Page("/users?q=duc+trong")
	if !strings.Contains(body, "auditee.dt") || strings.Contains(body, "auditee.U1") {
		t.Error("“duc trong” does not find just Đức Trọng")
	}
	_, body = c.Page("/users?unit=U1&role=auditor")
	if !strings.Contains(body, "auditor.U1") || strings.Contains(body, "auditee.U1") {
		t.Error("the role and unit filters do not narrow the list")
	}
}

func TestUserImportPageListsEveryProblemThenGeneratedPasswords(t *testing.T) {
	a := pagesApp(t)
	c := a.Login("office", webtest.Password)
	c.Page("/users/import")
	bad := "username,display_name,role,unit\nauditee.U1,Trùng,auditee,U1\nx y,Lỗi,auditor,U404\nboss,Sếp,admin,\n"
	resp, body := c.Upload("/users/import", "file", "users.csv", []byte(bad), map[string]string{"csrf": c.CSRF})
	page := string(body)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", resp.StatusCode)
	}
	for _, want := range []string{"Dòng 2, cột username:", "Dòng 3, cột unit:", "Dòng 3, cột username:", "Dòng 4, cột role:"} {
		if !strings.Contains(page, want) {
			t.Errorf("the problems lack %q", want)
		}
	}
	if n, _ := a.Auth.CountUsers(t.Context()); n != 4 {
		t.Fatalf("%d users after a failed import, want 4", n)
	}
	good := "username,display_name,role,unit,password\nauditee.hoa,Trần Thị Hoa,auditee,U1,\nauditor.lan,Lê Lan,auditor,U1,mật khẩu của Lan\n"
	resp, body = c.Upload("/users/import", "file", "users.csv", []byte(good), map[string]string{"csrf": c.CSRF})
	page = string(body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Đã nhập 2 tài khoản.") || !strings.Contains(page, "auditee.hoa") || strings.Contains(page, "auditor.lan") {
		t.Fatalf("good file: %d; the page must list only the generated password", resp.StatusCode)
	}
	good = "username,role,unit,password\nauditee.binh,auditee,U1,mật khẩu của Bình\n"
	resp, _ = c.Upload("/users/import", "file", "users.csv", []byte(good), map[string]string{"csrf": c.CSRF})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a file with every password: %d, want 303", resp.StatusCode)
	}
}

func TestTrailPageFiltersAndPages(t *testing.T) {
	a := pagesApp(t)
	office := a.Token("office", webtest.Password)
	for i := range 60 {
		name := "Chị Lan " + string(rune('A'+i%26))
		office.Do(http.MethodPatch, "/api/v1/users/auditee.U1", map[string]string{"display_name": name})
	}
	c := a.Login("admin", webtest.Password)
	status, body := c.Page("/trail?entity=user&entity_id=auditee.U1&actor=office")
	if status != http.StatusOK || strings.Count(body, "<tr>") != 51 || !strings.Contains(body, "trail?actor=office&amp;before=") {
		t.Fatalf("first page: %d, %d rows", status, strings.Count(body, "<tr>"))
	}
	if !strings.Contains(body, "Tên hiển thị:") || !strings.Contains(body, "<ins>Chị Lan") || !strings.Contains(body, "đã sửa tài khoản") {
		t.Error("changes are not spelled out")
	}
	older := body[strings.Index(body, "/trail?actor=office&amp;before="):]
	older = strings.ReplaceAll(older[:strings.Index(older, `"`)], "&amp;", "&")
	_, body = c.Page(older)
	if n := strings.Count(body, "<tr>"); n != 11 || !strings.Contains(body, "Mới nhất") {
		t.Errorf("second page: %d rows, want 10 and a link to the newest", n-1)
	}
	today := "2000-01-01"
	if _, body := c.Page("/trail?to=" + today); !strings.Contains(body, "Không có thay đổi nào phù hợp.") {
		t.Error("a date range before everything finds events")
	}
	resp, raw := c.Do(http.MethodGet, "/trail?from=05/02/2026", nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(raw), "Ngày không hợp lệ.") {
		t.Errorf("a bad date: %d", resp.StatusCode)
	}
}

func TestOwnTokensSeenAndRevokedOnTheAccountPage(t *testing.T) {
	a := pagesApp(t)
	api := a.Token("auditee.U1", webtest.Password)
	a.Token("office", webtest.Password)
	c := a.Login("auditee.U1", webtest.Password)
	_, body := c.Page("/account")
	if strings.Count(body, "/revoke") != 1 || !strings.Contains(body, "Còn hiệu lực") {
		t.Fatal("the account page does not list exactly the user's one token")
	}
	var id string
	a.DB.R.QueryRow(`SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'office'`).Scan(&id)
	if resp, _ := c.Form("/account/tokens/"+id+"/revoke", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d, want 404", resp.StatusCode)
	}
	a.DB.R.QueryRow(`SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'auditee.U1'`).Scan(&id)
	if resp, _ := c.Form("/account/tokens/"+id+"/revoke", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if _, body := c.Page("/account"); !strings.Contains(body, "Đã thu hồi mã truy cập.") || !strings.Contains(body, "Đã thu hồi") {
		t.Error("no flash or state after revoking")
	}
	if resp, _ := api.Do(http.MethodGet, "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked token still works: %d", resp.StatusCode)
	}
}

func TestHomeQuickLinksByRole(t *testing.T) {
	a := pagesApp(t)
	for user, want := range map[string]bool{"admin": true, "office": true, "auditor.U1": false, "auditee.U1": false} {
		_, body := a.Login(user, webtest.Password).Page("/")
		if got := strings.Contains(body, `class="tile" href="/users"`); got != want {
			t.Errorf("%s sees the users shortcut: %v", user, got)
		}
		if !strings.Contains(body, "Chưa có việc nào đang chờ.") {
			t.Errorf("%s: no empty state for what is waiting", user)
		}
	}
}

func auditeeInput(username, name, unit string) auth.UserInput {
	return auth.UserInput{Username: username, DisplayName: name, Role: role.Auditee, Unit: unit, Password: webtest.Password}
}
