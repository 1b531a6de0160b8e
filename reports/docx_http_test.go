package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// getDocx downloads a .docx, checks that it is sent as one, under an ASCII
// name, and that its parts are well-formed XML, and returns it.
func getDocx(t *testing.T, c *webtest.Client, path string) []byte {
	t.Helper()
	resp, body := c.Do(http.MethodGet, path, nil)
	wantStatus(t, path, resp, body, http.StatusOK)
	if got := resp.Header.Get("Content-Type"); got != docx.ContentType {
		t.Errorf("%s: Content-Type %q, want %q", path, got, docx.ContentType)
	}
	disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	name := params["filename"]
	if err != nil || disp != "attachment" || !strings.HasSuffix(name, ".docx") || strconv.QuoteToASCII(name) != strconv.Quote(name) {
		t.Errorf("%s: Content-Disposition %q, want an attachment with an ASCII .docx name", path, resp.Header.Get("Content-Disposition"))
	}
	wellFormed(t, body)
	return body
}

// wellFormed checks that a .docx is a zip whose XML parts all parse.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	hasDoc := false
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		hasDoc = hasDoc || f.Name == "word/document.xml"
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(r)
		for {
			if _, err := dec.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s does not parse: %v", f.Name, err)
			}
		}
		r.Close()
	}
	if !hasDoc {
		t.Fatal("no word/document.xml")
	}
}

// pdfWords are the words of a PDF's text, but its page labels ("Trang
// 1/2"), which the DOCX has as Word's own page numbers, and the letters of
// a draft's diagonal watermark, which pdftotext reads one by one (the
// DOCX marks a draft in its header).
func pdfWords(t *testing.T, pdf []byte) []string {
	var out []string
	for _, w := range strings.Fields(pdftest.Text(t, pdf)) {
		if w == "Trang" || strings.Contains(w, "/") && strings.Trim(w, "0123456789/") == "" || utf8.RuneCountInString(w) == 1 ||
			utf8.RuneCountInString(w) == 2 && strings.Contains("DỰ THẢO", w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// sameWords reports the PDF's words that the DOCX, as LibreOffice shows
// it, lacks: the văn thư's file must say what the PDF says.
func sameWords(t *testing.T, what string, pdf []byte, docxText string) {
	t.Helper()
	have := map[string]bool{}
	for _, w := range strings.Fields(docxText) {
		have[w] = true
	}
	var missing []string
	for _, w := range pdfWords(t, pdf) {
		if !have[w] {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s: the DOCX lacks words of the PDF: %q\nDOCX: %.1500s", what, missing, docxText)
	}
}

// Each of the four documents downloads as DOCX with its PDF's contents:
// LibreOffice opens it, and every word of the PDF, Vietnamese letters
// intact, is in it — the heading, the units, the team, the findings, the
// recipients and the signer.
func TestDocxDownloadsSayWhatThePDFsSay(t *testing.T) {
	pdftest.Tool(t, "soffice")
	a := demoApp(t)
	office := a.Token("office", demo.Password)
	round := queryID(t, a, `SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year DESC, r.n LIMIT 1`)
	planned := queryID(t, a, `SELECT id FROM audits WHERE status = 'planned' ORDER BY id LIMIT 1`)
	ids, _, _ := submitted(t, a)
	programme := queryID(t, a, `SELECT r.programme_id FROM audits a JOIN rounds r ON r.id = a.round_id WHERE a.id = ?`, ids[0])
	docs := []struct {
		name, base string
		signed     bool // ends with the recipients and a signature
	}{
		{"plan", "/api/v1/rounds/" + strconv.FormatInt(round, 10) + "/plan", true},
		{"decision", "/api/v1/audits/" + strconv.FormatInt(planned, 10) + "/decision", true},
		{"audit report", "/api/v1/audits/" + jsonNum(ids[0]) + "/report", true},
		{"programme summary", "/api/v1/programmes/" + strconv.FormatInt(programme, 10) + "/report", false},
	}
	var pdfs, words [][]byte
	for _, doc := range docs {
		// The PDF first: it numbers the plan and the decision, which the
		// DOCX then carries too.
		resp, pdf := office.Do(http.MethodGet, doc.base+".pdf", nil)
		wantStatus(t, doc.base+".pdf", resp, pdf, http.StatusOK)
		pdfs, words = append(pdfs, pdf), append(words, getDocx(t, office, doc.base+".docx"))
	}
	for i, converted := range pdftest.FromDOCXs(t, words...) {
		doc := docs[i]
		txt := pdftest.Text(t, converted)
		want := []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
		if doc.signed {
			want = append(want, "Nơi nhận:")
		}
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s lacks %q:\n%.1500s", doc.name, w, txt)
			}
		}
		sameWords(t, doc.name, pdfs[i], txt)
	}
}
