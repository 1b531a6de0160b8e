package demo

import (
	"maps"
	"slices"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
)

// lenientPair are the two units whose teams grade markedly leniently in
// both years, so that the dashboard's leniency analysis has something to
// show: Thị trấn Liên Nghĩa and Xã Hiệp An. The assignment engine never
// pairs two units both ways in the demo's rounds, so the pair shows as two
// lenient auditing units (Hiệp An's team also audits Liên Nghĩa this year).
var lenientPair = [2]string{"24958", "24961"}

// shares say how many nonconformities a team finds in a demo audit: a fair
// team one of fair (cycling by audit), a team of the lenient pair at most
// lenient. Last year's fair teams find 6 to 8 (the district's communes were
// weak in ISO practice); this year the lenient pair keep one, since every
// submitted audit of this year has a nonconformity to follow up.
type shares struct {
	fair    []int
	lenient int
}

var (
	lastYearNCs = shares{fair: []int{7, 6, 8}, lenient: 0}
	thisYearNCs = shares{fair: []int{6}, lenient: 1}
)

// ncPool are realistic nonconformities of a commune's one-stop counter,
// added to the scripted findings until an audit has its share.
var ncPool = []struct {
	code string
	f    finding
}{
	{"C05", finding{checklist.Minor, nil, "2 quy trình (đăng ký khai sinh, chứng thực chữ ký) chưa quy định thời hạn từng bước."}},
	{"T07", finding{checklist.Major, nil, "Quy trình lĩnh vực đất đai không còn được áp dụng: 6 tháng qua không phát sinh Phiếu kiểm soát quá trình (Mẫu 05), trên phần mềm một cửa điện tử cũng không ghi các bước xử lý."}},
	{"C09", finding{checklist.Minor, nil, "Chưa có quyết định phân công thư ký ISO sau khi công chức cũ chuyển công tác."}},
	{"C11", finding{checklist.Minor, nil, "Mục tiêu chất lượng năm nay chưa có kế hoạch thực hiện cụ thể."}},
	{"C12", finding{checklist.Minor, nil, "Chưa đánh giá việc thực hiện mục tiêu chất lượng 6 tháng đầu năm."}},
	{"C10", finding{checklist.Minor, nil, "Chưa nhận diện rủi ro lỗi phần mềm một cửa điện tử và mất kết nối đường truyền."}},
	{"C18", finding{checklist.Minor, nil, "Thiếu hồ sơ đào tạo ISO của 2 công chức mới về Bộ phận một cửa."}},
	{"C21", finding{checklist.Minor, nil, "3 biểu mẫu đang dùng tại quầy không có mã hiệu và lần ban hành."}},
	{"C23", finding{checklist.Minor, nil, "Hồ sơ lĩnh vực hộ tịch năm trước chưa được lưu trữ theo quy định, khó truy xuất."}},
	{"C25", finding{checklist.Minor, nil, "Bảng niêm yết tại Bộ phận một cửa còn 4 TTHC đã bãi bỏ."}},
	{"T04", finding{checklist.Minor, nil, "Lệ phí chứng thực trên Cổng dịch vụ công khác với mức niêm yết tại quầy."}},
	{"C27", finding{checklist.Minor, nil, "5/20 hồ sơ chọn mẫu thiếu Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)."}},
	{"C30", finding{checklist.Minor, nil, "Trạng thái 4 hồ sơ không được cập nhật trên hệ thống một cửa điện tử ở bước thẩm định."}},
	{"T06", finding{checklist.Minor, nil, "Hồ sơ nộp trực tiếp được số hóa chậm 2-3 ngày sau khi tiếp nhận."}},
	{"C36", finding{checklist.Major, nil, "7 hồ sơ trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)."}},
	{"C37", finding{checklist.Minor, nil, "Chưa theo dõi tỷ lệ hồ sơ nộp trực tuyến hằng tháng."}},
	{"C42", finding{checklist.Minor, nil, "2 điểm không phù hợp của kỳ đánh giá trước chưa được xác nhận hiệu lực."}},
	{"C43", finding{checklist.Minor, nil, "Chưa tổ chức họp xem xét của lãnh đạo trong 12 tháng qua."}},
	{"C46", finding{checklist.Minor, nil, "Không lưu hồ sơ về hành động khắc phục đối với các khiếu nại đã giải quyết."}},
	{"C49", finding{checklist.Minor, nil, "Báo cáo tình hình áp dụng HTQLCL 6 tháng gửi cấp trên chậm 20 ngày."}},
}

func isNC(f finding) bool { return f.result == checklist.Minor || f.result == checklist.Major }

// scriptFor chooses the findings of the i-th audit from its base script:
// a team of the lenient pair keeps only its share of the scripted
// nonconformities (its observations and improvements stay); any other team
// gets nonconformities from the pool until it has its share.
func scriptFor(p *audit.Audit, i int, base map[string]finding, n shares) map[string]finding {
	out := maps.Clone(base)
	lenient := slices.Contains(lenientPair[:], p.AuditorUnit)
	ncs := 0
	for _, code := range slices.Sorted(maps.Keys(base)) {
		if !isNC(base[code]) {
			continue
		}
		if lenient && ncs >= n.lenient {
			delete(out, code)
			continue
		}
		ncs++
	}
	if lenient {
		return out
	}
	want := n.fair[i%len(n.fair)]
	for k := 0; k < len(ncPool) && ncs < want; k++ {
		e := ncPool[(i*5+k)%len(ncPool)]
		if _, taken := out[e.code]; !taken {
			out[e.code] = e.f
			ncs++
		}
	}
	return out
}
