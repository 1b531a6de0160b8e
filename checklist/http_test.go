package checklist_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// app starts the checklist API and pages on a seeded database with an
// admin, an office user, an auditor and an auditee.
func app(t *testing.T) *webtest.App {
	t.Helper()
	a := webtest.New(t, func(s *web.Server, r *web.Router, d *db.DB) { checklist.Mount(s, r, &checklist.Store{DB: d}) })
	// Edition 1 alone, as every install was before version 2: the tests
	// count versions from there (edition 2 has tests of its own).
	if err := checklist.SeedEditions(context.Background(), a.DB, 1); err != nil {
		t.Fatal(err)
	}
	a.Unit("U1", "Xã Một", "")
	a.User("admin", role.Admin, "")
	a.User("office", role.Office, "")
	a.User("auditor.U1", role.Auditor, "U1")
	a.User("auditee.U1", role.Auditee, "U1")
	return a
}

func builtinID(t *testing.T, a *webtest.App) int64 {
	t.Helper()
	id, err := checklist.BuiltinID(context.Background(), a.DB)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func decode[T any](t *testing.T, resp *http.Response, body []byte, status int) T {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

type apiItem struct {
	ID         string `json:"id"`
	Clause     string `json:"clause"`
	Kind       string `json:"kind"`
	TextVI     string `json:"text_vi"`
	TextEN     string `json:"text_en"`
	GuidanceVI string `json:"guidance_vi"`
	GuidanceEN string `json:"guidance_en"`
	Unit       string `json:"unit"`
	Target     string `json:"target"`
	Failure    bool   `json:"failure"`
}

type apiVersion struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Version       int       `json:"version"`
	VersionID     int64     `json:"version_id"`
	Status        string    `json:"status"`
	Items         []apiItem `json:"items"`
	NotApplicable []struct {
		Clause, Reason string
	} `json:"not_applicable"`
}

func path(id int64, rest string) string {
	return "/api/v1/checklists/" + itoa(id) + rest
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestGetChecklistHasTheContractShape(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	c := a.Token("auditor.U1", webtest.Password)
	resp, body := c.Do(http.MethodGet, path(id, ""), nil)
	var raw map[string]any
	_ = json.Unmarshal(body, &raw)
	v := decode[apiVersion](t, resp, body, http.StatusOK)
	if v.ID != id || v.Version != 1 || v.Status != "published" || v.VersionID == 0 || len(v.Items) != 59 {
		t.Fatalf("got %+v", v)
	}
	first := raw["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "clause", "kind", "text_vi", "text_en", "guidance_vi", "guidance_en"} {
		if _, ok := first[k]; !ok {
			t.Errorf("item lacks %q: %v", k, first)
		}
	}
	if v.Items[0].ID != "C01" || v.Items[0].Clause != "4.1" || v.Items[0].Kind != "check" {
		t.Errorf("first item %+v", v.Items[0])
	}
	resp, body = c.Do(http.MethodGet, "/api/v1/checklists", nil)
	list := decode[[]checklist.Checklist](t, resp, body, http.StatusOK)
	if len(list) != 1 || list[0].Name != checklist.BuiltinName || !list[0].Builtin || list[0].Version != 1 || list[0].Items != 59 {
		t.Errorf("list %+v", list)
	}
	if resp, body := c.Do(http.MethodGet, "/api/v1/checklists?limit=1", nil); len(decode[[]checklist.Checklist](t, resp, body, http.StatusOK)) != 1 {
		t.Error("limit=1 did not answer one checklist")
	}
	if resp, _ := c.Do(http.MethodGet, "/api/v1/checklists?limit=many", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("limit=many: %d, want 422", resp.StatusCode)
	}
	resp, body = c.Do(http.MethodGet, path(id, "?q=cong+dich+vu"), nil)
	if v := decode[apiVersion](t, resp, body, http.StatusOK); len(v.Items) == 0 || len(v.Items) > 10 {
		t.Errorf("search found %d items", len(v.Items))
	}
	resp, body = c.Do(http.MethodGet, path(999, ""), nil)
	if resp.StatusCode != http.StatusNotFound || webtest.DecodeError(t, body).Error.Code != "not_found" {
		t.Errorf("unknown checklist: %d %s", resp.StatusCode, body)
	}
}

func TestRoles(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	csv := []byte("id,clause,text_vi,text_en\nA1,4.1,Câu hỏi,Question\n")
	type call struct {
		method, path string
		body         any
	}
	reads := []call{{"GET", "/api/v1/checklists", nil}, {"GET", path(id, ""), nil}, {"GET", path(id, "/export?format=csv"), nil},
		{"GET", path(id, "/versions"), nil}, {"GET", path(id, "/versions/1"), nil}, {"GET", "/api/v1/clauses", nil},
		{"GET", "/checklists", nil}, {"GET", "/checklists/" + itoa(id), nil}, {"GET", "/checklists/" + itoa(id) + "/print", nil}}
	writes := []call{{"POST", path(id, "/versions"), nil}, {"PUT", path(id, "/versions/2/items/C01"), map[string]string{"clause": "4.1", "text_vi": "Sửa"}},
		{"POST", path(id, "/versions/2/publish"), nil}}
	for _, user := range []string{"auditor.U1", "auditee.U1"} {
		c := a.Token(user, webtest.Password)
		for _, r := range reads {
			resp, body := c.Do(r.method, r.path, r.body)
			want := http.StatusOK
			if user == "auditee.U1" {
				want = http.StatusForbidden
			}
			if resp.StatusCode != want {
				t.Errorf("%s %s %s: %d, want %d: %.200s", user, r.method, r.path, resp.StatusCode, want, body)
			}
		}
		for _, r := range writes {
			if resp, _ := c.Do(r.method, r.path, r.body); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s %s: %d, want 403", user, r.method, r.path, resp.StatusCode)
			}
		}
		if resp, _ := c.Upload("/api/v1/checklists/import", "file", "a.csv", csv, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s import: %d, want 403", user, resp.StatusCode)
		}
	}
	if resp, _ := a.Anonymous().Do("GET", "/api/v1/checklists", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", resp.StatusCode)
	}
	for _, user := range []string{"office", "admin"} {
		c := a.Token(user, webtest.Password)
		resp, body := c.Upload("/api/v1/checklists/import", "file", "a.csv", csv, map[string]string{"name": "Của " + user})
		decode[map[string]any](t, resp, body, http.StatusCreated)
	}
	office := a.Token("office", webtest.Password)
	for i, r := range writes {
		want := []int{http.StatusCreated, http.StatusOK, http.StatusOK}[i]
		if resp, body := office.Do(r.method, r.path, r.body); resp.StatusCode != want {
			t.Errorf("office %s %s: %d, want %d: %s", r.method, r.path, resp.StatusCode, want, body)
		}
	}
}

// Auditors read published versions only: a draft is the office's work in
// progress and must not reach an audit.
func TestAuditorsDoNotSeeDrafts(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	office := a.Token("office", webtest.Password)
	if resp, body := office.Do("POST", path(id, "/versions"), nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("start draft: %d %s", resp.StatusCode, body)
	}
	auditor := a.Token("auditor.U1", webtest.Password)
	for _, p := range []string{path(id, "/versions/2"), path(id, "/export?version=2"), path(id, "/diff?from=1&to=2")} {
		if resp, _ := auditor.Do("GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("auditor GET %s: %d, want 404", p, resp.StatusCode)
		}
		if resp, _ := office.Do("GET", p, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("office GET %s: %d, want 200", p, resp.StatusCode)
		}
	}
	resp, body := auditor.Do("GET", path(id, "/versions"), nil)
	if vs := decode[[]checklist.VersionInfo](t, resp, body, http.StatusOK); len(vs) != 1 || vs[0].Number != 1 {
		t.Errorf("auditor sees versions %+v", vs)
	}
}

func TestPublishedVersionIsImmutableThroughTheAPI(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	c := a.Token("office", webtest.Password)
	edit := map[string]any{"clause": "4.1", "text_vi": "Sửa sau khi ban hành"}
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"PUT", path(id, "/versions/1/items/C01"), edit},
		{"PUT", path(id, "/versions/1/items/Z99"), edit},
		{"DELETE", path(id, "/versions/1/items/C01"), nil},
		{"POST", path(id, "/versions/1/items/C02/move"), map[string]string{"direction": "up"}},
		{"PUT", path(id, "/versions/1/not-applicable/7.1.5"), map[string]string{"reason": "Không có thiết bị đo"}},
		{"DELETE", path(id, "/versions/1/not-applicable/8.3"), nil},
		{"POST", path(id, "/versions/1/publish"), nil},
		{"DELETE", path(id, "/versions/1"), nil},
	} {
		resp, body := c.Do(r.method, r.path, r.body)
		if resp.StatusCode != http.StatusConflict || webtest.DecodeError(t, body).Error.Code != "version_published" {
			t.Errorf("%s %s: %d %s, want 409 version_published", r.method, r.path, resp.StatusCode, body)
		}
	}
	resp, body := c.Do("GET", path(id, "/export?format=json&version=1"), nil)
	builtin := export(t, checklist.FormatJSON, &checklist.Version{Name: checklist.BuiltinName, Number: 1, Items: mustBuiltin(t)})
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, builtin) {
		t.Errorf("version 1 changed after refused edits")
	}
}

