package dashboard_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// reviewPDF renders the pack in lang, checks it with qpdf --check and
// pdffonts (every font embedded) and returns its text as pdftotext reads
// it, whitespace collapsed, with its page count.
func reviewPDF(t *testing.T, in dashboard.ReviewInput, lang string) (string, int) {
	t.Helper()
	b, err := dashboard.ReviewPDF(i18n.MustLoad(), lang, dashboard.BuildReview(in))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, b)
	return pdftest.Text(t, b), pdftest.Pages(t, b)
}

// TestReviewPDFText reads the pack back and finds the decree's heading,
// the unit named in full, the period, every section and "Trang x/y" on
// every page, all in NFC.
func TestReviewPDFText(t *testing.T) {
	text, pages := reviewPDF(t, reviewFixture("Xã Hiệp An", "Hồ sơ trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)."), i18n.VI)
	if !norm.NFC.IsNormalString(text) {
		t.Error("the text is not in NFC")
	}
	for _, want := range []string{
		"UBND XÃ HIỆP AN", "Số: /BC-UBND",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hiệp An, ngày 26 tháng 11 năm 2026",
		"BÁO CÁO", "Đầu vào xem xét của lãnh đạo năm 2026 của Xã Hiệp An",
		"Đơn vị: Xã Hiệp An (24961)", "Kỳ xem xét: năm 2026 (từ 01/01/2026 đến 31/12/2026)",
		"1. Kết quả đánh giá và xu hướng",
		"Năm 2026: tỷ lệ phù hợp 81,0% (6 điểm không phù hợp trên 40 nội dung áp dụng, qua 2 vòng đánh giá; mỗi điểm không phù hợp nặng tính bằng 3 nội dung không đạt).",
		"So với năm trước (90,0%): -9,0 điểm phần trăm.", "Năm 2026, vòng 2 95,0% 1 KPH / 20 nội dung 95,0% +26,8",
		"2. Điểm không phù hợp và hành động khắc phục",
		"6 điểm không phù hợp (1 nặng, 5 nhẹ): 1 đang mở, 2 quá hạn, 1 đã đóng đúng hạn, 1 đã đóng trễ hạn, 1 đã đóng không có hạn.",
		"Tỷ lệ đóng đúng hạn: 50,0%.", "Hồ sơ trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
		"Không phù hợp nặng", "Đóng trễ hạn", "Đóng đúng hạn", "Quá hạn", "hạn kế hoạch 30/06/2026", "1/2",
		"3. Hành động còn mở từ kỳ xem xét trước", "Năm 2025, vòng 1", "Đã thực hiện",
		"4. Phát hiện lặp lại", "Lặp lại điểm không phù hợp số 10.",
		"5. Số liệu giải quyết hồ sơ thủ tục hành chính",
		"Tổng hợp năm 2026 (Quý I/2026, Quý II/2026): 210 hồ sơ tiếp nhận; tỷ lệ giải quyết đúng hạn 97,6%; tỷ lệ hồ sơ giấy được cập nhật trên hệ thống một cửa điện tử 90,0%; mục tiêu 98,0%. Có tỷ lệ dưới mục tiêu.",
		"dưới mục tiêu", "Nơi nhận:", "Lãnh đạo xã Hiệp An", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Chủ",
		"BM.XXLĐ.01",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if pages < 2 {
		t.Errorf("%d page(s); the fixture should take two or more", pages)
	}
	for p := 1; p <= pages; p++ {
		if want := fmt.Sprintf("Trang %d/%d", p, pages); !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	en, _ := reviewPDF(t, reviewFixture("Xã Hiệp An", "x"), i18n.EN)
	for _, want := range []string{"SOCIALIST REPUBLIC OF VIETNAM", "Management-review inputs 2026 of Xã Hiệp An", "Closed late", "Page 1/"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English PDF lacks %q", want)
		}
	}
}

// TestReviewPDFEmpty draws the pack of a unit without any data: every
// section says so in words.
func TestReviewPDFEmpty(t *testing.T) {
	in := dashboard.ReviewInput{Unit: &dashboard.UnitData{Code: "24961", Name: "Xã Hiệp An"}, Year: 2026, Today: reviewToday,
		Owner: dashboard.ReviewOwner{Name: "UBND XÃ HIỆP AN", Place: "Hiệp An", InText: "xã Hiệp An", Chairman: "Nguyễn Văn Chủ"}}
	text, pages := reviewPDF(t, in, i18n.VI)
	for _, want := range []string{"Năm 2026 đơn vị chưa có kết quả đánh giá nào.", "Năm 2026 đơn vị không có điểm không phù hợp nào.",
		"Không còn điểm không phù hợp nào của các năm trước chưa đóng.", "Không có phát hiện lặp lại trong năm.",
		"Chưa có số liệu hồ sơ của năm 2026.", "Trang 1/1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the empty pack lacks %q", want)
		}
	}
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
}

// TestReviewPDFHostileText draws a unit name and statements that try to
// break the document: decomposed marks, direction overrides, zero-width
// and control characters, an emoji, PDF syntax and a very long word.
func TestReviewPDFHostileText(t *testing.T) {
	name := norm.NFD.String("Xã Hiệp An") + "\u202e\u200d\x07 🏛"
	statement := norm.NFD.String("Nội dung ") + ") Tj ET endstream %%EOF \\ (<script>alert(1)</script>)\n" +
		strings.Repeat("Đ", 900) + "\r\n\tcuối"
	text, _ := reviewPDF(t, reviewFixture(name, statement), i18n.VI)
	if !norm.NFC.IsNormalString(text) {
		t.Error("the text is not in NFC")
	}
	for _, want := range []string{"UBND XÃ HIỆP AN", "Đầu vào xem xét của lãnh đạo năm 2026 của Xã Hiệp An ?",
		"Nội dung ) Tj ET endstream %%EOF \\ (<script>alert(1)</script>)", "cuối"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "\u202e\u200d\x07") {
		t.Error("invisible or control characters reached the PDF")
	}
}
