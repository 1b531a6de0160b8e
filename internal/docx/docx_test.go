package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// sample writes a document with every piece the reports use, its text
// hostile where a user can type it.
func sample(t *testing.T, hostile string) []byte {
	t.Helper()
	d := docx.New(docx.Options{Title: "Kế hoạch " + hostile, Subject: "Chương trình", Created: time.Date(2026, 2, 5, 3, 0, 0, 0, time.UTC),
		Control: docx.Control{Form: "BM.ĐGNB.01", Edition: "Lần ban hành: 01"}, Watermark: "DỰ THẢO", Footer: "Mã xác minh: ABCDE-FGHJK"})
	d.DrawHeading(docx.Heading{ParentBody: "UBND huyện Đức Trọng", IssuingBody: "Ban ISO " + hostile, Number: "Số: 2/KH-ĐGNB",
		NationalA: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NationalB: "Độc lập - Tự do - Hạnh phúc",
		PlaceDate: "Đức Trọng, ngày 05 tháng 02 năm 2026", Kind: "KẾ HOẠCH", Subject: "Đánh giá nội bộ chéo"})
	d.Heading("I. MỤC ĐÍCH", 13)
	d.Para("Đánh giá sự phù hợp của hệ thống quản lý chất lượng.\n"+hostile, docx.Justify)
	d.Label("Phạm vi", hostile)
	var img bytes.Buffer
	m := image.NewGray(image.Rect(0, 0, 4, 3))
	m.Set(1, 1, color.White)
	if err := png.Encode(&img, m); err != nil {
		t.Fatal(err)
	}
	d.Image(img.Bytes(), "PNG", 4, 3, 90, 65)
	rows := [][]docx.Cell{{{Text: "1"}, {Text: "Xã Hiệp An\n" + hostile, Bold: true, Fill: &docx.RGB{R: 250, G: 210, B: 200}}}}
	(&docx.Table{Columns: []docx.Column{{Width: 10, Header: "#", Align: docx.Center}, {Width: docx.ContentWidth - 10, Header: "Đơn vị"}}}).Draw(d, rows)
	d.DrawSignatures([]docx.Signature{{Title: "Đại diện đơn vị", Name: "Lê Thị Hoa"}})
	d.SignOffBy("Nơi nhận:", []string{"Các đơn vị", "Lưu: VT"}, docx.Signer{Authority: "KT. CHỦ TỊCH", Title: "Phó Chủ tịch", Name: "Nguyễn Văn An"})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hostile is what a user may type: markup, an entity, a control
// character XML forbids, a bidirectional override and a 5,000-letter word.
var hostile = `<script>alert("x")</script> & &amp; ]]> ` + "\x01\x0b\u202e\ufeff" + strings.Repeat("W", 5000)

// TestDocxIsWellFormed reads the package back: every XML part parses, the
// parts Word needs are there, and no forbidden character got through.
func TestDocxIsWellFormed(t *testing.T) {
	b := sample(t, hostile)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range z.File {
		seen[f.Name] = true
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		if f.Name == "word/document.xml" {
			s := string(data)
			if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") || strings.ContainsAny(s, "\x01\x0b\u202e\ufeff") {
				t.Errorf("document.xml does not escape or clean the hostile text")
			}
		}
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/header2.xml", "word/media/image1.png"} {
		if !seen[want] {
			t.Errorf("no %s in the package", want)
		}
	}
}

// TestDocxOpensInLibreOffice converts the document as an office's word
// processor would open it and reads what it shows.
func TestDocxOpensInLibreOffice(t *testing.T) {
	text := pdftest.Text(t, pdftest.FromDOCX(t, sample(t, hostile)))
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BAN ISO <SCRIPT>",
		"Đức Trọng, ngày 05 tháng 02 năm 2026", "KẾ HOẠCH", `<script>alert("x")</script> & &amp;`, "Xã Hiệp An",
		"Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "DỰ THẢO", "BM.ĐGNB.01", "Mã xác minh: ABCDE-FGHJK"} {
		if !strings.Contains(text, want) {
			t.Errorf("converted text lacks %q:\n%.1500s", want, text)
		}
	}
}

// TestSignatureKeptWithText keeps the last lines of text with the signer
// block, so that Word never puts the signatures alone on a page.
func TestSignatureKeptWithText(t *testing.T) {
	d := docx.New(docx.Options{})
	d.Para("Điều 1.", docx.Justify)
	d.Para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", docx.Justify)
	d.Space(4)
	d.SignOffBy("Nơi nhận:", []string{"Như Điều 3", "Lưu: VT"}, docx.Signer{Title: "Chủ tịch", Name: "Trần Văn Bình"})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	s := string(data)
	before := s[:strings.Index(s, "<w:tbl>")]
	paras := strings.Split(before, "<w:p>")
	if n := len(paras); n < 4 || !strings.Contains(paras[n-1], "<w:keepNext/>") || !strings.Contains(paras[n-2], "<w:keepNext/>") ||
		strings.Contains(paras[n-3], "<w:keepNext/>") {
		t.Errorf("the last text and its space are not kept with the signatures, or more is:\n%s", before)
	}
}
