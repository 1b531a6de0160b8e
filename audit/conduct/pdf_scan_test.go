package conduct

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// pdfOf builds a PDF by hand from its objects (numbered from 1), with a
// cross-reference table, so that each test says exactly what is in it.
func pdfOf(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func flate(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

// stream is an object holding a stream with the dictionary's extra entries.
func stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

var (
	catalog = "<< /Type /Catalog /Pages 2 0 R >>"
	pages   = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
	page    = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
	// contents draws text whose compressed bytes are random-looking.
	contents = stream("/Filter /FlateDecode", flate("BT /F1 12 Tf 72 712 Td (Bien ban kiem tra /JS) Tj ET"))
)

// HostilePDF opens with a JavaScript action: what the attacker uploads.
func hostilePDF() []byte {
	return pdfOf("<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", pages, page, contents,
		`<< /Type /Action /S /JavaScript /JS (app.launchURL\("http://x/"\);) >>`)
}

func TestActiveContentOfPDFs(t *testing.T) {
	fp := gofpdf.New("P", "mm", "A4", "")
	fp.AddPage()
	fp.SetFont("Helvetica", "", 12)
	fp.Cell(40, 10, "Bien ban")
	var made bytes.Buffer
	if err := fp.Output(&made); err != nil {
		t.Fatal(err)
	}
	objStm := func(filter string, data []byte) string {
		return stream("/Type /ObjStm /N 1 /First 4 "+filter, data)
	}
	packed := "5 0 << /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"
	tests := []struct {
		name string
		pdf  []byte
		want []string
	}{
		{"a plain document, text drawn in a compressed stream", pdfOf(catalog, pages, page, contents), nil},
		{"a PDF as the reports' library writes it", made.Bytes(), nil},
		{"JavaScript run on opening", hostilePDF(), []string{"JS", "JavaScript", "OpenAction"}},
		{"names spelt with #xx escapes", pdfOf("<< /Type /Catalog /Pages 2 0 R /Open#41ction << /S /J#61vaScript /J#53 (x) >> >>", pages, page, contents),
			[]string{"JS", "JavaScript", "OpenAction"}},
		{"an action on a page event", pdfOf(catalog, pages, "<< /Type /Page /Parent 2 0 R /AA << /O << /S /Launch /F (calc.exe) >> >> >>", contents),
			[]string{"AA", "Launch"}},
		{"an empty name tree of embedded files, as gofpdf writes", pdfOf("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [] >> >> >>", pages, page, contents),
			nil},
		{"an embedded file", pdfOf("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(x.exe) 5 0 R] >> >> >>", pages, page, contents,
			"<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>", stream("/Type /EmbeddedFile", []byte("MZ"))),
			[]string{"EF", "EmbeddedFile"}},
		{"JavaScript hidden in a compressed object stream", pdfOf(catalog, pages, page, contents, objStm("/Filter /FlateDecode", flate(packed))),
			[]string{"JS", "JavaScript"}},
		{"an object stream in a filter the check cannot read", pdfOf(catalog, pages, page, contents, objStm("/Filter [/ASCIIHexDecode /FlateDecode]", []byte("00>"))),
			[]string{"ObjStm"}},
		{"an object stream that inflates without end", pdfOf(catalog, pages, page, contents, objStm("/Filter /FlateDecode", flate(strings.Repeat(" ", maxObjStm+1)))),
			[]string{"ObjStm"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ActiveContent(tt.pdf); !slices.Equal(got, tt.want) {
				t.Errorf("ActiveContent = %v, want %v", got, tt.want)
			}
		})
	}
}

// An upload with active content is refused with a 422 naming the file;
// a plain one is kept byte for byte.
func TestPrepareUploadRefusesActivePDFs(t *testing.T) {
	_, err := PrepareUpload(context.Background(), hostilePDF(), `C:\scan\biên bản.pdf`)
	e := apperr.As(err)
	if e.Kind != apperr.Invalid || e.Code != "pdf_active_content" || e.Fields["file"].Args["file"] != "biên bản.pdf" ||
		!strings.Contains(fmt.Sprint(e.Message.Args["what"]), "/OpenAction") {
		t.Fatalf("err %#v", err)
	}
	plain := pdfOf(catalog, pages, page, contents)
	ev, err := PrepareUpload(context.Background(), plain, "a.pdf")
	if err != nil || !bytes.Equal(ev.Data, plain) {
		t.Fatalf("a plain PDF: %v", err)
	}
}