func TestDraftEditingThroughTheAPI(t *testing.T) {
	a := app(t)
	id := builtinID(t, a)
	c := a.Token("office", webtest.Password)
	resp, body := c.Do("POST", path(id, "/versions"), nil)
	draft := decode[apiVersion](t, resp, body, http.StatusCreated)
	if draft.Version != 2 || draft.Status != "draft" {
		t.Fatalf("draft %+v", draft)
	}
	if resp, _ := c.Do("POST", path(id, "/versions"), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("second start: %d, want 200 with the same draft", resp.StatusCode)
	}
	decomposed := norm.NFD.String("Hồ sơ được trả đúng hẹn?")
	resp, body = c.Do("PUT", path(id, "/versions/2/items/N01"), map[string]any{"clause": "8.5.5", "kind": "measure", "text_vi": decomposed, "unit": "%", "target": "≥95", "failure": true})
	if it := decode[apiItem](t, resp, body, http.StatusCreated); it.TextVI != "Hồ sơ được trả đúng hẹn?" || it.Target != ">=95" || !it.Failure {
		t.Errorf("added %+v", it)
	}
	resp, body = c.Do("PUT", path(id, "/versions/2/items/C01"), map[string]any{"id": "C01A", "clause": "4.1", "text_vi": "Đã sửa", "text_en": "Edited"})
	decode[apiItem](t, resp, body, http.StatusOK)
	for _, r := range []struct {
		method, path string
		body         any
		status       int
		code, field  string
	}{
		{"PUT", path(id, "/versions/2/items/C02"), map[string]any{"id": "C01A", "clause": "4.2", "text_vi": "x"}, 409, "duplicate_code", "id"},
		{"PUT", path(id, "/versions/2/items/C02"), map[string]any{"clause": "4.2/12", "text_vi": ""}, 422, "invalid", "text_vi"},
		{"PUT", path(id, "/versions/2/items/C02"), map[string]any{"clause": "4.2", "text_vi": "x", "failure": "có"}, 422, "invalid", "failure"},
		{"PUT", path(id, "/versions/2/items/C02"), []byte("{\"clause\": \"4.2\", \"text_vi\": \"x\xff\"}"), 400, "invalid_utf8", ""},
		{"POST", path(id, "/versions/2/items/C02/move"), map[string]string{"direction": "sideways"}, 422, "invalid", "direction"},
		{"DELETE", path(id, "/versions/2/items/Z99"), nil, 404, "not_found", ""},
		{"PUT", path(id, "/versions/2/not-applicable/99"), map[string]string{"reason": "x"}, 422, "invalid", "clause"},
		{"GET", path(id, "/versions/9"), nil, 404, "not_found", ""},
		{"GET", path(id, "/export?format=pdf"), nil, 422, "invalid", "format"},
	} {
		resp, body := c.Do(r.method, r.path, r.body)
		if resp.StatusCode != r.status {
			t.Errorf("%s %s: %d, want %d: %s", r.method, r.path, resp.StatusCode, r.status, body)
			continue
		}
		e := webtest.DecodeError(t, body)
		if e.Error.Code != r.code || (r.field != "" && e.Error.Fields[r.field] == nil) {
			t.Errorf("%s %s: %+v, want %s naming %q", r.method, r.path, e.Error, r.code, r.field)
		}
	}
	resp, body = c.Do("POST", path(id, "/versions/2/items/N01/move"), map[string]string{"direction": "up"})
	decode[map[string]int](t, resp, body, http.StatusOK)
	if resp, body := c.Do("DELETE", path(id, "/versions/2/items/C49"), nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", resp.StatusCode, body)
	}
	if resp, body := c.Do("PUT", path(id, "/versions/2/not-applicable/7.1.5.1"), map[string]string{"reason": "Không dùng thiết bị đo"}); resp.StatusCode != http.StatusOK {
		t.Errorf("exclude: %d %s", resp.StatusCode, body)
	}
	resp, body = c.Do("GET", path(id, "/diff"), nil)
	d := decode[checklist.Diff](t, resp, body, http.StatusOK)
	if d.From != 1 || d.To != 2 || summaryOf(d.Items) != "added C01A added N01 removed C01 removed C49" || len(d.NotApplicable) != 1 {
		t.Errorf("diff %+v: %s", d, summaryOf(d.Items))
	}
	resp, body = c.Do("POST", path(id, "/versions/2/publish"), nil)
	if v := decode[apiVersion](t, resp, body, http.StatusOK); v.Status != "published" || len(v.Items) != 59 {
		t.Errorf("published %+v", v.Status)
	}
	resp, body = c.Do("GET", path(id, ""), nil)
	if v := decode[apiVersion](t, resp, body, http.StatusOK); v.Version != 2 || v.Items[0].ID != "C01A" {
		t.Errorf("GET shows v%d starting %s", v.Version, v.Items[0].ID)
	}
}

