package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func issuedFixture() AuditInput {
	in := fixture(14, 3, 2)
	in.Issue = &IssueInfo{Number: "12/BC-ĐGNB", Code: "ABCDE-FGHJK", URL: "https://crossaudit.example/verify/ABCDE-FGHJK", At: fixedDay, Revision: 1}
	return in
}

// The report reads as a Vietnamese administrative document: every field
// is in the extracted text exactly, in NFC; every font is embedded; qpdf
// finds the file sound.
func TestAuditReportPDF(t *testing.T) {
	rd := renderer()
	in := issuedFixture()
	r := BuildAuditReport(in)
	pdf, err := rd.AuditPDF(r, rd.Verification(in.Issue))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	if !norm.NFC.IsNormalString(text) {
		t.Error("extracted text is not NFC")
	}
	wants := []string{"UBND HUYỆN ĐỨC TRỌNG", "ĐOÀN ĐÁNH GIÁ NỘI BỘ CHÉO", "Số: 12/BC-ĐGNB", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Đức Trọng, ngày 05 tháng 02 năm 2026", "BÁO CÁO", "Xã Hiệp An", "Xã Liên Hiệp",
		"Chương trình đánh giá nội bộ chéo năm 2026", "Danh mục kiểm tra ISO 9001:2015 cấp xã — v1", "Trụ sở UBND xã Hiệp An",
		"Nguyễn Thị Hồng Nhung", "Trưởng đoàn", "Trần Văn Đức", "Chủ tịch UBND xã, công chức Bộ phận một cửa", "Công chức Văn phòng - Thống kê",
		"66,7%", "Không phù hợp nặng", "Không phù hợp nhẹ", "Điểm lưu ý", "Đơn vị đề nghị hạ điểm C01 xuống mức nhẹ.",
		"Phó Chủ tịch UBND xã Hiệp An", "lấy mẫu", "Nơi nhận:", "BM.ĐGNB.03", "Trang 1/", "ABCDE-FGHJK",
		"https://crossaudit.example/verify/ABCDE-FGHJK", "Chọn mẫu 20 hồ sơ: 2 hồ sơ quá hạn, không có Phiếu xin lỗi và hẹn lại ngày trả kết quả."}
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	if strings.Contains(text, "DỰ THẢO") {
		t.Error("an issued report is marked as a draft")
	}
	pages := strings.Count(text, "Trang ")
	if got := strings.Count(text, "ABCDE-FGHJK"); got < pages {
		t.Errorf("the code is on %d of %d pages", got, pages)
	}
}

// A draft says so on every page, and its number is left blank.
func TestDraftIsMarkedOnEveryPage(t *testing.T) {
	rd := renderer()
	pdf, err := rd.AuditPDF(BuildAuditReport(fixture(40, 6, 0)), nil)
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	pages := strings.Count(text, "Trang ")
	if pages < 2 {
		t.Fatalf("%d pages, want several", pages)
	}
	if got := strings.Count(text, "DỰ THẢO"); got != pages {
		t.Errorf("DỰ THẢO on %d of %d pages", got, pages)
	}
	if !strings.Contains(text, "/BC-ĐGNB") || strings.Contains(text, "12/BC-ĐGNB") {
		t.Error("a draft's number is not left blank")
	}
}

