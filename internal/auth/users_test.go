package auth_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func TestWhoMayManageWhichUsers(t *testing.T) {
	a := newApp(t)
	office := a.Token("office", webtest.Password)
	admin := a.Token("admin", webtest.Password)
	auditee := a.Token("auditee.U1", webtest.Password)
	newUser := func(username, role, unit string) map[string]string {
		return map[string]string{"username": username, "password": "mật khẩu đủ dài", "role": role, "unit": unit}
	}
	tests := []struct {
		name   string
		client *webtest.Client
		body   map[string]string
		status int
		field  string
	}{
		{"office creates an auditor", office, newUser("auditor.U1", "auditor", "U1"), http.StatusCreated, ""},
		{"office may not create an office user", office, newUser("office2", "office", ""), http.StatusForbidden, ""},
		{"office may not create an admin", office, newUser("root", "admin", ""), http.StatusForbidden, ""},
		{"admin creates an office user", admin, newUser("office2", "office", ""), http.StatusCreated, ""},
		{"auditee may not create users", auditee, newUser("x.y", "auditee", "U1"), http.StatusForbidden, ""},
		{"a username that exists", admin, newUser("office", "office", ""), http.StatusConflict, "username"},
		{"a unit that does not exist", office, newUser("auditor.U7", "auditor", "U7"), http.StatusUnprocessableEntity, "unit"},
		{"an auditor without a unit", office, newUser("auditor.none", "auditor", ""), http.StatusUnprocessableEntity, "unit"},
		{"an unknown role", admin, newUser("x.z", "boss", ""), http.StatusUnprocessableEntity, "role"},
		{"a short password", office, map[string]string{"username": "a.b", "password": "short", "role": "auditee", "unit": "U1"}, http.StatusUnprocessableEntity, "password"},
		{"an accented username", office, newUser("kiểm.toán", "auditee", "U1"), http.StatusUnprocessableEntity, "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := tt.client.Do(http.MethodPost, "/api/v1/users", tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.field != "" && webtest.DecodeError(t, body).Error.Fields[tt.field] == nil {
				t.Errorf("error does not name %q: %s", tt.field, body)
			}
		})
	}
	// The office sees only the roles it manages, and cannot probe the others.
	_, body := office.Do(http.MethodGet, "/api/v1/users", nil)
	var users []auth.User
	json.Unmarshal(body, &users)
	for _, u := range users {
		if u.Role == "admin" || u.Role == "office" {
			t.Errorf("office lists %s (%s)", u.Username, u.Role)
		}
	}
	if resp, _ := office.Do(http.MethodPost, "/api/v1/users/admin/deactivate", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("office deactivating admin: %d, want 404", resp.StatusCode)
	}
	if resp, body := office.Do(http.MethodPatch, "/api/v1/users/auditee.U1", map[string]string{"display_name": "Chị Lan · Xã Hiệp An"}); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Chị Lan") {
		t.Errorf("edit: %d %s", resp.StatusCode, body)
	}
	if resp, _ := office.Do(http.MethodPatch, "/api/v1/users/auditee.U1", map[string]string{"role": "admin"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("office promoting to admin: %d, want 403", resp.StatusCode)
	}
}

func TestUserCreatedThroughTheAPIIsNotForcedToChange(t *testing.T) {
	a := newApp(t)
	office := a.Token("office", webtest.Password)
	office.Do(http.MethodPost, "/api/v1/users", map[string]string{"username": "auditee.new", "password": "mật khẩu đủ dài", "role": "auditee", "unit": "U1"})
	if status := a.Anonymous().TryLogin("auditee.new", "mật khẩu đủ dài"); status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", status)
	}
	resp, _ := a.Anonymous().Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": "auditee.new", "password": "mật khẩu đủ dài"})
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("token: %d", resp.StatusCode)
	}
}

