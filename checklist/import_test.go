package checklist_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// vietnamese are items typed the hard way: decomposed (NFD) Vietnamese,
// stray spaces, Windows line breaks inside a cell, a measure.
func vietnamese() []checklist.Item {
	return []checklist.Item{
		{Code: "A01", Clause: " 8.2.1 / 7.5.3 ", TextVI: norm.NFD.String("Thủ tục hành chính được công khai đầy đủ?"),
			TextEN: "Procedures published?", GuidanceVI: norm.NFD.String("Ảnh chụp cổng;\r\nbảng niêm yết"), Failure: true},
		{Code: "A02", Clause: "9.1.1", Kind: "MEASURE", TextVI: norm.NFD.String("Tỷ lệ hồ sơ đúng hạn"), TextEN: "On-time rate",
			Unit: "%", Target: "≥ 98", GuidanceEN: `Quotes "inside", commas, and ; semicolons`},
		{Code: "A03", Clause: "vn", TextVI: "Đường dây nóng, hòm thư góp ý của UBND xã Đà Loan, N'Thol Hạ", TextEN: ""},
	}
}

func TestRoundTripsKeepItemsExactly(t *testing.T) {
	// A JSON file as a person might write it, decomposed text and all.
	raw, err := json.Marshal(map[string]any{"name": "Thử nghiệm", "items": jsonRows(vietnamese())})
	if err != nil {
		t.Fatal(err)
	}
	first, err := checklist.ParseFile(raw, known(t))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	want := first.Items
	if got := want[0].TextVI; got != "Thủ tục hành chính được công khai đầy đủ?" || !norm.NFC.IsNormalString(got) {
		t.Errorf("text not stored NFC: %q", got)
	}
	if want[0].Clause != "8.2.1/7.5.3" || want[0].GuidanceVI != "Ảnh chụp cổng;\nbảng niêm yết" || !want[0].Failure {
		t.Errorf("first item normalised as %+v", want[0])
	}
	if want[1].Kind != checklist.KindMeasure || want[1].Target != ">=98" || want[2].Clause != "VN" {
		t.Errorf("normalised as %+v and %+v", want[1], want[2])
	}
	formats := []string{checklist.FormatCSV, checklist.FormatXLSX, checklist.FormatJSON}
	// The same decomposed items in a CSV or an XLSX file come out the same.
	for _, format := range formats {
		got, err := checklist.ParseFile(export(t, format, &checklist.Version{Items: vietnamese()}), known(t))
		if err != nil || !reflect.DeepEqual(got.Items, want) {
			t.Errorf("%s of decomposed text: %v\n got %+v\nwant %+v", format, err, got.Items, want)
		}
	}
	builtin, err := checklist.BuiltinItems()
	if err != nil {
		t.Fatal(err)
	}
	for _, items := range [][]checklist.Item{want, builtin} {
		for _, format := range formats {
			b := export(t, format, &checklist.Version{Name: "Thử nghiệm", Number: 3, Items: items})
			got, err := checklist.ParseFile(b, known(t))
			if err != nil {
				t.Fatalf("%s: re-import: %v", format, err)
			}
			if !reflect.DeepEqual(got.Items, items) {
				t.Errorf("%s: round trip changed the items:\n got %+v\nwant %+v", format, got.Items, items)
			}
		}
	}
}

func jsonRows(items []checklist.Item) []map[string]any {
	var out []map[string]any
	for _, it := range items {
		out = append(out, map[string]any{"id": it.Code, "clause": it.Clause, "kind": it.Kind, "text_vi": it.TextVI,
			"text_en": it.TextEN, "guidance_vi": it.GuidanceVI, "guidance_en": it.GuidanceEN, "unit": it.Unit,
			"target": it.Target, "failure": it.Failure})
	}
	return out
}

func TestCSVWithByteOrderMarkAndExtraColumns(t *testing.T) {
	csv := "\xEF\xBB\xBFID,Clause,Text_VI,Text_EN,Ghi chú\r\nX1,4.1,Câu hỏi,Question,không đọc\r\n"
	p, err := checklist.ParseFile([]byte(csv), known(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].Code != "X1" || p.Items[0].Kind != checklist.KindCheck || p.Items[0].Position != 1 {
		t.Errorf("items = %+v", p.Items)
	}
	if b := export(t, checklist.FormatCSV, &checklist.Version{Items: p.Items}); !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFid,clause,kind,text_vi,")) {
		t.Errorf("export does not start with a BOM and the header: %q", b[:40])
	}
}

