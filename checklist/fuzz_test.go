package checklist_test

import (
	"errors"
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// fuzzImport is the property every importer keeps, whatever the bytes: no
// panic; a refusal is a 415 or 422 application error; an accepted file gives
// valid, NFC items that survive an export in every format unchanged.
func fuzzImport(t *testing.T, b []byte, known func(string) bool) {
	p, err := checklist.ParseFile(b, known)
	if err != nil {
		var e *apperr.Error
		if !errors.As(err, &e) || (e.Kind != apperr.Invalid && e.Kind != apperr.Unsupported) {
			t.Fatalf("refusal is not a 415/422 application error: %v", err)
		}
		return
	}
	if len(p.Items) == 0 {
		t.Fatal("accepted a file without items")
	}
	for _, it := range p.Items {
		if pr := it.Problems(known); len(pr) > 0 {
			t.Fatalf("accepted an invalid item %+v: %v", it, pr)
		}
		if !norm.NFC.IsNormalString(it.TextVI + it.TextEN + it.GuidanceVI + it.GuidanceEN + it.Code + it.Unit) {
			t.Fatalf("accepted text that is not NFC: %+v", it)
		}
		if it.Normalize() != it {
			t.Fatalf("accepted an item that is not normalised: %+v", it)
		}
	}
	for _, format := range []string{checklist.FormatCSV, checklist.FormatJSON} {
		again, err := checklist.ParseFile(export(t, format, &checklist.Version{Items: p.Items}), known)
		if err != nil {
			t.Fatalf("%s export of accepted items is refused: %v", format, err)
		}
		if !reflect.DeepEqual(again.Items, p.Items) {
			t.Fatalf("%s round trip changed the items:\n got %+v\nwant %+v", format, again.Items, p.Items)
		}
	}
}

func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("id,clause,text_vi,text_en\nC01,4.1,Câu hỏi,Question\n"))
	f.Add([]byte("\xEF\xBB\xBFid,clause,kind,text_vi,text_en,unit,target,failure\r\nT09,9.1.1/6.2,measure,\"Tỷ lệ, \"\"đúng hạn\"\"\",Rate,%,≥ 98,có\r\n"))
	f.Add([]byte("id,clause,text_vi,text_en\nC01,4.1,\"dòng một\r\ndòng hai\",\nC01,4.9,,\n"))
	f.Add([]byte("id,clause,text_vi\n\"unterminated"))
	f.Add([]byte("id,clause,text_vi,text_en\nC01,4.1,C\xe2u,Q\n"))
	f.Add(builtinCSV(f))
	known := known(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, b, known) })
}

func FuzzImportXLSX(f *testing.F) {
	items, err := checklist.BuiltinItems()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(export(f, checklist.FormatXLSX, &checklist.Version{Items: items[:3]}))
	f.Add(export(f, checklist.FormatXLSX, &checklist.Version{Items: []checklist.Item{{Code: "X", Clause: "4.1", Kind: "check", TextVI: ""}}}))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	known := known(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, b, known) })
}

func FuzzImportJSON(f *testing.F) {
	f.Add([]byte(`[{"id":"C01","clause":"4.1","text_vi":"Câu hỏi","text_en":"Q"}]`))
	f.Add([]byte(`{"name":"Tên","items":[{"id":"T09","clause":"9.1.1","kind":"measure","text_vi":"Tỷ lệ","text_en":"","target":98.5,"failure":true}]}`))
	f.Add([]byte(`[{"id":"C01","clause":"4.1","text_vi":{"x":1},"text_en":null}, 7, []]`))
	f.Add([]byte(`{"items": "no"}`))
	f.Add([]byte("[{\"id\":\"C\xff\"}]"))
	f.Add(export(f, checklist.FormatJSON, &checklist.Version{Items: mustBuiltin(f)[:5]}))
	known := known(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzImport(t, b, known) })
}

func mustBuiltin(tb testing.TB) []checklist.Item {
	items, err := checklist.BuiltinItems()
	if err != nil {
		tb.Fatal(err)
	}
	return items
}

func builtinCSV(tb testing.TB) []byte {
	return export(tb, checklist.FormatCSV, &checklist.Version{Items: mustBuiltin(tb)})
}