func TestImportUsersAllOrNothing(t *testing.T) {
	a := newApp(t)
	office := a.Token("office", webtest.Password)
	bad := "\xEF\xBB\xBFusername,display_name,role,unit\n" +
		"auditor.U1,Nguyễn Văn A,auditor,U1\n" +
		"auditee.U1,Trần Thị B,auditee,U1\n" + // exists already
		"x,Lê C,auditor,U404\n" +
		"boss,Phạm D,admin,\n" +
		"auditor.U1,Dup,auditor,U1\n"
	resp, body := office.Upload("/api/v1/users/import", "file", "users.csv", []byte(bad), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d %s", resp.StatusCode, body)
	}
	fields := webtest.DecodeError(t, body).Error.Fields
	for _, key := range []string{"row:3:username", "row:4:unit", "row:5:role", "row:6:username"} {
		if fields[key] == nil {
			t.Errorf("fields %v lack %s", fields, key)
		}
	}
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM users WHERE username = 'auditor.U1'`).Scan(&n)
	if n != 0 {
		t.Fatal("a failed import stored a user")
	}
	// The same people from an XLSX file, fixed.
	f := excelize.NewFile()
	rows := [][]any{{"username", "display_name", "role", "unit"}, {"auditor.U1", "Nguyễn Văn A", "auditor", "U1"}, {"auditee.U1b", "Trần Thị B", "auditee", "U1"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	resp, body = office.Upload("/api/v1/users/import", "file", "users.xlsx", buf.Bytes(), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("xlsx import: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Created int
		Users   []auth.ImportedUser
	}
	json.Unmarshal(body, &out)
	if out.Created != 2 || out.Users[0].Password == "" {
		t.Fatalf("import answer %s", body)
	}
	var name string
	a.DB.R.QueryRow(`SELECT display_name FROM users WHERE username = 'auditor.U1'`).Scan(&name)
	if name != "Nguyễn Văn A" {
		t.Errorf("display name %q", name)
	}
	// A generated password must be changed at first sign-in.
	c := a.Anonymous()
	c.TryLogin("auditor.U1", out.Users[0].Password)
	if status, _ := c.Page("/"); status != http.StatusSeeOther {
		t.Errorf("home with a generated password: %d, want 303 to /password", status)
	}
	if _, body := c.Page("/password"); !strings.Contains(body, "Mật khẩu của bạn vừa được đặt lại") {
		t.Error("a generated password is not forced to change")
	}
	if resp, _ := office.Upload("/api/v1/users/import", "file", "users.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00"), nil); resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("PNG import: %d, want 415", resp.StatusCode)
	}
}

func TestTrailRecordsChangesAndIsFilterable(t *testing.T) {
	a := newApp(t)
	office := a.Token("office", webtest.Password)
	office.Do(http.MethodPatch, "/api/v1/users/auditee.U1", map[string]string{"display_name": "Chị Lan"})
	office.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "U2", "name": "Xã Liên Hiệp"})
	resp, body := office.Do(http.MethodGet, "/api/v1/events?entity=user&entity_id=auditee.U1", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("events: %d %s", resp.StatusCode, body)
	}
	var evs []auth.Event
	json.Unmarshal(body, &evs)
	if len(evs) < 2 || evs[0].Action != "update" || evs[0].Actor != "office" || !strings.Contains(string(evs[0].Summary), "Chị Lan") {
		t.Fatalf("events %s", body)
	}
	_, body = office.Do(http.MethodGet, "/api/v1/events?entity=unit&actor=office", nil)
	json.Unmarshal(body, &evs)
	if len(evs) != 1 || evs[0].EntityID != "U2" {
		t.Errorf("unit events by office: %s", body)
	}
	auditee := a.Token("auditee.U1", webtest.Password)
	if resp, _ := auditee.Do(http.MethodGet, "/api/v1/events", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditee reads the trail: %d", resp.StatusCode)
	}
}

func TestEveryRouteHasARule(t *testing.T) {
	a := newApp(t)
	if missing := a.Router.Unruled(); len(missing) > 0 {
		t.Fatalf("routes without a rule: %v", missing)
	}
	// A route added around the Router is refused, not open.
	a.Server.Echo.GET("/api/v1/sneaky", func(c echo.Context) error { return c.String(200, "open") })
	resp, _ := a.Token("admin", webtest.Password).Do(http.MethodGet, "/api/v1/sneaky", nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unruled route: %d, want 403", resp.StatusCode)
	}
	if missing := a.Router.Unruled(); len(missing) == 0 {
		t.Error("Unruled misses a route added around the Router")
	}
}

// A browser upload over the limit is 413, whether the CSRF check or the
// handler meets it first.
func TestOversizedBrowserUploadIs413(t *testing.T) {
	a := newApp(t)
	c := a.Login("office", webtest.Password)
	big := bytes.Repeat([]byte("a,b\n"), 2_700_000) // 10.8 MB
	resp, body := c.Upload("/api/v1/users/import", "file", "users.csv", big, map[string]string{"csrf": c.CSRF})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("10.8 MB upload: %d %s", resp.StatusCode, body)
	}
	huge := bytes.Repeat([]byte("a,b\n"), 3_000_000) // 12 MB
	resp, _ = c.Upload("/api/v1/users/import", "file", "users.csv", huge, nil)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("12 MB upload: %d", resp.StatusCode)
	}
}