// The same input gives the same text, which matches the golden file. A
// report without photos gives the same bytes too (fixed creation date,
// sorted catalogue); one with photos of the same width may not, since
// gofpdf writes such images in map order (Doc.Image), so only its text is
// compared: an issued report is served as the bytes stored once.
func TestAuditReportIsReproducible(t *testing.T) {
	rd := renderer()
	bare := fixture(14, 3, 0)
	bare.Issue = issuedFixture().Issue
	a, err := rd.AuditPDF(BuildAuditReport(bare), rd.Verification(bare.Issue))
	if err != nil {
		t.Fatal(err)
	}
	b, err := rd.AuditPDF(BuildAuditReport(bare), rd.Verification(bare.Issue))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same report without photos differ")
	}

	in := issuedFixture()
	if a, err = rd.AuditPDF(BuildAuditReport(in), rd.Verification(in.Issue)); err != nil {
		t.Fatal(err)
	}
	if b, err = rd.AuditPDF(BuildAuditReport(in), rd.Verification(in.Issue)); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, a)
	if pdftest.Text(t, b) != text {
		t.Fatal("two renderings of the same report read differently")
	}
	golden := filepath.Join("testdata", "audit_report.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if strings.TrimSpace(string(want)) != text {
		t.Errorf("the report's text differs from %s (run with -update if the change is intended)", golden)
	}
}

// The photos are evidence: each JPEG is in the report as it came, byte for
// byte, at its full width, even when two photos have the same width.
func TestPhotosAreDrawnWhole(t *testing.T) {
	rd := renderer()
	in := issuedFixture()
	r := BuildAuditReport(in)
	pdf, err := rd.AuditPDF(r, rd.Verification(in.Issue))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, nc := range r.NCs {
		for _, ph := range nc.Photos {
			n++
			if ph.Type != "JPG" || ph.Width != 320 || ph.Height != 240 {
				t.Errorf("photo %s: %s %d×%d, want the JPEG's own 320×240", ph.Name, ph.Type, ph.Width, ph.Height)
			}
		}
	}
	if n != 2 {
		t.Fatalf("%d photos in the report's model, want 2", n)
	}
	for id, jpg := range in.Images {
		if !bytes.Contains(pdf, jpg) {
			t.Errorf("photo %d is not in the PDF as it came", id)
		}
	}
	if got := bytes.Count(pdf, []byte("/Width 320\n/Height 240\n")); got != 2 {
		t.Errorf("%d images of 320×240 in the PDF, want 2", got)
	}
}

// Hostile text never breaks a report: a 5,000-character word, decomposed
// marks, emoji, right-to-left text and controls, HTML, and a 16-bit PNG.
func TestHostileTextNeverBreaksAReport(t *testing.T) {
	long := strings.Repeat("Nguyễn", 5000/6+1)
	decomposed := "Tie\u0302\u0301ng Vie\u0323\u0302t đa\u0300y đu\u0309"
	hostile := []string{long, decomposed, "Hồ sơ đạt 😀👍🏽 ✅", "\u202Eمرحبا שלום\u202C", "<script>alert('x')</script> &amp; <b>",
		"a\x00b\x1bc\u200bd", strings.Repeat("\n", 30)}
	in := fixture(10, 3, 0)
	in.Plan.AuditeeUnitName = decomposed
	in.Plan.Objectives = strings.Join(hostile, " ")
	in.Meeting.Participants = long
	for i := range in.Findings {
		in.Findings[i].Statement = hostile[i%len(hostile)]
	}
	code := in.Findings[0].ItemID
	in.Sheet.Items()[0].Attachments = append(in.Sheet.Items()[0].Attachments,
		conduct.Attachment{ID: 900, ItemID: code, Filename: "sau-muoi-sau-bit.png", ContentType: conduct.TypePNG},
		conduct.Attachment{ID: 901, ItemID: code, Filename: "hong.png", ContentType: conduct.TypePNG})
	in.Images[900] = testPNG16()
	in.Images[901] = []byte("\x89PNG\r\n\x1a\nnot really")
	r := BuildAuditReport(in)
	if len(r.NCs[0].Photos) != 1 || len(r.NCs[0].Files) != 1 {
		t.Errorf("photos %d, files %v: want the 16-bit PNG drawn and the broken one named", len(r.NCs[0].Photos), r.NCs[0].Files)
	}
	rd := renderer()
	pdf, err := rd.AuditPDF(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	for _, w := range []string{"Tiếng Việt đày đủ", "<script>alert('x')</script>", "Hồ sơ đạt", "hong.png"} {
		if !strings.Contains(text, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
}
