package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// apiClient calls the JSON API of a running serve with a bearer token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

// do sends body as JSON and decodes the answer into out (when not nil),
// failing the test unless the status is want.
func (c *apiClient) do(method, path string, body any, want int, out any) []byte {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return b
}

// apiSignIn returns a client with the user's API token.
func apiSignIn(t *testing.T, base, username, password string) *apiClient {
	t.Helper()
	c := &apiClient{t: t, base: base}
	var tok struct{ Token string }
	c.do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": username, "password": password}, http.StatusCreated, &tok)
	c.token = tok.Token
	return c
}

// initDB runs `crossaudit init` in-process and returns its exit code and
// what it printed.
func initDB(path, organisation, place, parent, admin, password string) (int, string, string) {
	var stdout, stderr strings.Builder
	args := []string{"init", "--db", path, "--organisation", organisation, "--place", place, "--admin", admin}
	if parent != "" {
		args = append(args, "--parent", parent)
	}
	code := run(context.Background(), args, strings.NewReader(password+"\n"), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// A real office's first day, as the README's "Getting started" says, from
// an empty database and without the demo: init, serve, the organiser's
// profile, units, people, auditor certificates, a programme and a
// confirmed first round.
func TestFirstRunWithoutTheDemo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	const password = "mật khẩu quản trị 2026"
	// The name typed with combining diacritics is stored composed.
	nfd := norm.NFD.String("Sở Nội vụ")
	code, out, errs := initDB(path, nfd, "Lâm Đồng", "UBND tỉnh Lâm Đồng", "quantri", password)
	if code != exitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, "quantri") {
		t.Fatalf("init: exit %d, %q %q", code, out, errs)
	}
	// A second init changes nothing and says so.
	if code, _, errs := initDB(path, "Khác", "Khác", "", "other", password); code != exitFailure || errs == "" {
		t.Fatalf("second init: exit %d, %q", code, errs)
	}

	base, stop := startServe(t, "--db", path)
	defer stop()
	admin := apiSignIn(t, base, "quantri", password)
	var prof map[string]any
	admin.do(http.MethodGet, "/api/v1/organisation", nil, http.StatusOK, &prof)
	if prof["name"] != "Sở Nội vụ" || prof["place"] != "Lâm Đồng" || prof["parent"] != "UBND tỉnh Lâm Đồng" {
		t.Fatalf("organisation after init: %v", prof)
	}
	if prof["name"] == nfd {
		t.Error("the organiser's name was stored decomposed")
	}

	// The profile: a signer of an unknown kind is refused naming it; then
	// the real one.
	bad := map[string]any{"name": "SỞ NỘI VỤ", "parent": "UBND TỈNH LÂM ĐỒNG", "place": "Lâm Đồng",
		"signers": []map[string]string{{"kind": "memo", "authority": "KT.", "principal": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Trần Văn B"}}}
	body := admin.do(http.MethodPut, "/api/v1/organisation", bad, http.StatusUnprocessableEntity, nil)
	if e := webtest.DecodeError(t, body); !strings.Contains(fmt.Sprint(e.Error.Fields["signers.0.kind"]), "memo") {
		t.Errorf("unknown kind: %s", body)
	}
	admin.do(http.MethodPut, "/api/v1/organisation", map[string]any{"name": "", "place": ""}, http.StatusUnprocessableEntity, nil)
	good := map[string]any{"name": "SỞ NỘI VỤ", "parent": "UBND TỈNH LÂM ĐỒNG", "place": "Lâm Đồng", "symbol": "SNV",
		"signers":     []map[string]string{{"kind": "decision", "authority": "KT.", "principal": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Trần Văn B"}},
		"legal_bases": []string{"Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ"}}
	admin.do(http.MethodPut, "/api/v1/organisation", good, http.StatusOK, &prof)
	if prof["symbol"] != "SNV" {
		t.Errorf("profile after PUT: %v", prof)
	}

	// Units, people and certificates.
	units := []string{"26001", "26002", "26003", "26004"}
	for i, u := range units {
		admin.do(http.MethodPost, "/api/v1/units", map[string]string{"code": u, "name": fmt.Sprintf("Xã Thử %d", i+1), "kind": "commune"},
			http.StatusCreated, nil)
		admin.do(http.MethodPost, "/api/v1/users", map[string]string{"username": "dgv." + u, "password": password, "role": "auditor", "unit": u},
			http.StatusCreated, nil)
		admin.do(http.MethodPost, "/api/v1/certificates", map[string]string{"username": "dgv." + u, "course": "Đánh giá viên nội bộ ISO 9001",
			"certificate_no": "CC-" + u, "issued_on": "2025-01-10", "expires_on": "2099-12-31"}, http.StatusCreated, nil)
	}
	admin.do(http.MethodPost, "/api/v1/users", map[string]string{"username": "vanphong", "password": password, "role": "office"}, http.StatusCreated, nil)
	office := apiSignIn(t, base, "vanphong", password)
	office.do(http.MethodPut, "/api/v1/organisation", good, http.StatusForbidden, nil)
	office.do(http.MethodGet, "/api/v1/organisation", nil, http.StatusOK, nil)

	// A programme over the built-in checklist and its first round.
	var lists []struct {
		ID int64 `json:"id"`
	}
	office.do(http.MethodGet, "/api/v1/checklists", nil, http.StatusOK, &lists)
	if len(lists) == 0 {
		t.Fatal("no built-in checklist after init")
	}
	var prog struct {
		ID int64 `json:"id"`
	}
	office.do(http.MethodPost, "/api/v1/programmes", map[string]any{"name": "Đánh giá nội bộ chéo năm 2026", "year": 2026,
		"checklist_id": lists[0].ID, "units": units}, http.StatusCreated, &prog)
	office.do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds", prog.ID), map[string]any{"per_unit": 1, "seed": 7}, http.StatusCreated, nil)
	office.do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", prog.ID), nil, http.StatusOK, nil)
	var got struct {
		Status string `json:"status"`
		Rounds []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"rounds"`
		Audits    []json.RawMessage `json:"audits"`
		Organiser struct {
			Name string `json:"name"`
		} `json:"organiser"`
	}
	office.do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d", prog.ID), nil, http.StatusOK, &got)
	if got.Status != "active" || len(got.Rounds) != 1 || got.Rounds[0].ID == 0 || got.Rounds[0].Status != "confirmed" || len(got.Audits) != 4 {
		t.Errorf("programme after the first round: %+v", got)
	}
	if got.Organiser.Name != "SỞ NỘI VỤ" {
		t.Errorf("the programme keeps organiser %q", got.Organiser.Name)
	}
}

// Before an organiser exists, creating a unit is a 409 whose message says
// how to declare one (CONTRACT.md).
func TestUnitsBeforeAnOrganiser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bare.db")
	var stderr strings.Builder
	if code := run(context.Background(), []string{"user", "add", "--db", path, "--username", "quantri", "--role", "admin"},
		strings.NewReader("mật khẩu quản trị 2026\n"), io.Discard, &stderr); code != exitOK {
		t.Fatalf("user add: %d %s", code, stderr.String())
	}
	base, stop := startServe(t, "--db", path)
	defer stop()
	admin := apiSignIn(t, base, "quantri", "mật khẩu quản trị 2026")
	body := admin.do(http.MethodPost, "/api/v1/units", map[string]string{"code": "26001", "name": "Xã Thử"}, http.StatusConflict, nil)
	if e := webtest.DecodeError(t, body); e.Error.Code != "no_owner" || !strings.Contains(e.Error.Message, "crossaudit init") {
		t.Errorf("units before an organiser: %s", body)
	}
}
