package procedures_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestCSVAndXLSXGiveTheSameResult imports the same data as CSV in one
// application and as XLSX (dates as Excel date cells) in another: the
// reconciliation is the same.
func TestCSVAndXLSXGiveTheSameResult(t *testing.T) {
	reports := map[bool]string{}
	for _, asXLSX := range []bool{false, true} {
		e := newEnv(t)
		loadAll(t, e.office, asXLSX)
		resp, body := e.office.Do(http.MethodGet, "/api/v1/procedures/reconciliation", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var ov struct {
			Units []struct {
				Unit string
				Gaps json.RawMessage
			}
		}
		if err := json.Unmarshal(body, &ov); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(ov)
		reports[asXLSX] = string(b)
	}
	if reports[false] != reports[true] {
		t.Errorf("CSV and XLSX differ:\n%s\n%s", reports[false], reports[true])
	}
	if !strings.Contains(reports[false], "stale_process") {
		t.Errorf("no gaps compared: %s", reports[false])
	}
}

// TestBadFilesStoreNothing sends bad files of every kind: each answers
// with the file named in the message and the line and column in the
// fields, in the user's language, and nothing is stored.
func TestBadFilesStoreNothing(t *testing.T) {
	e := newEnv(t)
	loadAll(t, e.office, false)
	before := unitGaps(t, e.office, "A")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		name, path, file string
		data             []byte
		status           int
		field, text      string
	}{
		{"missing column", "/api/v1/procedures/catalogue", "dm.csv", []byte("code,name,field,effective_date\n1.1,A,B,01/01/2024\n"), 422, "row:1:level", "Thiếu cột level"},
		{"duplicate code", "/api/v1/procedures/catalogue", "dm.csv", table{catalogue[0], catalogue[1], catalogue[2], catalogue[1]}.csv(), 422, "row:4:code", "Mã 1.001 bị trùng (đã có ở dòng 2)"},
		{"impossible date", "/api/v1/procedures/catalogue", "dm.csv", table{catalogue[0], {"1.1", "A", "B", "C", "31/02/2024", ""}}.csv(), 422, "row:2:effective_date", "31/02/2024"},
		{"empty file", "/api/v1/procedures/catalogue", "dm.csv", []byte{}, 422, "row:1", "Tệp trống"},
		{"header only", "/api/v1/procedures/catalogue", "dm.csv", table{catalogue[0]}.csv(), 422, "file", "không có dòng dữ liệu"},
		{"wrong type", "/api/v1/procedures/catalogue", "dm.png", png, 415, "file", "PNG"},
		{"unknown unit", "/api/v1/procedures/lists/portal", "portal.csv", table{portal[0], portal[1], {"ZZ", "1.001", ""}, {"ZZ", "1.002", ""}}.csv(), 422, "row:3:unit", "Không có đơn vị mã ZZ"},
		{"nothing to match", "/api/v1/procedures/lists/onestop", "ms.csv", table{onestop[0], onestop[1], {"A", "", ""}}.csv(), 422, "row:3:code", "không có mã cũng không có tên"},
		{"bad process date", "/api/v1/procedures/lists/processes", "qt.xlsx", table{processes[0], {"A", "1.001", "QT", "1", "32/13/2020"}}.xlsx(t), 422, "row:2:effective_date", "32/13/2020"},
		{"figures not a count", "/api/v1/procedures/figures/import", "so-lieu.csv", []byte("unit,period,received,on_time,late,paper,electronic\nA,2025,10,9,1,5,x\nQ,2025,1,1,0,0,0\n"), 422, "row:2:electronic", "không phải số"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.office.Upload(tc.path, "file", tc.file, tc.data, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			eb := webtest.DecodeError(t, body)
			if !strings.Contains(eb.Error.Message, tc.file) && tc.status == 422 {
				t.Errorf("message %q does not name %s", eb.Error.Message, tc.file)
			}
			if got, _ := eb.Error.Fields[tc.field].(string); !strings.Contains(got, tc.text) {
				t.Errorf("fields %v: want %s containing %q", eb.Error.Fields, tc.field, tc.text)
			}
		})
	}
	after := unitGaps(t, e.office, "A")
	a, _ := json.Marshal(before)
	b, _ := json.Marshal(after)
	if string(a) != string(b) {
		t.Errorf("a refused file changed what is stored:\n%s\n%s", a, b)
	}
	resp, body := e.office.Do(http.MethodGet, "/api/v1/procedures/figures", nil)
	if resp.StatusCode != 200 || strings.Contains(string(body), `"unit":"A"`) {
		t.Errorf("refused figures were stored: %s", body)
	}
}

// TestImportPageShowsProblemsByLine checks the browser's import form: a
// bad file is shown again with its problems by line and column, in
// English for an English user, and nothing is stored.
func TestImportPageShowsProblemsByLine(t *testing.T) {
	e := newEnv(t)
	e.office.Page("/procedures/import")
	e.office.Form("/lang", map[string][]string{"lang": {"en"}, "next": {"/procedures/import"}})
	e.office.Page("/procedures/import")
	bad := table{catalogue[0], catalogue[1], {"1.009", "", "B", "C", "01/01/2024", ""}}.csv()
	resp, body := e.office.Upload("/procedures/import/catalogue", "file", "catalogue-2026.csv", bad, map[string]string{"csrf": e.office.CSRF})
	page := string(body)
	if resp.StatusCode != 422 || !strings.Contains(page, "The file catalogue-2026.csv was not imported.") ||
		!strings.Contains(page, "Line 3, column name:") {
		t.Fatalf("%d:\n%s", resp.StatusCode, page)
	}
	if status, page := e.office.Page("/procedures/catalogue"); status != 200 || !strings.Contains(page, "No catalogue of procedures has been imported yet.") {
		t.Errorf("the refused catalogue was stored")
	}
	resp, _ = e.office.Upload("/procedures/import/catalogue", "file", "ok.csv", catalogue.csv(), map[string]string{"csrf": e.office.CSRF})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/procedures/catalogue" {
		t.Errorf("a good file: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A unit's page takes that unit's rows only.
	resp, body = e.office.Upload("/procedures/units/B/import/portal", "file", "p.csv", portal.csv(), map[string]string{"csrf": e.office.CSRF})
	if resp.StatusCode != 422 || !strings.Contains(string(body), "The row is of unit A, not of the unit B shown.") {
		t.Errorf("rows of another unit on B's page: %d", resp.StatusCode)
	}
}
