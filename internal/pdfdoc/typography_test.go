package pdfdoc_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/pdfdoc"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// A document is set in embedded Liberation Serif, its body at
// 13 pt and no text below 11 pt except the draft's diagonal mark's
// decoration (Decree 30/2020).
func TestTypographyFollowsDecree30(t *testing.T) {
	day := time.Date(2026, 2, 5, 3, 0, 0, 0, time.UTC)
	d, err := pdfdoc.NewDoc(pdfdoc.Options{Title: "Thử", Created: day, Watermark: "DỰ THẢO",
		Control:   pdfdoc.Control{Form: "BM.THỬ.01", Edition: "Lần ban hành: 01", Date: "Ngày hiệu lực: 01/01/2026"},
		PageLabel: func(page, pages string) string { return "Trang " + page + "/" + pages },
		Verify:    &pdfdoc.Verification{Label: "Mã xác minh: ABCDE", URL: "https://x.example/v/ABCDE"}})
	if err != nil {
		t.Fatal(err)
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: "UBND tỉnh Lâm Đồng", IssuingBody: "UBND huyện Đức Trọng", Number: "Số: 1/QĐ-THỬ",
		NationalA: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NationalB: "Độc lập - Tự do - Hạnh phúc", PlaceDate: "Đức Trọng, ngày 05 tháng 02 năm 2026",
		Kind: "QUYẾT ĐỊNH", Subject: "Thử"})
	d.Font("I", pdfdoc.SizeBody)
	d.Para("Căn cứ Luật Tổ chức chính quyền địa phương;", pdfdoc.Justify)
	(&pdfdoc.Table{Columns: []pdfdoc.Column{{Width: 20, Header: "STT"}, {Width: pdfdoc.ContentWidth - 20, Header: "Nội dung"}}}).Draw(d,
		[][]pdfdoc.Cell{{{Text: "1"}, {Text: "Đạt"}}})
	d.SignOffBy("Nơi nhận:", []string{"Như Điều 3", "Lưu: VT"}, pdfdoc.Signer{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "Chủ tịch", Name: "Nguyễn Văn A"})
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "d.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftest.Tool(t, "pdffonts"), file).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) != 4 {
		t.Errorf("%d fonts, want the four styles:\n%s", len(lines), out)
	}
	for _, l := range lines {
		f := strings.Fields(l)
		// name type encoding emb sub uni object ID; gofpdf subsets the
		// font but names it "utf8liberationserif{style}" without the tag
		// pdffonts reads the "sub" column from.
		if !regexp.MustCompile(`(?i)liberationserif`).MatchString(f[0]) || f[len(f)-5] != "yes" {
			t.Errorf("not an embedded subset of Liberation Serif: %s", l)
		}
	}
	qdf := filepath.Join(dir, "q.pdf")
	if out, err := exec.Command(pdftest.Tool(t, "qpdf"), "--qdf", "--object-streams=disable", file, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, out)
	}
	b, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[float64]bool{}
	for _, m := range regexp.MustCompile(`/F\w+ ([0-9.]+) Tf`).FindAllSubmatch(b, -1) {
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		sizes[v] = true
		if v < 11 {
			t.Errorf("text at %v pt", v)
		}
	}
	if !sizes[pdfdoc.SizeBody] || pdfdoc.SizeBody < 13 || pdfdoc.SizeTable < 11 {
		t.Errorf("sizes %v: want body text at %v pt (≥ 13)", sizes, pdfdoc.SizeBody)
	}
}
