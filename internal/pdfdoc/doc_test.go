package pdfdoc_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A document drawn with the layer reads back: the heading, a signature,
// a table that runs over pages with its header repeated, the control block
// and the verification line on every page; every font is embedded, and the
// photo is in the file as it came.
func TestDocReadsBack(t *testing.T) {
	day := time.Date(2026, 2, 5, 3, 0, 0, 0, time.UTC)
	d, err := pdfdoc.NewDoc(pdfdoc.Options{Title: "Báo cáo thử", Subject: "Thử", Created: day,
		Control:   pdfdoc.Control{Form: "BM.THỬ.01", Edition: "Lần ban hành: 01", Date: "Ngày hiệu lực: 01/01/2026"},
		PageLabel: func(page, pages string) string { return "Trang " + page + "/" + pages },
		Verify:    &pdfdoc.Verification{Label: "Mã xác minh: ABCDE-FGHJK", URL: "https://crossaudit.example/verify/ABCDE-FGHJK"}})
	if err != nil {
		t.Fatal(err)
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: "UBND tỉnh Lâm Đồng", IssuingBody: "UBND huyện Đức Trọng", Number: "Số: 1/BC-THỬ",
		NationalA: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NationalB: "Độc lập - Tự do - Hạnh phúc",
		PlaceDate: pdfdoc.PlaceDate(i18n.VI, "Đức Trọng", day), Kind: "BÁO CÁO", Subject: "Thử lớp vẽ"})
	jpg := photo(t, 200, 120)
	ph, ok := pdfdoc.PreparePhoto(jpg)
	if !ok || ph.Type != "JPG" || !bytes.Equal(ph.Data, jpg) {
		t.Fatalf("PreparePhoto: %v %s, same bytes %v", ok, ph.Type, bytes.Equal(ph.Data, jpg))
	}
	d.Image(ph, 90, 65)
	d.DrawSignatures([]pdfdoc.Signature{{Title: "Trưởng đoàn", Name: "Nguyễn Thị Hồng Nhung"}})
	var rows [][]pdfdoc.Cell
	for i := range 80 {
		rows = append(rows, []pdfdoc.Cell{{Text: fmt.Sprint(i + 1)}, {Text: "Hồ sơ trễ hạn số " + fmt.Sprint(i+1)}})
	}
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 15, Header: "STT", Align: pdfdoc.Center},
		{Width: pdfdoc.ContentWidth - 15, Header: "Nội dung"}}}).Draw(d, rows)
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf, jpg) {
		t.Error("the photo is not in the PDF as it came")
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	pages := pdftest.Pages(t, pdf)
	if pages < 2 {
		t.Fatalf("%d pages, want the table to run over", pages)
	}
	for _, w := range []string{"UBND TỈNH LÂM ĐỒNG", "Độc lập - Tự do - Hạnh phúc", "Đức Trọng, ngày 05 tháng 02 năm 2026",
		"Hồ sơ trễ hạn số 80", "TRƯỞNG ĐOÀN", "Nguyễn Thị Hồng Nhung", fmt.Sprintf("Trang %d/%d", pages, pages)} {
		if !strings.Contains(text, w) {
			t.Errorf("the document lacks %q", w)
		}
	}
	for _, w := range []string{"STT Nội dung", "ABCDE-FGHJK", "BM.THỬ.01"} {
		if got := strings.Count(text, w); got < pages {
			t.Errorf("%q on %d of %d pages", w, got, pages)
		}
	}
}

func TestPercent(t *testing.T) {
	if got := pdfdoc.Percent(i18n.VI, 85.71); got != "85,7%" {
		t.Errorf("vi: %s", got)
	}
	if got := pdfdoc.Percent(i18n.EN, 85.71); got != "85.7%" {
		t.Errorf("en: %s", got)
	}
}
