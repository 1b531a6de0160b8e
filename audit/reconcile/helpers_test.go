package reconcile_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

// csvOf writes rows as CSV text.
func csvOf(rows ...[]string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows)
	return b.String()
}

// xlsxOf writes rows to the first sheet of a new workbook. Cells may be
// strings, numbers or time.Time (stored as date cells); a cellStyle value
// applies a number format to a number.
func xlsxOf(tb testing.TB, rows ...[]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, cells := range rows {
		for c, v := range cells {
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				tb.Fatal(err)
			}
			if err := setCell(f, ref, v); err != nil {
				tb.Fatalf("cell %s: %v", ref, err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// styled is a number shown through an Excel number format (built-in id or
// custom code), as a date cell or a zero-padded code is.
type styled struct {
	value  float64
	numFmt int
	custom string
}

func setCell(f *excelize.File, ref string, v any) error {
	s, ok := v.(styled)
	if !ok {
		return f.SetCellValue("Sheet1", ref, v)
	}
	style := &excelize.Style{NumFmt: s.numFmt}
	if s.custom != "" {
		style.CustomNumFmt = &s.custom
	}
	id, err := f.NewStyle(style)
	if err != nil {
		return err
	}
	if err := f.SetCellValue("Sheet1", ref, s.value); err != nil {
		return err
	}
	return f.SetCellStyle("Sheet1", ref, ref, id)
}

// mustCatalogue reads a catalogue or fails the test.
func mustCatalogue(tb testing.TB, data, name string) []reconcile.Procedure {
	tb.Helper()
	procs, err := reconcile.ReadCatalogue(strings.NewReader(data), name)
	if err != nil {
		tb.Fatalf("ReadCatalogue: %v", err)
	}
	return procs
}

// mustListings reads a portal or one-stop list or fails the test.
func mustListings(tb testing.TB, data, name string) []reconcile.Listing {
	tb.Helper()
	list, err := reconcile.ReadListings(strings.NewReader(data), name)
	if err != nil {
		tb.Fatalf("ReadListings: %v", err)
	}
	return list
}
