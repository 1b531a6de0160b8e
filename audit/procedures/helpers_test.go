package procedures_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mount wires the package as cmd does.
func mount(s *web.Server, r *web.Router, d *db.DB) {
	procedures.Mount(s, r, &procedures.Store{DB: d}, findings.Open(d).Conduct)
}

// env is an app with three units (A, B, C), an office login and one
// auditor and auditee of A.
type env struct {
	app     *webtest.App
	office  *webtest.Client
	auditor *webtest.Client
	auditee *webtest.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	a := webtest.New(t, mount)
	for _, u := range []string{"A", "B", "C"} {
		a.Unit(u, "Xã "+u, "")
	}
	a.User("office", role.Office, "")
	a.User("auditor.a", role.Auditor, "A")
	a.User("auditee.a", role.Auditee, "A")
	return &env{app: a, office: a.Login("office", webtest.Password), auditor: a.Login("auditor.a", webtest.Password),
		auditee: a.Login("auditee.a", webtest.Password)}
}

// table is a file's rows, header first.
type table [][]string

func (t table) csv() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(t)
	return buf.Bytes()
}

// xlsx writes the table as a workbook; cells of the columns named in
// dates hold Excel serial numbers read from dd/mm/yyyy, as a spreadsheet
// with date cells does.
func (t table) xlsx(tb testing.TB, dates ...string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	for i, r := range t {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = v
			if i > 0 && contains(dates, t[0][j]) {
				row[j] = serial(tb, v)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// serial converts dd/mm/yyyy to an Excel serial of the 1900 system.
func serial(tb testing.TB, s string) float64 {
	tb.Helper()
	d, err := timeParse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return float64(d.Sub(excelEpoch).Hours() / 24)
}

// The fixtures: a catalogue of five procedures, two of which differ by one
// word ("Đăng ký lại khai sinh" must never match "Đăng ký khai sinh").
var (
	catalogue = table{
		{"code", "name", "field", "level", "effective_date", "legal_basis"},
		{"1.001", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "01/07/2024", "Luật Hộ tịch 2014"},
		{"1.002", "Đăng ký lại khai sinh", "Hộ tịch", "Cấp xã", "15/01/2020", "Nghị định 123/2015/NĐ-CP"},
		{"1.003", "Đăng ký kết hôn", "Hộ tịch", "Cấp xã", "01/01/2021", ""},
		{"2.001", "Chứng thực chữ ký", "Chứng thực", "Cấp xã", "2020-05-01", "Nghị định 23/2015/NĐ-CP"},
		{"2.002", "Chứng thực di chúc", "Chứng thực", "Cấp xã", "01/05/2020", ""},
	}
	// A: 1.003 missing on the portal, 2.002 published although absent, a
	// row by name without diacritics; B: everything by code.
	portal = table{
		{"unit", "code", "name"},
		{"A", "1.001", "Đăng ký khai sinh"},
		{"A", "", "DANG KY LAI  khai sinh"},
		{"A", "2.001", "Chứng thực chữ ký"},
		{"A", "2.002", "Chứng thực di chúc"},
		{"A", "9.999", "Thủ tục đã bãi bỏ"},
		{"A", "", "Đăng ký khai sinh cho trẻ bị bỏ rơi"},
		{"B", "1.001", ""}, {"B", "1.002", ""}, {"B", "1.003", ""}, {"B", "2.001", ""}, {"B", "2.002", ""},
	}
	// A: 2.001 and 2.002 missing on the one-stop system.
	onestop = table{
		{"unit", "code", "name"},
		{"A", "1.001", ""}, {"A", "1.002", ""}, {"A", "1.003", ""},
		{"B", "1.001", ""}, {"B", "1.002", ""}, {"B", "1.003", ""}, {"B", "2.001", ""}, {"B", "2.002", ""},
	}
	// A: no process for 1.003, 2.002; the process of 1.001 predates its
	// change on 01/07/2024.
	processes = table{
		{"unit", "code", "process_code", "version", "effective_date"},
		{"A", "1.001", "QT-01", "1", "01/03/2022"},
		{"A", "1.002", "QT-02", "1", "01/03/2022"},
		{"A", "2.001", "QT-03", "2", "10/06/2020"},
	}
)

// upload imports a file and fails the test unless it is accepted.
func upload(t *testing.T, c *webtest.Client, path, name string, data []byte) []byte {
	t.Helper()
	resp, body := c.Upload(path, "file", name, data, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("%s %s: %d %s", path, name, resp.StatusCode, body)
	}
	return body
}

// loadAll imports the fixtures as CSV or XLSX.
func loadAll(t *testing.T, c *webtest.Client, asXLSX bool) {
	t.Helper()
	file := func(tb table, name string) (string, []byte) {
		if asXLSX {
			return name + ".xlsx", tb.xlsx(t, "effective_date")
		}
		return name + ".csv", tb.csv()
	}
	n, b := file(catalogue, "catalogue")
	upload(t, c, "/api/v1/procedures/catalogue", n, b)
	n, b = file(portal, "portal")
	upload(t, c, "/api/v1/procedures/lists/portal", n, b)
	n, b = file(onestop, "onestop")
	upload(t, c, "/api/v1/procedures/lists/onestop", n, b)
	n, b = file(processes, "processes")
	upload(t, c, "/api/v1/procedures/lists/processes", n, b)
}

// unitGaps reads a unit's reconciliation through the API.
func unitGaps(t *testing.T, c *webtest.Client, unit string) procedures.UnitGaps {
	t.Helper()
	resp, body := c.Do(http.MethodGet, "/api/v1/procedures/units/"+unit, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("unit %s: %d %s", unit, resp.StatusCode, body)
	}
	var ug procedures.UnitGaps
	if err := json.Unmarshal(body, &ug); err != nil {
		t.Fatal(err)
	}
	return ug
}

// codes lists the codes (or names, for rows without one) of a kind of gap.
func codes(ug procedures.UnitGaps, kind string) string {
	var out []string
	for _, g := range ug.Gaps {
		if g.Kind == kind {
			if g.Code != "" {
				out = append(out, g.Code)
			} else {
				out = append(out, g.Name)
			}
		}
	}
	return strings.Join(out, " ")
}

var excelEpoch = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)

// timeParse reads dd/mm/yyyy or yyyy-mm-dd.
func timeParse(s string) (time.Time, error) {
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}
