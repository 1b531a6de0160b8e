package reconcile_test

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

// asCells turns CSV rows into spreadsheet cells, with the dates of the
// effective_date column stored the ways Excel users store them: as date
// cells, as date-formatted serial numbers, or as text.
func asCells(t *testing.T, rows [][]string) [][]any {
	t.Helper()
	dateCol := -1
	out := make([][]any, len(rows))
	for r, row := range rows {
		out[r] = make([]any, len(row))
		for c, v := range row {
			out[r][c] = v
			if r == 0 && v == "effective_date" {
				dateCol = c
			}
			if r == 0 || c != dateCol {
				continue
			}
			d, err := reconcile.ParseDate(v)
			if err != nil {
				t.Fatal(err)
			}
			switch r % 3 {
			case 0:
				out[r][c] = d // a date cell, shown through a date-time format
			case 1:
				serial := float64(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
				out[r][c] = styled{value: serial, numFmt: 14} // mm-dd-yy: ambiguous if read as shown
			default:
				out[r][c] = d.Format("02/01/2006") // text typed into the cell
			}
		}
	}
	return out
}

func TestXLSXGivesTheSameReportAsCSV(t *testing.T) {
	read := func(files map[string][]byte) reconcile.Report {
		t.Helper()
		var in reconcile.Input
		var err error
		if in.Catalogue, err = reconcile.ReadCatalogue(bytes.NewReader(files["catalogue"]), "catalogue"); err != nil {
			t.Fatal(err)
		}
		if in.Portal, err = reconcile.ReadListings(bytes.NewReader(files["portal"]), "portal"); err != nil {
			t.Fatal(err)
		}
		if in.OneStop, err = reconcile.ReadListings(bytes.NewReader(files["onestop"]), "onestop"); err != nil {
			t.Fatal(err)
		}
		if in.Processes, err = reconcile.ReadProcesses(bytes.NewReader(files["processes"]), "processes"); err != nil {
			t.Fatal(err)
		}
		in.HasProcesses = true
		return reconcile.Reconcile(in)
	}
	tables := map[string][][]string{
		"catalogue": fixtureCatalogue, "portal": fixturePortal, "onestop": fixtureOneStop, "processes": fixtureProcesses,
	}
	csvFiles, xlsxFiles := map[string][]byte{}, map[string][]byte{}
	for name, rows := range tables {
		csvFiles[name] = []byte(csvOf(rows...))
		xlsxFiles[name] = xlsxOf(t, asCells(t, rows)...)
	}
	fromCSV, fromXLSX := read(csvFiles), read(xlsxFiles)
	if !reflect.DeepEqual(fromCSV, fromXLSX) {
		t.Errorf("CSV and XLSX differ:\nCSV  %+v\nXLSX %+v", fromCSV, fromXLSX)
	}
	assertJSON(t, fromXLSX, fixtureWant)
}

func TestXLSXDisplayedTextAndRawDates(t *testing.T) {
	data := xlsxOf(t,
		[]any{"Danh mục thủ tục (title row)"},
		[]any{},
		[]any{"Code", "Name", "Field", "Level", "Effective_date"},
		[]any{styled{value: 42, custom: "00000"}, "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		[]any{},
		[]any{"1.002", "Đăng ký lại khai sinh", "Hộ tịch", "Cấp xã", 45658},
	)
	procs, err := reconcile.ReadCatalogue(bytes.NewReader(data), "catalogue.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	jan1 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	want := []reconcile.Procedure{
		{Code: "00042", Name: "Đăng ký khai sinh", Field: "Hộ tịch", Level: "Cấp xã", EffectiveDate: jan1, Line: 4},
		{Code: "1.002", Name: "Đăng ký lại khai sinh", Field: "Hộ tịch", Level: "Cấp xã", EffectiveDate: jan1, Line: 6},
	}
	if !reflect.DeepEqual(procs, want) {
		t.Errorf("got  %+v\nwant %+v", procs, want)
	}
}

func TestXLSX1904DateSystem(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	date1904 := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
		t.Fatal(err)
	}
	for ref, v := range map[string]any{"A1": "code", "B1": "name", "C1": "field", "D1": "level", "E1": "effective_date",
		"A2": "1", "B2": "A", "C2": "f", "D2": "l", "E2": 45658 - 1462} {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	procs, err := reconcile.ReadCatalogue(&buf, "mac.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := procs[0].EffectiveDate, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("date = %s, want %s", got, want)
	}
}

func TestXLSXErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]any
		want string
	}{
		{"missing column", [][]any{{"code", "name", "field", "level"}, {"1", "A", "f", "l"}},
			"catalogue.xlsx line 1, column effective_date: missing column"},
		{"impossible date", [][]any{{"code", "name", "field", "level", "effective_date"}, {"1", "A", "f", "l", "01/01/2025"}, {}, {"2", "B", "f", "l", "31/02/2024"}},
			`catalogue.xlsx line 4, column effective_date: cannot read date "31/02/2024"`},
		{"empty sheet", nil, "catalogue.xlsx line 1: empty file: no header row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ReadCatalogue(bytes.NewReader(xlsxOf(t, tc.rows...)), "catalogue.xlsx")
			checkFileError(t, err, tc.want)
		})
	}
}
