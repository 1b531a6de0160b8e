package procedures_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/audit/procedures"
)

// TestEachKindOfGap imports the fixtures and checks every kind of gap the
// application reports for unit A, and none for B, whose lists are complete.
func TestEachKindOfGap(t *testing.T) {
	e := newEnv(t)
	loadAll(t, e.office, false)
	a := unitGaps(t, e.office, "A")
	for kind, want := range map[string]string{
		procedures.GapMissingOnPortal:  "1.003",
		procedures.GapMissingOnOneStop: "2.001 2.002",
		procedures.GapMissingProcess:   "1.003 2.002",
		procedures.GapStaleProcess:     "1.001",
		procedures.GapNotInForce:       "9.999",
		procedures.GapMatchedByName:    "1.002",
		procedures.GapUnmatchedByName:  "Đăng ký khai sinh cho trẻ bị bỏ rơi",
	} {
		if got := codes(a, kind); got != want {
			t.Errorf("A %s: %q, want %q", kind, got, want)
		}
	}
	b := unitGaps(t, e.office, "B")
	if b.Missing() != 0 || b.Imported(procedures.Processes) {
		t.Errorf("B: %d gaps %v, processes imported %v; want none, and processes unknown rather than missing", b.Missing(), b.Gaps, b.Imported(procedures.Processes))
	}
	sums, err := (&procedures.Store{DB: e.app.DB}).Summaries(context.Background())
	if err != nil || sums["A"].Missing != a.Missing() || sums["A"].Gaps[procedures.GapStaleProcess] != 1 || len(sums) != 3 {
		t.Errorf("summaries %+v, %v; want A's %d gaps", sums, err, a.Missing())
	}
	c := unitGaps(t, e.office, "C")
	if len(c.Gaps) != 0 || len(c.Imports) != 0 {
		t.Errorf("C, with nothing imported: %v", c)
	}
	// The page shows them, with the procedure's name and the dates of the
	// stale process.
	_, page := e.office.Page("/procedures/units/A")
	for _, want := range []string{"Chưa công khai trên Cổng DVC", "Đăng ký kết hôn", "01/03/2022 &lt; 01/07/2024", "Thủ tục đã bãi bỏ", "DANG KY LAI  khai sinh"} {
		if !strings.Contains(page, want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	_, page = e.office.Page("/procedures/units/B")
	if !strings.Contains(page, "Chưa nhập danh sách Quy trình ISO") {
		t.Error("B's page does not say its process list was never imported")
	}
	_, page = e.office.Page("/procedures")
	if !strings.Contains(page, `<tr data-unit="A">`) || !strings.Contains(page, "/procedures/units/C") {
		t.Error("the owner's page does not list every unit")
	}
}

// TestDownloads checks the owner's and a unit's gaps as CSV (with a BOM,
// for Excel) and XLSX, in Vietnamese unless ?lang=en.
func TestDownloads(t *testing.T) {
	e := newEnv(t)
	loadAll(t, e.office, false)
	resp, body := e.office.Do(http.MethodGet, "/procedures/export?format=csv", nil)
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) || !strings.Contains(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text := string(body)
	for _, want := range []string{"Mã đơn vị,Đơn vị,Loại chênh lệch", "A,Xã A,Chưa có quy trình ISO,missing_process,1.003,Đăng ký kết hôn"} {
		if !strings.Contains(text, want) {
			t.Errorf("csv lacks %q:\n%s", want, text)
		}
	}
	resp, body = e.auditee.Do(http.MethodGet, "/procedures/units/A/export?format=xlsx", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	gaps := unitGaps(t, e.office, "A")
	if len(rows) != len(gaps.Gaps)+1 || rows[1][0] != "A" {
		t.Errorf("xlsx: %d rows, want %d: %v", len(rows), len(gaps.Gaps)+1, rows)
	}
	if resp, _ := e.office.Do(http.MethodGet, "/procedures/export?format=pdf", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown format: %d, want 422", resp.StatusCode)
	}
	// English on asking (?lang=en), whatever the viewer's language; the
	// default stays Vietnamese for a browser set to English.
	e.office.Header = http.Header{"Accept-Language": {"en"}}
	_, body = e.office.Do(http.MethodGet, "/procedures/export?format=csv&lang=en", nil)
	if !strings.Contains(string(body), "Unit code,Unit,Gap") || !strings.Contains(string(body), "A,Xã A,No ISO process,missing_process") {
		t.Errorf("the English csv:\n%s", body)
	}
	if _, body = e.office.Do(http.MethodGet, "/procedures/export?format=csv", nil); !strings.Contains(string(body), "Mã đơn vị,Đơn vị,Loại chênh lệch") {
		t.Errorf("the default csv is not Vietnamese:\n%s", body)
	}
	if _, page := e.office.Page("/procedures"); !strings.Contains(page, `/procedures/export?format=csv&amp;lang=en"`) {
		t.Error("the English page's download does not ask for English")
	}
	if resp, _ := e.office.Do(http.MethodGet, "/procedures/export?format=csv&lang=fr", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown lang: %d, want 422", resp.StatusCode)
	}
}

// TestCatalogueHistory imports a catalogue twice: a changed effective date
// adds a version, a procedure left out is dropped from the catalogue in
// force but keeps its history.
func TestCatalogueHistory(t *testing.T) {
	e := newEnv(t)
	upload(t, e.office, "/api/v1/procedures/catalogue", "2024.csv", catalogue.csv())
	next := table{catalogue[0], catalogue[1], catalogue[2], catalogue[3], catalogue[4]}
	next[1] = []string{"1.001", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "01/01/2026", "Luật Hộ tịch 2014; Nghị định 07/2025/NĐ-CP"}
	body := upload(t, e.office, "/api/v1/procedures/catalogue", "2026.csv", next.csv())
	var res procedures.CatalogueResult
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	if res != (procedures.CatalogueResult{Procedures: 4, NewVersions: 1, Dropped: 1}) {
		t.Errorf("second import: %+v", res)
	}
	_, page := e.office.Page("/procedures/catalogue/1.001")
	if !strings.Contains(page, "01/01/2026") || !strings.Contains(page, "01/07/2024") || strings.Count(page, "Đang hiệu lực") != 1 {
		t.Errorf("history page lacks both versions, the new one in force:\n%s", page)
	}
	_, page = e.office.Page("/procedures/catalogue")
	if strings.Contains(page, "Chứng thực di chúc") || !strings.Contains(page, "Nghị định 07/2025/NĐ-CP") {
		t.Error("the catalogue page does not show the catalogue in force")
	}
	if status, _ := e.office.Page("/procedures/catalogue/2.002"); status != 200 {
		t.Errorf("a dropped procedure's history: %d", status)
	}
	if status, _ := e.office.Page("/procedures/catalogue/0.000"); status != 404 {
		t.Errorf("an unknown procedure: %d", status)
	}
}
