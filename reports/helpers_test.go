package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// fixedDay is the creation date of every test document, so that output is
// reproducible.
var fixedDay = time.Date(2026, 2, 5, 3, 0, 0, 0, time.UTC)

// testJPEG draws a small photo.
func testJPEG(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(x + seed*40), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 70})
	return b.Bytes()
}

// testPNG16 draws a 16-bit PNG, which gofpdf cannot read as it is.
func testPNG16() []byte {
	img := image.NewRGBA64(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			img.Set(x, y, color.RGBA64{uint16(x * 500), uint16(y * 800), 30000, 65535})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// fixture builds the input of an audit report with n items over clauses
// 4 to 10, ncs of them nonconformities (every fourth major), one
// observation, and photos JPEG photos spread over the nonconformities.
func fixture(n, ncs, photos int) AuditInput {
	v := &checklist.Version{ID: 1, Name: "Danh mục kiểm tra", Number: 1, Status: checklist.StatusPublished}
	answers := map[string]conduct.Answer{}
	atts := map[string][]conduct.Attachment{}
	images := map[int64][]byte{}
	var fs []findings.Finding
	for i := range n {
		code := fmt.Sprintf("C%02d", i+1)
		clause := fmt.Sprintf("%d.%d", 4+i%7, 1+i%3)
		v.Items = append(v.Items, checklist.Item{Code: code, Clause: clause, Kind: "question", Position: i + 1,
			TextVI: fmt.Sprintf("Đơn vị có công khai đầy đủ thủ tục hành chính số %d trên Cổng dịch vụ công không?", i+1)})
		res, note := checklist.Conform, "Đã xem sổ theo dõi hồ sơ (Mẫu 06) và phần mềm một cửa điện tử; đáp ứng yêu cầu."
		switch {
		case i < ncs:
			res = checklist.Minor
			if i%4 == 0 {
				res = checklist.Major
			}
			note = fmt.Sprintf("Chọn mẫu 20 hồ sơ: %d hồ sơ quá hạn, không có Phiếu xin lỗi và hẹn lại ngày trả kết quả.", i+2)
		case i == ncs:
			res, note = checklist.Observation, "Bảng niêm yết bị mờ chữ."
		case i == n-1:
			res, note = checklist.NA, "Không áp dụng điều khoản 8.3 (thiết kế và phát triển)."
		}
		answers[code] = conduct.Answer{Result: res, Note: note, Version: 1}
		if res != checklist.Conform && res != checklist.NA {
			fs = append(fs, findings.Finding{ID: int64(i + 1), AuditID: 7, ItemID: code, Clause: clause, Grade: string(res),
				Statement: v.Items[i].TextVI + "\n" + note, Evidence: note, Status: findings.NCOpen})
		}
	}
	for k := range photos {
		code := fmt.Sprintf("C%02d", k%max(ncs, 1)+1)
		id := int64(100 + k)
		atts[code] = append(atts[code], conduct.Attachment{ID: id, AuditID: 7, ItemID: code, Filename: fmt.Sprintf("anh-%d.jpg", k), ContentType: conduct.TypeJPEG})
		images[id] = testJPEG(k)
	}
	agreed := false
	return AuditInput{
		Plan: &audit.Audit{AuditSummary: audit.AuditSummary{ID: 7, Status: audit.StatusSubmitted, AuditorUnit: "24967", AuditeeUnit: "24961",
			PlannedDate: "2026-01-20", Round: 1, ProgrammeID: 1},
			AuditorUnitName: "Xã Liên Hiệp", AuditeeUnitName: "Xã Hiệp An", ProgrammeName: "Chương trình đánh giá nội bộ chéo năm 2026", Year: 2026,
			Criteria: "Danh mục kiểm tra ISO 9001:2015 cấp xã — v1", Place: "Trụ sở UBND xã Hiệp An",
			Team: []audit.TeamMember{{UserID: 1, Username: "auditor.24967", DisplayName: "Nguyễn Thị Hồng Nhung", Role: audit.TeamLead},
				{UserID: 2, Username: "a2", DisplayName: "Trần Văn Đức", Role: audit.TeamAuditor}}},
		Sheet: conduct.NewSheet(v, []checklist.Clause{{Code: "4", TitleVI: "Bối cảnh của tổ chức", TitleEN: "Context"},
			{Code: "8", TitleVI: "Thực hiện", TitleEN: "Operation"}}, answers, atts),
		Meeting: conduct.Meeting{OpeningDate: "2026-01-20", Participants: "Chủ tịch UBND xã, công chức Bộ phận một cửa", Guide: "Công chức Văn phòng - Thống kê",
			Closing: &conduct.Closing{Representative: "Phó Chủ tịch UBND xã Hiệp An", Agreed: agreed, Disagreement: "Đơn vị đề nghị hạ điểm C01 xuống mức nhẹ."}},
		Findings:  fs,
		Owner:     Owner{ID: 1, Name: "UBND huyện Đức Trọng", ParentName: "UBND tỉnh Lâm Đồng", Place: "Đức Trọng"},
		Submitted: "2026-01-21",
		Images:    images,
		Today:     fixedDay,
	}
}

func renderer() *Renderer { return &Renderer{Cat: i18n.MustLoad(), Lang: i18n.VI} }
