package org_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// farColumnXLSX is a workbook written by hand: a header "code, name" and
// then rows whose one cell is in column XFD, the last Excel has. Read
// whole, each such row became 16 384 strings; the attacker's 100 kB file
// (tens of thousands of rows) took the server down. 2 000 rows make the
// point without taking the test machine down on code that reads them whole.
func farColumnXLSX(t *testing.T, rows int) []byte {
	t.Helper()
	var sheet bytes.Buffer
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet.String()},
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// allocated is how many bytes the process allocated while fn ran (freed
// or not): what a request cost, whatever the collector did meanwhile.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestUnitImportOfFarColumnsStopsAtTheFirstRow(t *testing.T) {
	a := pagesApp(t)
	office := a.Token("office", webtest.Password)
	file := farColumnXLSX(t, 2000)
	var resp *http.Response
	var body []byte
	spent := allocated(func() {
		resp, body = office.Upload("/api/v1/units/import", "file", "don-vi.xlsx", file, nil)
	})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%d %.300s, want 422", resp.StatusCode, body)
	}
	if f := webtest.DecodeError(t, body).Error.Fields["row:2:XFD"]; f == nil {
		t.Errorf("the error does not name row 2, column XFD: %.300s", body)
	}
	if spent > 100<<20 {
		t.Errorf("the import allocated %d MiB for a %d kB file", spent>>20, len(file)>>10)
	}
	if n := len(units(t, office, "")); n != 2 {
		t.Errorf("%d units after a refused import, want 2", n)
	}
}
