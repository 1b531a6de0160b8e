package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// blankFixture is a published version of n items over clauses 10, 4, VN
// and 7.1.5 (in that order of position), the second a measure item, with
// two excluded clauses.
func blankFixture(n int, lang string) BlankChecklistInput {
	v := &checklist.Version{ID: 3, ChecklistID: 1, Name: "Danh mục kiểm tra ISO 9001:2015 cấp xã", Number: 2, Status: checklist.StatusPublished,
		NotApplicable: map[string]string{"8.3": "Không thiết kế sản phẩm mới", "7.1.5": "Không sử dụng thiết bị đo"}}
	clauses := []string{"10.2", "4.1", "VN.1", "7.1.5"}
	for i := range n {
		it := checklist.Item{Code: fmt.Sprintf("C%02d", i+1), Clause: clauses[i%4], Kind: checklist.KindCheck, Position: i + 1,
			TextVI: fmt.Sprintf("Đơn vị có niêm yết công khai thủ tục hành chính số %d không?", i+1), GuidanceVI: "Xem bảng niêm yết tại Bộ phận một cửa"}
		if i == 1 {
			it.Kind, it.Unit, it.Target, it.TextEN = checklist.KindMeasure, "%", ">=98", "Share of files settled on time"
			it.LegalRefsVI, it.LegalRefsEN = "Nghị định số 61/2018/NĐ-CP", "Decree No. 61/2018/NĐ-CP"
		}
		v.Items = append(v.Items, it)
	}
	return BlankChecklistInput{Version: v, Lang: lang, Today: fixedDay,
		Clauses: []checklist.Clause{{Code: "4", TitleVI: "Bối cảnh của tổ chức", TitleEN: "Context of the organization"},
			{Code: "7", TitleVI: "Hỗ trợ"}, {Code: "10", TitleVI: "Cải tiến", TitleEN: "Improvement"}, {Code: "VN", TitleVI: "Yêu cầu riêng của Việt Nam"}}}
}

func TestBuildBlankChecklist(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		lang     string
		sections string
		titles   string
		codes    string
	}{
		{"one item", 1, i18n.VI, "10", "Cải tiến", "C01"},
		{"sections in the standard's order, VN last", 6, i18n.VI, "4,7,10,VN", "Bối cảnh của tổ chức,Hỗ trợ,Cải tiến,Yêu cầu riêng của Việt Nam", "C02,C06,C04,C01,C05,C03"},
		{"English, Vietnamese where English is blank", 6, i18n.EN, "4,7,10,VN", "Context of the organization,Hỗ trợ,Improvement,Yêu cầu riêng của Việt Nam", "C02,C06,C04,C01,C05,C03"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := BuildBlankChecklist(blankFixture(tc.n, tc.lang))
			var secs, titles, codes []string
			no := 0
			for _, s := range b.Sections {
				secs, titles = append(secs, s.Clause), append(titles, s.Title)
				for _, it := range s.Items {
					codes = append(codes, it.Code)
					if no++; it.No != no {
						t.Errorf("%s numbered %d, want %d", it.Code, it.No, no)
					}
				}
			}
			if got := strings.Join(secs, ","); got != tc.sections {
				t.Errorf("sections %s, want %s", got, tc.sections)
			}
			if got := strings.Join(titles, ","); got != tc.titles {
				t.Errorf("titles %s, want %s", got, tc.titles)
			}
			if got := strings.Join(codes, ","); got != tc.codes {
				t.Errorf("items %s, want %s", got, tc.codes)
			}
			if len(b.Excluded) != 2 || b.Excluded[0].Clause != "7.1.5" || b.Excluded[1].Clause != "8.3" {
				t.Errorf("excluded %+v", b.Excluded)
			}
		})
	}
	b := BuildBlankChecklist(blankFixture(6, i18n.EN))
	if it := b.Sections[0].Items[0]; !it.Measure || it.Text != "Share of files settled on time" || it.Target != ">=98" || it.Unit != "%" ||
		it.LegalRefs != "Decree No. 61/2018/NĐ-CP" {
		t.Errorf("measure item %+v", it)
	}
	if it := b.Sections[1].Items[0]; it.Measure || !strings.HasPrefix(it.Text, "Đơn vị có niêm yết") {
		t.Errorf("check item %+v (Vietnamese where English is blank)", it)
	}
}

// The blank checklist lists every item in Vietnamese with the result
// boxes and passes the PDF checks, header repeated over its pages.
func TestBlankChecklistPDF(t *testing.T) {
	pdf, err := renderer().BlankChecklistPDF(BuildBlankChecklist(blankFixture(60, i18n.VI)))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	for _, w := range []string{"DANH MỤC KIỂM TRA ĐÁNH GIÁ NỘI BỘ", "Danh mục kiểm tra ISO 9001:2015 cấp xã — phiên bản 2 (60 nội dung)",
		"Đơn vị được đánh giá:", "PH = Phù hợp; Nhẹ = Không phù hợp nhẹ; Nặng = Không phù hợp nặng; LY = Điểm lưu ý; CT = Cơ hội cải tiến; KAD = Không áp dụng",
		"C01. Đơn vị có niêm yết công khai thủ tục hành chính số 1 không?", "C60. Đơn vị có niêm yết công khai thủ tục hành chính số 60 không?",
		"Giá trị đo: ………… % (chỉ tiêu >=98)", "Hướng dẫn: Xem bảng niêm yết tại Bộ phận một cửa", "Yêu cầu riêng của Việt Nam",
		"Căn cứ pháp lý: Nghị định số 61/2018/NĐ-CP",
		"7.1.5: Không sử dụng thiết bị đo", "CHUYÊN GIA ĐÁNH GIÁ", "BM.ĐGNB.02", "Trang 1/"} {
		if !strings.Contains(text, w) {
			t.Errorf("the checklist lacks %q", w)
		}
	}
	if n := strings.Count(text, "Nội dung kiểm tra"); n < 3 {
		t.Errorf("the header row appears %d times, want it on every page", n)
	}
	if strings.Contains(text, "Nặn ") || strings.Contains(text, "Nh ẹ") {
		i := strings.Index(text, "Nặn ")
		t.Errorf("a result's heading is broken inside its word: %q", text[max(0, i-80):min(len(text), i+80)])
	}
	if strings.Contains(text, "pdfform.") {
		t.Error("a catalogue key is printed raw")
	}
}
