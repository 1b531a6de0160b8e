package idempotency_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/idempotency"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// importUnits posts a units file to the import API with a key (none when
// empty), by header or by form field.
func importUnits(t *testing.T, a *webtest.App, bearer, key string, inForm bool, file string) (*http.Response, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if key != "" && inForm {
		_ = w.WriteField(idempotency.FormField, key)
	}
	fw, _ := w.CreateFormFile("file", "units.csv")
	_, _ = io.WriteString(fw, file)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, a.HTTP.URL+"/api/v1/units/import", &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+bearer)
	if key != "" && !inForm {
		req.Header.Set(idempotency.Header, key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func countUnits(t *testing.T, a *webtest.App) int {
	t.Helper()
	var n int
	if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM units`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An import sent again with the same key answers the first answer and
// imports nothing; a refused import frees its key; another user's key is
// theirs; a request left unfinished by a dead process is refused rather
// than imported a second time; a malformed key is 422 naming it.
func TestImportRepeatedWithTheSameKeyImportsOnce(t *testing.T) {
	a := webtest.New(t, func(s *web.Server, r *web.Router, d *db.DB) { org.MountManage(s, r, &org.Store{DB: d}) })
	a.Owner()
	a.User("office", role.Office, "")
	a.User("office2", role.Office, "")
	office := a.Token("office", webtest.Password).Bearer
	other := a.Token("office2", webtest.Password).Bearer
	file := "code,name,kind,cluster\nU1,Xã Một,xa,\nU2,Xã Hai,xa,\n"

	first, body1 := importUnits(t, a, office, "key-0001-abcdef", false, file)
	if first.StatusCode != http.StatusCreated {
		t.Fatalf("first import: %d %s", first.StatusCode, body1)
	}
	if first.Header.Get(idempotency.ReplayedHeader) != "" {
		t.Error("the first answer says it is replayed")
	}
	n := countUnits(t, a)
	for _, inForm := range []bool{false, true} {
		again, body2 := importUnits(t, a, office, "key-0001-abcdef", inForm, file)
		if again.StatusCode != first.StatusCode || !bytes.Equal(body1, body2) || again.Header.Get(idempotency.ReplayedHeader) != "true" {
			t.Errorf("repeat (key in form %v): %d %s %v, want the first answer replayed", inForm, again.StatusCode, body2, again.Header)
		}
	}
	if got := countUnits(t, a); got != n {
		t.Errorf("units %d after the repeats, want %d", got, n)
	}
	// Without the key, the same file is imported again: refused as
	// duplicates, which is what the key spares the client.
	if resp, body := importUnits(t, a, office, "", false, file); resp.StatusCode < 400 {
		t.Errorf("the same file without a key: %d %s, want a refusal of the duplicate codes", resp.StatusCode, body)
	}
	// Another user's same key is theirs: the request runs (and is refused
	// as duplicates, not answered with office's answer).
	if resp, body := importUnits(t, a, other, "key-0001-abcdef", false, file); resp.Header.Get(idempotency.ReplayedHeader) != "" {
		t.Errorf("another user's key was answered with office's answer: %d %s", resp.StatusCode, body)
	}

	// A refused import frees its key for the corrected file.
	if resp, body := importUnits(t, a, office, "key-0002-abcdef", false, "code,name\nU3,\n"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad file: %d %s", resp.StatusCode, body)
	}
	if resp, body := importUnits(t, a, office, "key-0002-abcdef", false, "code,name,kind,cluster\nU3,Xã Ba,xa,\n"); resp.StatusCode != http.StatusCreated {
		t.Errorf("the corrected file with the same key: %d %s", resp.StatusCode, body)
	}

	// A request a crashed process left unfinished: nobody knows whether it
	// was imported, so it is refused, saying so.
	if _, err := a.DB.W.Exec(`INSERT INTO idempotency_keys (user_id, route, key, boot, created_at)
		SELECT id, 'POST /api/v1/units/import', 'key-0003-abcdef', 'dead', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM users WHERE username = 'office'`); err != nil {
		t.Fatal(err)
	}
	resp, body := importUnits(t, a, office, "key-0003-abcdef", false, "code,name,kind,cluster\nU4,Xã Bốn,xa,\n")
	if e := webtest.DecodeError(t, body); resp.StatusCode != http.StatusConflict || e.Error.Code != "idempotency_unfinished" {
		t.Errorf("an unfinished key: %d %s", resp.StatusCode, body)
	}

	resp, body = importUnits(t, a, office, "short", false, file)
	var e webtest.ErrorBody
	_ = json.Unmarshal(body, &e)
	if _, named := e.Error.Fields[idempotency.FormField]; resp.StatusCode != http.StatusUnprocessableEntity || !named {
		t.Errorf("a malformed key: %d %s", resp.StatusCode, body)
	}
}

// IsImport picks the import routes of the product by their "import"
// segment, and no other.
func TestIsImport(t *testing.T) {
	for path, want := range map[string]bool{
		"/api/v1/checklists/import":            true,
		"/procedures/import/:what":             true,
		"/procedures/units/:code/import/:kind": true,
		"/users/import":                        true,
		"/api/v1/units/changes":                false,
		"/api/v1/importers":                    false,
	} {
		if got := idempotency.IsImport(http.MethodPost, path); got != want {
			t.Errorf("IsImport(POST %s) = %v", path, got)
		}
	}
	if idempotency.IsImport(http.MethodGet, "/units/import") {
		t.Error("a GET of an import page is no import")
	}
}
