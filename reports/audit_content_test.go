package reports

import (
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// contentFixture is the issued fixture with what the official asked the
// report to show: a measure item with its value and target (C01, a major
// nonconformity), a clause title, a statement the auditor wrote (C02)
// beside one left as submission put it (C03), a repeat of an earlier
// report's nonconformity (C02) and the organiser's legal bases.
func contentFixture() AuditInput {
	in := issuedFixture()
	c01 := in.Sheet.Items()[0]
	v := 85.5
	c01.Kind, c01.Unit, c01.Target, c01.Answer.Value = checklist.KindMeasure, "%", ">=98", &v
	for _, sec := range in.Sheet.Sections {
		for _, g := range sec.Groups {
			if g.Clause.Code == "4.1" {
				g.Clause.TitleVI = "Hiểu tổ chức và bối cảnh của tổ chức"
			}
		}
	}
	earlier := int64(99)
	in.Findings[1].Statement = "Đơn vị không gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả cho 3 hồ sơ quá hạn."
	in.Findings[1].RepeatOf = &earlier
	in.Earlier = map[int64]findings.Earlier{99: {FindingID: 99, AuditID: 3, Year: 2025, Round: 2, Item: "C02",
		AuditeeName: "Xã Hiệp An", Report: "7/BC-ĐGNB"}}
	in.Owner.Profile.LegalBases = []string{"Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa",
		"Quyết định số 19/2014/QĐ-TTg về áp dụng TCVN ISO 9001"}
	return in
}

// The report prints what the official found missing: measured values
// against their targets, each nonconformity as requirement, evidence and
// what is not met, repeats with their earlier report, the legal bases
// among the criteria, and the audit team as issuer and signer.
func TestAuditReportContents(t *testing.T) {
	rd := renderer()
	in := contentFixture()
	r := BuildAuditReport(in)
	pdf, err := rd.AuditPDF(r, rd.Verification(in.Issue))
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, pdf)
	for _, w := range []string{
		// Measured value against target, and the verdict.
		"Kết quả các chỉ tiêu đo lường", "85,5%", "tối thiểu 98%", "Không đạt",
		// Nonconformity as requirement + evidence + not met.
		"Yêu cầu: 4.1 Hiểu tổ chức và bối cảnh của tổ chức — chỉ tiêu mục C01: tối thiểu 98%",
		"Bằng chứng: Chọn mẫu 20 hồ sơ: 2 hồ sơ quá hạn", "Giá trị đo được: 85,5%.",
		"Không đáp ứng: Đơn vị không gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả cho 3 hồ sơ quá hạn.",
		"nội dung kiểm tra mục C02 của danh mục kiểm tra",
		// The repeat with its earlier finding.
		"Lặp lại điểm không phù hợp mục C02 đã phát hiện tại Xã Hiệp An, đợt 2 năm 2025 (Báo cáo số 7/BC-ĐGNB).",
		// The legal bases among the criteria.
		"Chuẩn mực đánh giá: TCVN ISO 9001:2015; danh mục kiểm tra Danh mục kiểm tra ISO 9001:2015 cấp xã — v1; các văn bản pháp luật sau:",
		"- Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa;", "- Quyết định số 19/2014/QĐ-TTg về áp dụng TCVN ISO 9001.",
		// The team issues and signs.
		"UBND HUYỆN ĐỨC TRỌNG", "ĐOÀN ĐÁNH GIÁ NỘI BỘ CHÉO", "TM. ĐOÀN ĐÁNH GIÁ", "TRƯỞNG ĐOÀN",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	// A statement left as submission wrote it (question and note) is not
	// printed as what is not met.
	c03 := in.Findings[2]
	if strings.Contains(text, "Không đáp ứng: "+strings.SplitN(c03.Statement, "\n", 2)[0]) {
		t.Error("the question is printed as what is not met")
	}
	if got := strings.Count(text, "Lặp lại điểm không phù hợp"); got != 1 {
		t.Errorf("%d repeats marked, want 1", got)
	}
}

// The last page never holds the signatures alone: whatever the length of
// the body, the last section moves to the last page with them.
func TestSignaturesNeverAloneOnLastPage(t *testing.T) {
	rd := renderer()
	crossed, after := false, 0
	// Up to a page of padding, stopping a few lines after the end first
	// crosses a page break: the lengths where the signatures would have
	// fallen alone are the ones just before it.
	for pad := 0; pad < 50 && after < 3; pad++ {
		if crossed {
			after++
		}
		in := fixture(8, 1, 0)
		in.Issue = issuedFixture().Issue
		lines := make([]string, pad)
		for i := range lines {
			lines[i] = "Đơn vị đề nghị xem lại điểm số " + string(rune('A'+i%26)) + "."
		}
		in.Meeting.Closing.Disagreement = strings.Join(append(lines, "HẾT Ý KIẾN."), "\n")
		pdf, err := rd.AuditPDF(BuildAuditReport(in), rd.Verification(in.Issue))
		if err != nil {
			t.Fatal(err)
		}
		pages := pdftest.PageTexts(t, pdf)
		last := pages[len(pages)-1]
		if !strings.Contains(last, "TRƯỞNG ĐOÀN") {
			t.Errorf("padding %d: the signatures are not on the last page: %q", pad, last)
		}
		if !strings.Contains(last, "GIỚI HẠN CỦA CUỘC ĐÁNH GIÁ") || !strings.Contains(last, "lấy mẫu") {
			t.Errorf("padding %d: the last page holds the signatures without the body's last section: %q", pad, last)
		}
		// The padding must move the end over a page break for the test to
		// mean anything: the disagreement ends on one page, the last section
		// starts the next.
		if len(pages) > 1 && strings.Contains(pages[len(pages)-2], "HẾT Ý KIẾN.") && !strings.Contains(last, "HẾT Ý KIẾN.") {
			crossed = true
		}
	}
	if !crossed {
		t.Error("no padding moved the end of the body over a page break")
	}
}

// The model carries what the drawings (PDF, DOCX) print, computed once:
// the measure's verdict, the repeat, whether a statement was written, the
// legal bases, the organiser and the signing lead.
func TestAuditModelContents(t *testing.T) {
	r := BuildAuditReport(contentFixture())
	if len(r.Measures) != 1 || r.Measures[0].Code != "C01" || r.Measures[0].Met == nil || *r.Measures[0].Met || r.Measures[0].Target != ">=98" {
		t.Errorf("measures %+v, want C01 not meeting >=98", r.Measures)
	}
	byItem := map[string]NCDetail{}
	for _, nc := range r.NCs {
		byItem[nc.Item] = nc
	}
	if nc := byItem["C02"]; nc.Repeat == nil || nc.Repeat.Report != "7/BC-ĐGNB" || !nc.Draft.Written {
		t.Errorf("C02: repeat %+v, written %v; want a written repeat of 7/BC-ĐGNB", nc.Repeat, nc.Draft.Written)
	}
	if nc := byItem["C03"]; nc.Repeat != nil || nc.Draft.Written {
		t.Errorf("C03: repeat %+v, written %v; want neither (its statement is submission's)", nc.Repeat, nc.Draft.Written)
	}
	if nc := byItem["C01"]; !nc.Draft.Measured() || nc.Draft.Value == nil || nc.Draft.ClauseTitle("vi") != "Hiểu tổ chức và bối cảnh của tổ chức" {
		t.Errorf("C01's draft %+v, want the measure with its clause title", nc.Draft)
	}
	if len(r.LegalBases) != 2 || r.Organiser != "UBND huyện Đức Trọng" || r.ParentBody != r.Organiser || r.IssuingBody != "" ||
		r.Lead != "Nguyễn Thị Hồng Nhung" {
		t.Errorf("legal bases %v, organiser %q, letterhead %q/%q, lead %q", r.LegalBases, r.Organiser, r.ParentBody, r.IssuingBody, r.Lead)
	}
}