func TestImportExportRoundTripThroughTheAPI(t *testing.T) {
	a := app(t)
	c := a.Token("office", webtest.Password)
	id := builtinID(t, a)
	for _, format := range []string{"csv", "xlsx", "json"} {
		resp, file := c.Do("GET", path(id, "/export?format="+format), nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "v1."+format) {
			t.Fatalf("export %s: %d %s", format, resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		if format == "csv" && !bytes.HasPrefix(file, []byte("\xEF\xBB\xBF")) {
			t.Error("CSV export has no byte-order mark")
		}
		// The file's name need not match its content: an XLSX named .csv is read as XLSX.
		resp, body := c.Upload("/api/v1/checklists/import", "file", "copy.csv", file, map[string]string{"name": "Bản sao " + format})
		created := decode[struct{ ID, Version int64 }](t, resp, body, http.StatusCreated)
		if created.Version != 1 {
			t.Errorf("%s: import answered %+v", format, created)
		}
		resp, again := c.Do("GET", path(created.ID, "/export?format=json"), nil)
		want := export(t, checklist.FormatJSON, &checklist.Version{Name: "Bản sao " + format, Number: 1, Items: mustBuiltin(t)})
		if resp.StatusCode != http.StatusOK || !bytes.Equal(again, want) {
			t.Errorf("%s: the imported copy differs from the original:\n%.300s", format, again)
		}
	}
	resp, body := c.Upload("/api/v1/checklists/import", "file", "Danh mục của tôi.json", []byte(`{"name":"Tên trong tệp","items":[{"id":"A","clause":"4.1","text_vi":"Một","text_en":""}]}`), nil)
	created := decode[struct{ ID int64 }](t, resp, body, http.StatusCreated)
	resp, body = c.Do("GET", path(created.ID, ""), nil)
	if v := decode[apiVersion](t, resp, body, http.StatusOK); v.Name != "Tên trong tệp" {
		t.Errorf("name %q", v.Name)
	}
	resp, body = c.Upload("/api/v1/checklists/import", "file", "Danh mục của tôi.csv", []byte("id,clause,text_vi,text_en\nA,4.1,Một,\n"), nil)
	created = decode[struct{ ID int64 }](t, resp, body, http.StatusCreated)
	resp, body = c.Do("GET", path(created.ID, ""), nil)
	if v := decode[apiVersion](t, resp, body, http.StatusOK); v.Name != "Danh mục của tôi" {
		t.Errorf("name from the file name: %q", v.Name)
	}
}

func TestBadImportsChangeNothing(t *testing.T) {
	a := app(t)
	c := a.Token("office", webtest.Password)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	header := "id,clause,text_vi,text_en\n"
	tests := []struct {
		name, filename string
		file           []byte
		extra          map[string]string
		status         int
		code           string
		fields         []string
	}{
		{"PNG named .csv", "anh.csv", png, nil, 415, "unsupported_type", nil},
		{"invalid UTF-8", "a.csv", []byte(header + "A,4.1,Câu,Q\nB,4.1,C\xe2u h\xf4i,Q\n"), nil, 422, "invalid_file", []string{"row:3"}},
		{"missing columns", "a.csv", []byte("id,text_vi\nA,Một\n"), nil, 422, "invalid_file", []string{"row:1:clause", "row:1:text_en"}},
		{"duplicate codes", "a.csv", []byte(header + "A,4.1,Một,\nB,4.1,Hai,\na,4.1,Ba,\n"), nil, 422, "invalid_file", []string{"row:4:id"}},
		{"empty question", "a.csv", []byte(header + "A,4.1,,Q\n"), nil, 422, "invalid_file", []string{"row:2:text_vi"}},
		{"unknown clause", "a.csv", []byte(header + "A,4.1/11.1,Một,\n"), nil, 422, "invalid_file", []string{"row:2:clause"}},
		{"absurdly long text", "a.csv", []byte(header + "A,4.1,Một," + strings.Repeat("long ", 1000) + "\n"), nil, 422, "invalid_file", []string{"row:2:text_en"}},
		{"long name", "a.csv", []byte(header + "A,4.1,Một,\n"), map[string]string{"name": strings.Repeat("n", 201)}, 422, "invalid", []string{"name"}},
		{"no file", "", nil, nil, 422, "invalid", []string{"file"}},
		{"over 10 MB", "big.csv", append([]byte(header), bytes.Repeat([]byte("x"), web.MaxUploadSize)...), nil, 413, "too_large", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			var body []byte
			if tt.filename == "" {
				resp, body = c.Upload("/api/v1/checklists/import", "other", "x.csv", []byte("x"), nil)
			} else {
				resp, body = c.Upload("/api/v1/checklists/import", "file", tt.filename, tt.file, tt.extra)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.status, body)
			}
			e := webtest.DecodeError(t, body)
			if e.Error.Code != tt.code {
				t.Errorf("code %q, want %q", e.Error.Code, tt.code)
			}
			var got []string
			for k := range e.Error.Fields {
				got = append(got, k)
			}
			if tt.fields != nil && !sameSet(got, tt.fields) {
				t.Errorf("fields %v, want %v", e.Error.Fields, tt.fields)
			}
		})
	}
	if n := count(t, a.DB, `SELECT COUNT(*) FROM checklists`); n != 1 {
		t.Errorf("%d checklists after refused imports, want 1", n)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}
