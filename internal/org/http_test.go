package org_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func setup(t *testing.T) (*webtest.App, *webtest.Client) {
	t.Helper()
	a := webtest.New(t)
	a.Owner()
	a.User("office", role.Office, "")
	return a, a.Token("office", webtest.Password)
}

func units(t *testing.T, c *webtest.Client, query string) []org.Unit {
	t.Helper()
	resp, body := c.Do(http.MethodGet, "/api/v1/units"+query, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("list units: %d %s", resp.StatusCode, body)
	}
	var us []org.Unit
	if err := json.Unmarshal(body, &us); err != nil {
		t.Fatal(err)
	}
	return us
}

func TestCreateUnitStoresNFCAndSearchIgnoresDiacritics(t *testing.T) {
	a, c := setup(t)
	decomposed := norm.NFD.String("Xã Đà Loan")
	resp, body := c.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "24994", "name": decomposed, "cluster": "Cụm 3"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var stored string
	a.DB.R.QueryRow(`SELECT name FROM units WHERE code = '24994'`).Scan(&stored)
	if stored != "Xã Đà Loan" || !norm.NFC.IsNormalString(stored) {
		t.Errorf("stored name %q is not the NFC form", stored)
	}
	for _, q := range []string{"?q=da%20loan", "?q=%C4%90%C3%A0%20Loan", "?q=DA+LOAN", "?q=2499"} {
		if got := units(t, c, q); len(got) != 1 || got[0].Code != "24994" {
			t.Errorf("search %s found %+v", q, got)
		}
	}
	if got := units(t, c, "?q=duc+trong"); len(got) != 0 {
		t.Errorf("search for another name found %+v", got)
	}
}

func TestUnitErrorsHaveTheContractShape(t *testing.T) {
	a, c := setup(t)
	if resp, body := c.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "A1", "name": "Xã Một"}); resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	tests := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"malformed JSON", []byte(`{"code": "B1",`), http.StatusBadRequest, "malformed_json", ""},
		{"invalid UTF-8", []byte("{\"code\":\"B1\",\"name\":\"X\xff\"}"), http.StatusBadRequest, "invalid_utf8", ""},
		{"too large", []byte(`{"code":"B1","name":"` + strings.Repeat("a", web.MaxJSONBody) + `"}`), http.StatusRequestEntityTooLarge, "too_large", ""},
		{"empty code", map[string]string{"code": "  ", "name": "Xã Hai"}, http.StatusUnprocessableEntity, "invalid", "code"},
		{"accented code", map[string]string{"code": "Xã2", "name": "Xã Hai"}, http.StatusUnprocessableEntity, "invalid", "code"},
		{"unknown kind", map[string]string{"code": "B2", "name": "Xã Hai", "kind": "castle"}, http.StatusUnprocessableEntity, "invalid", "kind"},
		{"wrong type", []byte(`{"code": 12, "name": "Xã"}`), http.StatusUnprocessableEntity, "invalid", "code"},
		{"duplicate code", map[string]string{"code": "A1", "name": "Xã Khác"}, http.StatusConflict, "duplicate_code", "code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := c.Do(http.MethodPost, "/api/v1/units", tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			e := webtest.DecodeError(t, body)
			if e.Error.Code != tt.code {
				t.Errorf("code %q, want %q", e.Error.Code, tt.code)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == nil {
				t.Errorf("fields %v do not name %q", e.Error.Fields, tt.field)
			}
		})
	}
	if n := len(units(t, c, "")); n != 1 {
		t.Errorf("%d units stored after bad requests, want 1", n)
	}
	resp, body := c.Do(http.MethodGet, "/api/v1/nothing-here", nil)
	if resp.StatusCode != http.StatusNotFound || webtest.DecodeError(t, body).Error.Code != "not_found" {
		t.Errorf("unknown path: %d %s", resp.StatusCode, body)
	}
	_ = a
}

func TestErrorMessagesFollowTheLanguage(t *testing.T) {
	_, c := setup(t)
	for lang, want := range map[string]string{"vi": "Bắt buộc nhập.", "en": "Required."} {
		req, _ := http.NewRequest(http.MethodPost, c.App.HTTP.URL+"/api/v1/units", bytes.NewReader([]byte(`{"code":"Z"}`)))
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
		req.Header.Set("Accept-Language", lang)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e webtest.ErrorBody
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if got := e.Error.Fields["name"]; got != want {
			t.Errorf("%s: fields.name = %v, want %q", lang, got, want)
		}
	}
}

func TestUnitsNeedSignInAndTheRightRole(t *testing.T) {
	a, _ := setup(t)
	a.Unit("U1", "Xã Một", "")
	a.User("auditee.U1", role.Auditee, "U1")
	a.User("auditor.U1", role.Auditor, "U1")
	resp, _ := a.Anonymous().Do(http.MethodGet, "/api/v1/units", nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous list: %d, want 401", resp.StatusCode)
	}
	auditor := a.Token("auditor.U1", webtest.Password)
	if resp, _ := auditor.Do(http.MethodGet, "/api/v1/units", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("auditor list: %d, want 200", resp.StatusCode)
	}
	if resp, _ := auditor.Do(http.MethodPost, "/api/v1/units", map[string]string{"code": "U2", "name": "Xã Hai"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor create: %d, want 403", resp.StatusCode)
	}
	auditee := a.Token("auditee.U1", webtest.Password)
	if resp, _ := auditee.Do(http.MethodGet, "/api/v1/units", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditee list: %d, want 403", resp.StatusCode)
	}
}