// fields returns the sorted field keys of an import error.
func fields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("import accepted a bad file")
	}
	e := appErr(t, err)
	if e.Kind != apperr.Invalid || e.Code != "invalid_file" {
		t.Fatalf("kind %v code %q, want Invalid invalid_file: %v", e.Kind, e.Code, err)
	}
	return slices.Sorted(maps.Keys(e.Fields))
}

func TestImportListsEveryProblemWithRowAndColumn(t *testing.T) {
	long := strings.Repeat("dài ", 501)
	rows := []string{
		"id,clause,kind,text_vi,text_en,unit,target,failure",
		"C01,4.1,check,Câu hỏi tốt,Good question,,,",          // 2: fine
		",4.1,check,Thiếu mã,No code,,,",                      // 3: id
		"C03,4.9,check,Điều khoản lạ,Unknown clause,,,",       // 4: clause
		"C04,8.1,check,,Empty question,,,",                    // 5: text_vi
		"C01,8.1,check,Trùng mã,Duplicate,,,",                 // 6: id (repeats line 2)
		"C06,8.1,check," + long + ",Too long,,,",              // 7: text_vi
		"C07,8.1,measure,Đo,Measure,%,about 98,",              // 8: target
		"C08,8.1,check,Có đơn vị,Has a unit,%,,",              // 9: unit
		"C09,8.1,survey,Loại lạ,Unknown kind,,,",              // 10: kind
		"C10,8.1,check,Cờ lạ,Odd flag,,,maybe",                // 11: failure
		"C 11,8.1//4.1,check,Mã có dấu cách,Space in code,,,", // 12: id, clause
		"C12,8.1,check,\"Có\x01ký tự điều khiển\",Control,,,", // 13: text_vi
	}
	err := parse(t, strings.Join(rows, "\n"))
	want := []string{
		"row:10:kind", "row:11:failure", "row:12:clause", "row:12:id", "row:13:text_vi",
		"row:3:id", "row:4:clause", "row:5:text_vi", "row:6:id", "row:7:text_vi", "row:8:target", "row:9:unit",
	}
	if got := fields(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %v\nwant %v", got, want)
	}
	e := appErr(t, err)
	if got := e.Fields["row:6:id"]; got.Key != "import.duplicate_in_file" || got.Args["line"] != 2 {
		t.Errorf("duplicate reported as %+v", got)
	}
	if got := e.Fields["row:4:clause"]; got.Key != "checklist.unknown_clause" || got.Args["clause"] != "4.9" {
		t.Errorf("unknown clause reported as %+v", got)
	}
}

func parse(t *testing.T, s string) error {
	t.Helper()
	_, err := checklist.ParseFile([]byte(s), known(t))
	return err
}

