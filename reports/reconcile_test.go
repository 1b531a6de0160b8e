package reports

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// reconcileFixture is an owner of three units: A with every list and gaps
// of each kind in the engine's order shuffled, B with no process list and
// no figures, C named name.
func reconcileFixture(name string) ReconcileInput {
	at := time.Date(2026, 1, 15, 2, 0, 0, 0, time.UTC)
	all := map[string]procedures.ListImport{procedures.Portal: {Kind: procedures.Portal}, procedures.OneStop: {Kind: procedures.OneStop},
		procedures.Processes: {Kind: procedures.Processes}}
	a := procedures.UnitGaps{Unit: "24961", UnitName: "Xã Hiệp An", Imports: all, Gaps: []procedures.Gap{
		{Kind: procedures.GapMatchedByName, Code: "1.001193", Name: "Đăng ký khai sinh", Sources: []string{procedures.Portal}},
		{Kind: procedures.GapMissingOnPortal, Code: "1.004227", Name: "Đăng ký lại khai sinh"},
		{Kind: procedures.GapStaleProcess, Code: "1.004120", Name: "Chứng thực chữ ký", Detail: "01/03/2024 < 15/07/2025"},
		{Kind: procedures.GapUnmatchedByName, Name: "Cấp giấy phép xây dựng nhà ở riêng lẻ", Sources: []string{procedures.OneStop}},
		{Kind: procedures.GapNotInForce, Code: "2.000908", Name: "Thủ tục đã bãi bỏ"},
	}}
	b := procedures.UnitGaps{Unit: "24962", UnitName: "Xã Liên Hiệp", Imports: map[string]procedures.ListImport{procedures.Portal: {}, procedures.OneStop: {}},
		Gaps: []procedures.Gap{}}
	c := procedures.UnitGaps{Unit: "24963", UnitName: name, Imports: all, Gaps: []procedures.Gap{{Kind: procedures.GapMissingOnOneStop, Code: "1.000656", Name: name}}}
	ov := procedures.Overview{Catalogue: &procedures.CatalogueInfo{ID: 2, FileName: "danh-muc-tthc-2026.xlsx", ImportedAt: at, Procedures: 104, Imports: 2},
		Target: 98, Totals: map[string]int{}}
	for _, u := range []*procedures.UnitGaps{&a, &b, &c} {
		u.Counts = map[string]int{}
		for _, g := range u.Gaps {
			u.Counts[g.Kind]++
			ov.Totals[g.Kind]++
		}
		ov.Units = append(ov.Units, *u)
	}
	fa := procedures.Figures{Unit: "24961", Period: "2025-Q4", Received: 412, OnTime: 390, Late: 10, Paper: 200, Electronic: 199}
	ov.Units[0].Figures = ptr(fa.View(98))
	return ReconcileInput{Owner: Owner{ID: 1, Name: "UBND huyện Đức Trọng", ParentName: "UBND tỉnh Lâm Đồng", Place: "Đức Trọng"},
		Overview: ov, Today: fixedDay,
		Figures: []procedures.Figures{fa, {Unit: "24961", Period: "2025-Q3", Received: 300, OnTime: 299, Late: 1, Paper: 100, Electronic: 90}}}
}

func ptr[T any](v T) *T { return &v }

func TestBuildReconcileReport(t *testing.T) {
	in := reconcileFixture("Xã Tà Năng")
	r := BuildReconcileReport(in)
	if r.Unit != nil || len(r.Units) != 3 {
		t.Fatalf("whole owner: unit %v, %d units", r.Unit, len(r.Units))
	}
	var kinds []string
	for _, g := range r.Units[0].Gaps {
		kinds = append(kinds, g.Kind)
	}
	want := "missing_on_portal stale_process not_in_force unmatched_by_name matched_by_name"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("gap order %q, want the pages' %q", got, want)
	}
	if r.Units[0].Missing != 4 || r.Units[0].Figures != nil || r.Units[0].Latest == nil {
		t.Errorf("unit A: missing %d, figures %v, latest %v", r.Units[0].Missing, r.Units[0].Figures, r.Units[0].Latest)
	}
	if got := strings.Join(r.Units[1].Unknown, ","); got != procedures.Processes {
		t.Errorf("unit B unknown lists %q, want processes", got)
	}
	if in.Overview.Units[0].Gaps[0].Kind != procedures.GapMatchedByName {
		t.Error("building the report reordered the input's gaps")
	}
	in.Unit = "24961"
	r = BuildReconcileReport(in)
	if r.Unit == nil || r.Unit.Name != "Xã Hiệp An" || len(r.Units) != 1 || len(r.Units[0].Figures) != 2 || !r.Units[0].Figures[1].Parity.Below {
		t.Fatalf("one unit: %+v", r)
	}
}

