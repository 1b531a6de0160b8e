package org_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// pagesApp is the units API and pages with an office clerk, an auditor and
// an auditee of a unit named with every kind of Vietnamese letter.
func pagesApp(t *testing.T) *webtest.App {
	t.Helper()
	a := webtest.New(t, func(s *web.Server, r *web.Router, d *db.DB) { org.MountManage(s, r, &org.Store{DB: d}) })
	a.Unit("24967", "Thị trấn Liên Nghĩa", "Cụm 1")
	a.Unit("24970", "Xã Đức Trọng Mới", "Cụm 2")
	a.User("office", role.Office, "")
	a.User("auditor.24967", role.Auditor, "24967")
	a.User("auditee.24967", role.Auditee, "24967")
	return a
}

// english switches a signed-in client to English, as the header's button does.
func english(t *testing.T, c *webtest.Client) {
	t.Helper()
	if resp, _ := c.Form("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("language switch: %d", resp.StatusCode)
	}
}

func TestUnitFormShowsFieldErrorsInTheUsersLanguage(t *testing.T) {
	a := pagesApp(t)
	for _, tc := range []struct {
		lang, code, name string
	}{
		{"vi", "Mã chỉ gồm chữ cái không dấu", "Bắt buộc nhập."},
		{"en", "A code holds only unaccented letters", "Required."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := a.Login("office", webtest.Password)
			if tc.lang == "en" {
				english(t, c)
			}
			c.Page("/units/new")
			resp, body := c.Form("/units/new", url.Values{"code": {"Xã 9"}, "name": {"Xã Chín"}, "cluster": {"Cụm 7"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			page := string(body)
			for _, want := range []string{tc.code, `value="Xã 9"`, `value="Xã Chín"`, `value="Cụm 7"`, `aria-invalid="true"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the form shown again lacks %q", want)
				}
			}
			resp, body = c.Form("/units/new", url.Values{"code": {""}, "name": {""}})
			if resp.StatusCode != http.StatusUnprocessableEntity || strings.Count(string(body), tc.name) != 2 {
				t.Errorf("empty form: %d, want 422 naming code and name", resp.StatusCode)
			}
		})
	}
}

func TestUnitCreatedEditedWithFlash(t *testing.T) {
	a := pagesApp(t)
	c := a.Login("office", webtest.Password)
	c.Page("/units/new")
	resp, _ := c.Form("/units/new", url.Values{"code": {"24994"}, "name": {"Xã Đà Loan"}, "kind": {"commune"}, "cluster": {"Cụm 3"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/units" {
		t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := c.Page("/units"); !strings.Contains(body, "Đã thêm đơn vị Xã Đà Loan.") {
		t.Error("no flash after creating a unit")
	}
	if _, body := c.Page("/units"); strings.Contains(body, "Đã thêm đơn vị") {
		t.Error("the flash shows twice")
	}
	// A duplicate code is shown on the form, not as an error page.
	resp, body := c.Form("/units/new", url.Values{"code": {"24994"}, "name": {"Xã Khác"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "Đã tồn tại.") {
		t.Errorf("duplicate: %d", resp.StatusCode)
	}
	c.Page("/units/24994/edit")
	resp, _ = c.Form("/units/24994/edit", url.Values{"name": {"Xã Đà Loan (mới)"}, "kind": {"commune"}, "cluster": {""}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	u, err := (&org.Store{DB: a.DB}).UnitByCode(t.Context(), "24994")
	if err != nil || u.Name != "Xã Đà Loan (mới)" || u.Cluster != "" {
		t.Errorf("after edit: %+v %v", u, err)
	}
	resp, body = c.Form("/units/24994/edit", url.Values{"name": {"  "}, "kind": {"castle"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Phải là một trong") {
		t.Errorf("bad edit: %d", resp.StatusCode)
	}
}

func TestUnitPagesByRole(t *testing.T) {
	a := pagesApp(t)
	auditor := a.Login("auditor.24967", webtest.Password)
	status, body := auditor.Page("/units")
	if status != http.StatusOK || !strings.Contains(body, "Thị trấn Liên Nghĩa") {
		t.Errorf("auditor reads units: %d", status)
	}
	if strings.Contains(body, `href="/units/new"`) {
		t.Error("an auditor is offered to add units")
	}
	for _, path := range []string{"/units/new", "/units/import", "/units/24967/edit"} {
		if status, _ := auditor.Page(path); status != http.StatusForbidden {
			t.Errorf("auditor GET %s: %d, want 403", path, status)
		}
	}
	if resp, _ := auditor.Form("/units/new", url.Values{"code": {"X1"}, "name": {"X"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor POST: %d, want 403", resp.StatusCode)
	}
	auditee := a.Login("auditee.24967", webtest.Password)
	if status, body := auditee.Page("/units"); status != http.StatusForbidden || !strings.Contains(body, "Bạn không có quyền") {
		t.Errorf("auditee reads units: %d", status)
	}
	if status, _ := a.Anonymous().Page("/units"); status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want 303 to sign in", status)
	}
}

func TestUnitSearchIgnoresDiacritics(t *testing.T) {
	a := pagesApp(t)
	c := a.Login("office", webtest.Password)
	for _, q := range []string{"duc trong", "ĐỨC TRỌNG", "24970"} {
		_, body := c.Page("/units?q=" + url.QueryEscape(q))
		if !strings.Contains(body, "Xã Đức Trọng Mới") || strings.Contains(body, "Liên Nghĩa") {
			t.Errorf("search %q does not find just Đức Trọng", q)
		}
	}
}

func TestUnitImportAllOrNothing(t *testing.T) {
	a := pagesApp(t)
	c := a.Login("office", webtest.Password)
	c.Page("/units/import")
	bad := "code,name,kind,cluster\n" +
		"24973,Xã N'Thol Hạ,Xã,Cụm 1\n" +
		"24967,Trùng mã,commune,\n" + // exists already
		"Xã 1,Mã có dấu,commune,\n" +
		"24976,,ward,\n" +
		"24973,Lặp trong tệp,commune,\n" +
		"24979,Xã Lạ,castle,\n"
	resp, body := c.Upload("/units/import", "file", "units.csv", []byte(bad), map[string]string{"csrf": c.CSRF})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", resp.StatusCode)
	}
	page := string(body)
	for _, want := range []string{"Dòng 3, cột code:", "Dòng 4, cột code:", "Dòng 5, cột name:", "Dòng 6, cột code:", "Dòng 7, cột kind:", "Chưa nhập dòng nào"} {
		if !strings.Contains(page, want) {
			t.Errorf("the problems lack %q", want)
		}
	}
	if strings.Index(page, "Dòng 3") > strings.Index(page, "Dòng 7") {
		t.Error("problems are not in line order")
	}
	if n := len(units(t, a.Token("office", webtest.Password), "")); n != 2 {
		t.Fatalf("%d units after a failed import, want 2", n)
	}
	good := xlsx(t, [][]any{{"code", "name", "kind", "cluster"}, {"24973", "Xã N'Thol Hạ", "Xã", "Cụm 1"}, {"24976", "Xã Tân Hội", "", ""}})
	resp, _ = c.Upload("/units/import", "file", "units.xlsx", good, map[string]string{"csrf": c.CSRF})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good file: %d", resp.StatusCode)
	}
	if _, body := c.Page("/units"); !strings.Contains(body, "Đã nhập 2 đơn vị.") || !strings.Contains(body, "Xã N&#39;Thol Hạ") {
		t.Error("no flash or unit after the import")
	}
	if resp, body := c.Upload("/units/import", "file", "x.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), map[string]string{"csrf": c.CSRF}); resp.StatusCode != http.StatusUnsupportedMediaType ||
		!strings.Contains(string(body), "Tệp không phải CSV hoặc XLSX.") {
		t.Errorf("a PNG: %d", resp.StatusCode)
	}
}

func TestUnitImportAndEditAPI(t *testing.T) {
	a := pagesApp(t)
	office := a.Token("office", webtest.Password)
	resp, body := office.Upload("/api/v1/units/import", "file", "u.csv", []byte("code,name\n24961,Xã Hiệp An\n24961,Xã Hiệp An\n"), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["row:3:code"] == nil {
		t.Fatalf("duplicate rows: %d %s", resp.StatusCode, body)
	}
	resp, body = office.Upload("/api/v1/units/import", "file", "u.csv", []byte("code,name,kind,cluster\n24961,Xã Hiệp An,commune,Cụm 1\n24964,Xã Liên Hiệp,,Cụm 1\n"), nil)
	var out struct{ Created int }
	if json.Unmarshal(body, &out); resp.StatusCode != http.StatusCreated || out.Created != 2 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	resp, body = office.Do(http.MethodPatch, "/api/v1/units/24961", map[string]string{"name": "Xã Hiệp An (sửa)", "cluster": "Cụm 2"})
	var u org.Unit
	if json.Unmarshal(body, &u); resp.StatusCode != http.StatusOK || u.Name != "Xã Hiệp An (sửa)" || u.Cluster != "Cụm 2" || u.Kind != "commune" {
		t.Errorf("patch: %d %s", resp.StatusCode, body)
	}
	if resp, body := office.Do(http.MethodPatch, "/api/v1/units/24961", map[string]string{"kind": "castle"}); resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["kind"] == nil {
		t.Errorf("bad kind: %d %s", resp.StatusCode, body)
	}
	if resp, _ := office.Do(http.MethodPatch, "/api/v1/units/99999", map[string]string{"name": "X"}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown unit: %d", resp.StatusCode)
	}
	auditor := a.Token("auditor.24967", webtest.Password)
	if resp, _ := auditor.Do(http.MethodPatch, "/api/v1/units/24961", map[string]string{"name": "X"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor patch: %d, want 403", resp.StatusCode)
	}
	if resp, _ := auditor.Upload("/api/v1/units/import", "file", "u.csv", []byte("code,name\nA,B\n"), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor import: %d, want 403", resp.StatusCode)
	}
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM events WHERE entity = 'unit' AND entity_id = '24961' AND action = 'update'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d trail entries for the edit, want 1", n)
	}
}

func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