func TestImportRefusesWholeFiles(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		kind   apperr.Kind
		fields []string
	}{
		{"missing required columns, all named", "id,text_vi\nC01,Câu hỏi\n", apperr.Invalid, []string{"row:1:clause", "row:1:text_en"}},
		{"header only", "id,clause,text_vi,text_en\n", apperr.Invalid, []string{"file"}},
		{"empty", "  \n", apperr.Invalid, []string{"file"}},
		{"invalid UTF-8 on line 3", "id,clause,text_vi,text_en\nC01,4.1,Câu,Q\nC02,4.1,C\xe2u,Q\n", apperr.Invalid, []string{"row:3"}},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", apperr.Unsupported, nil},
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", apperr.Unsupported, nil},
		{"old Excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", apperr.Unsupported, nil},
		{"binary", "id\x00clause", apperr.Unsupported, nil},
		{"broken XLSX", "PK\x03\x04garbage", apperr.Invalid, []string{"file"}},
		{"malformed JSON", "[{\"id\": \"C01\",\n", apperr.Invalid, []string{"file"}},
		{"JSON of another shape", `{"questions": []}`, apperr.Invalid, []string{"file"}},
		{"JSON invalid UTF-8", "[{\"id\": \"C\xff\"}]", apperr.Invalid, []string{"row:1"}},
		{"JSON with trailing data", `[] []`, apperr.Invalid, []string{"file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parse(t, tt.file)
			if err == nil {
				t.Fatal("accepted")
			}
			e := appErr(t, err)
			if e.Kind != tt.kind {
				t.Fatalf("kind %v, want %v: %v", e.Kind, tt.kind, err)
			}
			if got := slices.Sorted(maps.Keys(e.Fields)); tt.fields != nil && !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestJSONImport(t *testing.T) {
	p, err := checklist.ParseFile([]byte(`{"name": "Danh mục riêng", "items": [
		{"ID": "J1", "clause": "4.1", "text_vi": "Câu một", "text_en": null, "failure": true, "extra": {"x": 1}},
		{"id": "J2", "clause": "9.1.1", "text_vi": "Tỷ lệ", "text_en": "Rate", "target": 98}]}`), known(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Danh mục riêng" || len(p.Items) != 2 || !p.Items[0].Failure || p.Items[1].Kind != checklist.KindMeasure || p.Items[1].Target != "=98" {
		t.Errorf("parsed %+v", p)
	}
	err = parse(t, `[{"id": "J1", "clause": "4.1", "text_vi": ["not", "text"], "text_en": ""}, "not an object", {"id": "J3", "clause": "4.1", "text_vi": "Ba", "text_en": "", "failure": "perhaps"}]`)
	if got, want := fields(t, err), []string{"row:2:text_vi", "row:3", "row:4:failure"}; !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	if got, want := fields(t, parse(t, `[{"id": "J1", "text_vi": "Một"}]`)), []string{"row:1:clause", "row:1:text_en"}; !reflect.DeepEqual(got, want) {
		t.Errorf("missing JSON keys: fields %v, want %v", got, want)
	}
}

func TestImportRefusesTooManyItems(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,clause,text_vi,text_en\n")
	for i := range checklist.MaxItems + 1 {
		b.WriteString("X" + strings.Repeat("0", 4) + string(rune('a'+i%26)) + ",4.1,Câu,Q\n")
	}
	if got := fields(t, parse(t, b.String())); !reflect.DeepEqual(got, []string{"file"}) {
		t.Errorf("fields %v", got)
	}
}

func TestBuiltinChecklistData(t *testing.T) {
	items, err := checklist.BuiltinItems()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 59 {
		t.Errorf("%d built-in items, want 59 (C01–C49, T01–T10)", len(items))
	}
	byCode := map[string]checklist.Item{}
	for _, it := range items {
		byCode[it.Code] = it
		if it.TextEN == "" || it.GuidanceVI == "" || it.GuidanceEN == "" {
			t.Errorf("%s lacks its English question or guidance", it.Code)
		}
		if want := strings.HasPrefix(it.Code, "T"); it.Failure != want {
			t.Errorf("%s failure = %v, want %v", it.Code, it.Failure, want)
		}
	}
	for _, code := range []string{"T03", "T09"} {
		if it := byCode[code]; it.Kind != checklist.KindMeasure || it.Target == "" {
			t.Errorf("%s is not a measure with a target: %+v", code, it)
		}
	}
	if got := checklist.SuggestResult(byCode["T09"], 97.2); got != checklist.Minor {
		t.Errorf("T09 at 97.2 %% suggests %q", got)
	}
	if got := checklist.SuggestResult(byCode["T03"], 0); got != checklist.Conform {
		t.Errorf("T03 with no gap suggests %q", got)
	}
}

// An XLSX whose ZIP directory claims a part of gigabytes is refused before
// excelize allocates that much: a few kilobytes must not exhaust memory.
func TestImportRefusesXLSXClaimingHugeParts(t *testing.T) {
	b := export(t, checklist.FormatXLSX, &checklist.Version{Items: mustBuiltin(t)[:2]})
	dir := bytes.Index(b, []byte("PK\x01\x02"))
	if dir < 0 {
		t.Fatal("no central directory")
	}
	copy(b[dir+24:dir+28], []byte{0, 0, 0, 0xF0}) // uncompressed size ≈ 4 GB
	err := parse(t, string(b))
	if got := fields(t, err); !reflect.DeepEqual(got, []string{"file"}) {
		t.Errorf("fields %v", got)
	}
	if e := appErr(t, err); e.Fields["file"].Key != "import.xlsx_too_large" {
		t.Errorf("refused as %+v", e.Fields["file"])
	}
}