// assertText fails unless every want is in text, which must be NFC.
func assertText(t *testing.T, text string, want ...string) {
	t.Helper()
	if !norm.NFC.IsNormalString(text) {
		t.Error("the extracted text is not NFC")
	}
	for _, w := range want {
		if !strings.Contains(text, norm.NFC.String(w)) {
			t.Errorf("the document lacks %q", w)
		}
	}
}

// A unit's document carries the administrative heading, its figures by
// period with the rates below target marked, and every gap with its kind,
// code, name, detail and the by-name marker.
func TestReconcileUnitPDF(t *testing.T) {
	in := reconcileFixture("Xã Tà Năng")
	in.Unit = "24961"
	pdf, err := renderer().ReconcilePDF(BuildReconcileReport(in))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	assertText(t, text, "UBND TỈNH LÂM ĐỒNG", "UBND HUYỆN ĐỨC TRỌNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: /BC-ĐCTTHC", "Đức Trọng, ngày 05 tháng 02 năm 2026", "BÁO CÁO", "BM.ĐGNB.09", "Trang 1/",
		"Kết quả đối chiếu thủ tục hành chính đang có hiệu lực với Cổng dịch vụ công, hệ thống một cửa điện tử và quy trình ISO của Xã Hiệp An",
		"Danh mục đang áp dụng: 104 TTHC, từ tệp danh-muc-tthc-2026.xlsx",
		"I. SỐ LIỆU HỒ SƠ", "Quý IV/2025", "97,5 % (dưới chỉ tiêu)", "Quý III/2025", "90,0 % (dưới chỉ tiêu)", "99,7 %",
		"II. CHÊNH LỆCH GIỮA DANH MỤC VÀ THỰC TẾ", "Số chênh lệch: 4.", "cần người kiểm tra): 1.",
		"Chưa công khai trên Cổng DVC", "1.004227", "Đăng ký lại khai sinh", "Quy trình ISO lỗi thời", "01/03/2024 < 15/07/2025",
		"Tên không khớp danh mục", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "một cửa điện tử",
		"Khớp theo tên (cần kiểm tra)", "1.001193", "Đăng ký khai sinh", "Theo tên, cần kiểm tra")
	if strings.Contains(text, "Xã Liên Hiệp") {
		t.Error("a unit's document shows another unit")
	}
	if n := strings.Count(text, "Theo tên, cần kiểm tra"); n != 2 {
		t.Errorf("%d rows marked as read by name, want 2 (matched and unmatched)", n)
	}
}

// The owner's document has a row per unit with "—" for a list never
// imported, the totals, then each unit's gaps; in English too.
func TestReconcileOwnerPDF(t *testing.T) {
	r := BuildReconcileReport(reconcileFixture("Xã Tà Năng"))
	pdf, err := renderer().ReconcilePDF(r)
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	assertText(t, text, "các đơn vị thuộc UBND huyện Đức Trọng", "I. TỔNG HỢP THEO ĐƠN VỊ", "Xã Hiệp An (24961)", "Xã Liên Hiệp (24962)",
		"Xã Tà Năng (24963)", "Tổng cộng", "II. CHI TIẾT CHÊNH LỆCH THEO ĐƠN VỊ", "Số liệu hồ sơ kỳ Quý IV/2025: tiếp nhận 412",
		"Chưa nhập danh sách: Quy trình ISO; phần này chưa đối chiếu được.", "Không có chênh lệch.", "1.000656", "—")
	en := &Renderer{Cat: i18n.MustLoad(), Lang: i18n.EN}
	pdf, err = en.ReconcilePDF(r)
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	assertText(t, pdftest.Text(t, pdf), "I. SUMMARY BY UNIT", "97.5 % (below target)", "By name, to check")
}

// A hostile unit and procedure name (a 5,000-character word, decomposed
// marks, emoji, bidi override, HTML) neither breaks the document nor
// stays decomposed.
func TestReconcileHostilePDF(t *testing.T) {
	in := reconcileFixture(hostile)
	for _, unit := range []string{"", "24963"} {
		in.Unit = unit
		pdf, err := renderer().ReconcilePDF(BuildReconcileReport(in))
		if err != nil {
			t.Fatal(err)
		}
		pdftest.Check(t, pdf)
		assertText(t, pdftest.Text(t, pdf), "Nguyễn")
	}
}
