package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// demoProcedure is a commune-level administrative procedure of the demo
// catalogue. The names, fields and legal bases are those of the national
// database; the codes are illustrative.
type demoProcedure struct{ name, field, basis string }

// Legal bases, written as the national database writes them.
const (
	lawCivil     = "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP"
	lawCertify   = "Nghị định 23/2015/NĐ-CP; Thông tư 01/2020/TT-BTP"
	lawSocial    = "Nghị định 20/2021/NĐ-CP; Nghị định 76/2024/NĐ-CP"
	lawChildren  = "Luật Trẻ em 2016; Nghị định 56/2017/NĐ-CP"
	lawMerit     = "Pháp lệnh Ưu đãi người có công với cách mạng 2020; Nghị định 131/2021/NĐ-CP"
	lawPoverty   = "Nghị định 07/2021/NĐ-CP; Quyết định 24/2021/QĐ-TTg"
	lawAdoption  = "Luật Nuôi con nuôi 2010; Nghị định 19/2011/NĐ-CP"
	lawLand      = "Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP; Nghị định 102/2024/NĐ-CP"
	lawMediation = "Luật Hòa giải ở cơ sở 2013; Nghị định 15/2014/NĐ-CP"
	lawCulture   = "Nghị định 86/2023/NĐ-CP"
	lawFestival  = "Nghị định 110/2018/NĐ-CP"
	lawAward     = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP"
	lawReligion  = "Luật Tín ngưỡng, tôn giáo 2016; Nghị định 95/2023/NĐ-CP"
	lawFarm      = "Nghị định 02/2017/NĐ-CP; Nghị định 112/2024/NĐ-CP"
	lawSchool    = "Nghị định 46/2017/NĐ-CP; Nghị định 135/2018/NĐ-CP"
	lawComplaint = "Luật Khiếu nại 2011; Luật Tố cáo 2018; Luật Tiếp công dân 2013"
	lawMilitary  = "Luật Nghĩa vụ quân sự 2015; Nghị định 13/2016/NĐ-CP"
)

// demoCatalogue is the catalogue in force, about a hundred procedures
// resolved by a commune's one-stop counter.
var demoCatalogue = []demoProcedure{
	{"Đăng ký khai sinh", "Hộ tịch", lawCivil},
	{"Đăng ký kết hôn", "Hộ tịch", lawCivil},
	{"Đăng ký nhận cha, mẹ, con", "Hộ tịch", lawCivil},
	{"Đăng ký khai sinh kết hợp nhận cha, mẹ, con", "Hộ tịch", lawCivil},
	{"Đăng ký khai tử", "Hộ tịch", lawCivil},
	{"Đăng ký khai sinh lưu động", "Hộ tịch", lawCivil},
	{"Đăng ký kết hôn lưu động", "Hộ tịch", lawCivil},
	{"Đăng ký khai tử lưu động", "Hộ tịch", lawCivil},
	{"Đăng ký giám hộ", "Hộ tịch", lawCivil},
	{"Đăng ký chấm dứt giám hộ", "Hộ tịch", lawCivil},
	{"Thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", lawCivil},
	{"Cấp bản sao trích lục hộ tịch", "Hộ tịch", lawCivil},
	{"Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch", lawCivil},
	{"Đăng ký lại khai sinh", "Hộ tịch", lawCivil},
	{"Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân", "Hộ tịch", lawCivil},
	{"Đăng ký lại kết hôn", "Hộ tịch", lawCivil},
	{"Đăng ký lại khai tử", "Hộ tịch", lawCivil},
	{"Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "Hộ tịch", lawCivil + "; Nghị định 63/2024/NĐ-CP"},
	{"Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng", "Hộ tịch", lawCivil + "; Nghị định 63/2024/NĐ-CP"},
	{"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận", "Chứng thực", lawCertify},
	{"Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", lawCertify},
	{"Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", "Chứng thực", lawCertify},
	{"Chứng thực di chúc", "Chứng thực", lawCertify},
	{"Chứng thực văn bản từ chối nhận di sản", "Chứng thực", lawCertify},
	{"Chứng thực văn bản thỏa thuận phân chia di sản", "Chứng thực", lawCertify},
	{"Chứng thực văn bản khai nhận di sản", "Chứng thực", lawCertify},
	{"Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "Chứng thực", lawCertify},
	{"Sửa lỗi sai sót trong hợp đồng, giao dịch", "Chứng thực", lawCertify},
	{"Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực", "Chứng thực", lawCertify},
	{"Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật", "Chứng thực", lawCertify},
	{"Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng", "Bảo trợ xã hội", lawSocial},
	{"Chi trả trợ cấp xã hội hàng tháng khi đối tượng thay đổi nơi cư trú trong cùng địa bàn huyện", "Bảo trợ xã hội", lawSocial},
	{"Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", "Bảo trợ xã hội", lawSocial},
	{"Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", lawSocial},
	{"Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "Bảo trợ xã hội", "Luật Người khuyết tật 2010; Thông tư 01/2019/TT-BLĐTBXH"},
	{"Đổi, cấp lại Giấy xác nhận khuyết tật", "Bảo trợ xã hội", "Luật Người khuyết tật 2010; Thông tư 01/2019/TT-BLĐTBXH"},
	{"Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng có hoàn cảnh khó khăn", "Bảo trợ xã hội", "Nghị định 103/2017/NĐ-CP"},
	{"Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "Bảo trợ xã hội", lawPoverty},
	{"Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm", "Bảo trợ xã hội", lawPoverty},
	{"Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình", "Bảo trợ xã hội", lawPoverty},
	{"Đăng ký nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế", "Trẻ em", lawChildren},
	{"Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại cho trẻ em", "Trẻ em", lawChildren},
	{"Chấm dứt việc chăm sóc thay thế cho trẻ em", "Trẻ em", lawChildren},
	{"Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em bị xâm hại hoặc có nguy cơ bị bạo lực, bóc lột, bỏ rơi", "Trẻ em", lawChildren},
	{"Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "Người có công", lawMerit},
	{"Hưởng mai táng phí, trợ cấp một lần khi người có công với cách mạng từ trần", "Người có công", lawMerit},
	{"Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ", "Người có công", lawMerit},
	{"Xác nhận hồ sơ đề nghị hưởng chế độ ưu đãi trong giáo dục đào tạo đối với người có công và con của họ", "Người có công", lawMerit},
	{"Giải quyết chế độ ưu đãi đối với thân nhân liệt sĩ", "Người có công", lawMerit},
	{"Giải quyết chế độ trợ cấp một lần đối với thanh niên xung phong đã hoàn thành nhiệm vụ trong kháng chiến", "Người có công", "Quyết định 40/2011/QĐ-TTg"},
	{"Đăng ký việc nuôi con nuôi trong nước", "Nuôi con nuôi", lawAdoption},
	{"Đăng ký lại việc nuôi con nuôi trong nước", "Nuôi con nuôi", lawAdoption},
	{"Hòa giải tranh chấp đất đai", "Đất đai", lawLand},
	{"Xác nhận nguồn gốc, thời điểm sử dụng đất", "Đất đai", lawLand},
	{"Tiếp nhận hồ sơ đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", lawLand},
	{"Đăng ký biến động do chuyển đổi quyền sử dụng đất nông nghiệp giữa hộ gia đình, cá nhân", "Đất đai", lawLand},
	{"Đăng ký chuyển đổi cơ cấu cây trồng trên đất trồng lúa", "Trồng trọt", lawFarm},
	{"Công nhận hòa giải viên", "Hòa giải ở cơ sở", lawMediation},
	{"Công nhận tổ trưởng tổ hòa giải", "Hòa giải ở cơ sở", lawMediation},
	{"Thôi làm hòa giải viên", "Hòa giải ở cơ sở", lawMediation},
	{"Thanh toán thù lao cho hòa giải viên", "Hòa giải ở cơ sở", lawMediation},
	{"Công nhận xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật", "Phổ biến, giáo dục pháp luật", "Quyết định 25/2021/QĐ-TTg"},
	{"Xét tặng danh hiệu Gia đình văn hóa hằng năm", "Văn hóa cơ sở", lawCulture},
	{"Xét tặng Giấy khen Gia đình văn hóa", "Văn hóa cơ sở", lawCulture},
	{"Xét tặng danh hiệu Thôn, tổ dân phố văn hóa", "Văn hóa cơ sở", lawCulture},
	{"Thông báo tổ chức lễ hội cấp xã", "Văn hóa cơ sở", lawFestival},
	{"Đăng ký tổ chức lễ hội cấp xã", "Văn hóa cơ sở", lawFestival},
	{"Công nhận câu lạc bộ thể thao cơ sở", "Thể dục thể thao", "Thông tư 18/2011/TT-BVHTTDL"},
	{"Thông báo thành lập, sáp nhập, hợp nhất, chia, tách, giải thể, chấm dứt hoạt động thư viện cộng đồng", "Thư viện", "Luật Thư viện 2019; Nghị định 93/2020/NĐ-CP"},
	{"Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thi đua theo đợt, chuyên đề", "Thi đua, khen thưởng", lawAward},
	{"Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích đột xuất", "Thi đua, khen thưởng", lawAward},
	{"Tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã cho gia đình", "Thi đua, khen thưởng", lawAward},
	{"Xét tặng danh hiệu Lao động tiên tiến", "Thi đua, khen thưởng", lawAward},
	{"Đăng ký hoạt động tín ngưỡng", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Đăng ký bổ sung hoạt động tín ngưỡng", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Đăng ký sinh hoạt tôn giáo tập trung", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở một xã", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Thông báo về việc thay đổi địa điểm sinh hoạt tôn giáo tập trung", "Tín ngưỡng, tôn giáo", lawReligion},
	{"Hỗ trợ cây giống, con giống, vật tư để khôi phục sản xuất vùng bị thiệt hại do thiên tai", "Phòng, chống thiên tai", lawFarm},
	{"Đăng ký kê khai số lượng chăn nuôi tập trung và nuôi trồng thủy sản ban đầu", "Chăn nuôi", lawFarm},
	{"Xác nhận bảng kê lâm sản", "Lâm nghiệp", "Thông tư 26/2022/TT-BNNPTNT"},
	{"Đăng ký môi trường", "Môi trường", "Luật Bảo vệ môi trường 2020; Nghị định 08/2022/NĐ-CP"},
	{"Cho phép thành lập nhóm trẻ, lớp mẫu giáo độc lập", "Giáo dục mầm non", lawSchool},
	{"Sáp nhập, chia, tách nhóm trẻ, lớp mẫu giáo độc lập", "Giáo dục mầm non", lawSchool},
	{"Giải thể nhóm trẻ, lớp mẫu giáo độc lập", "Giáo dục mầm non", lawSchool},
	{"Cho phép cơ sở giáo dục khác thực hiện chương trình giáo dục tiểu học", "Giáo dục tiểu học", lawSchool},
	{"Hỗ trợ học tập đối với trẻ mẫu giáo, học sinh tiểu học, học sinh trung học cơ sở các dân tộc thiểu số rất ít người", "Giáo dục", "Nghị định 57/2017/NĐ-CP"},
	{"Xác nhận vào đơn đề nghị vay vốn hỗ trợ tạo việc làm, duy trì và mở rộng việc làm", "Việc làm", "Nghị định 61/2015/NĐ-CP; Nghị định 74/2019/NĐ-CP"},
	{"Bình chọn, xét công nhận người có uy tín trong đồng bào dân tộc thiểu số", "Công tác dân tộc", "Quyết định 28/2023/QĐ-TTg"},
	{"Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số", "Công tác dân tộc", "Quyết định 28/2023/QĐ-TTg"},
	{"Giải quyết khiếu nại lần đầu tại cấp xã", "Giải quyết khiếu nại", lawComplaint},
	{"Giải quyết tố cáo tại cấp xã", "Giải quyết tố cáo", lawComplaint},
	{"Tiếp công dân tại cấp xã", "Tiếp công dân", lawComplaint},
	{"Xử lý đơn tại cấp xã", "Xử lý đơn thư", lawComplaint},
	{"Tiếp nhận yêu cầu giải trình", "Phòng, chống tham nhũng", "Luật Phòng, chống tham nhũng 2018; Nghị định 59/2019/NĐ-CP"},
	{"Thực hiện việc giải trình", "Phòng, chống tham nhũng", "Luật Phòng, chống tham nhũng 2018; Nghị định 59/2019/NĐ-CP"},
	{"Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại", "Bồi thường nhà nước", "Luật Trách nhiệm bồi thường của Nhà nước 2017; Nghị định 68/2018/NĐ-CP"},
	{"Đăng ký nghĩa vụ quân sự lần đầu", "Nghĩa vụ quân sự", lawMilitary},
	{"Đăng ký nghĩa vụ quân sự bổ sung", "Nghĩa vụ quân sự", lawMilitary},
	{"Đăng ký tạm vắng nghĩa vụ quân sự", "Nghĩa vụ quân sự", lawMilitary},
}

// repealedProcedures were in last year's catalogue and are no longer in
// force; some units still publish them.
var repealedProcedures = []demoProcedure{
	{"Xác nhận hộ gia đình, cá nhân có mức sống trung bình theo chuẩn giai đoạn 2016–2020", "Bảo trợ xã hội", "Quyết định 59/2015/QĐ-TTg"},
	{"Cấp Giấy chứng nhận gia đình văn hóa (theo Nghị định 122/2018/NĐ-CP)", "Văn hóa cơ sở", "Nghị định 122/2018/NĐ-CP"},
	{"Đăng ký khai thác, sử dụng nước mặt quy mô hộ gia đình", "Tài nguyên nước", "Nghị định 201/2013/NĐ-CP"},
}

// procCode is the illustrative code of the i-th procedure; repealed ones
// come after the catalogue.
func procCode(i int) string { return fmt.Sprintf("1.%06d", 4120+17*i) }

// changedLately are the catalogue indices whose procedure changed this
// year: units whose process predates the change have a stale process.
var changedLately = []int{0, 1, 4, 19, 30, 37, 53, 55}

// procEffective is when the i-th procedure's version in force took
// effect: this year for those changed lately, otherwise some year between
// 2016 and last year. previous gives last year's version.
func procEffective(i int, year int, previous bool) time.Time {
	for _, c := range changedLately {
		if c == i && !previous {
			return time.Date(year, time.Month(1+i%5), 1+i%27, 0, 0, 0, 0, time.UTC)
		}
	}
	return time.Date(2016+(i*7)%(year-2016), time.Month(1+(i*5)%12), 1+(i*11)%28, 0, 0, 0, 0, time.UTC)
}

// csvOf writes rows as a CSV file.
func csvOf(rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows)
	return buf.Bytes()
}

// loadProcedures imports, through the application's import path, last
// year's catalogue and this year's (so that history shows), every unit's
// portal, one-stop and process lists with gaps, and dossier figures.
func loadProcedures(ctx context.Context, d *db.DB, units []org.UnitInput) error {
	store := &procedures.Store{DB: d}
	year := d.Now().In(i18n.Zone).Year()
	for _, previous := range []bool{true, false} {
		name := fmt.Sprintf("danh-muc-tthc-cap-xa-%d.csv", year)
		if previous {
			name = fmt.Sprintf("danh-muc-tthc-cap-xa-%d.csv", year-1)
		}
		if _, err := store.ImportCatalogue(ctx, name, catalogueCSV(year, previous)); err != nil {
			return fmt.Errorf("demo: catalogue: %w", err)
		}
	}
	portal, onestop, processes := [][]string{{"unit", "code", "name"}}, [][]string{{"unit", "code", "name"}},
		[][]string{{"unit", "code", "name", "process_code", "version", "effective_date"}}
	for ui, u := range units {
		p, o, pr := unitLists(ui, u.Code, year)
		portal, onestop, processes = append(portal, p...), append(onestop, o...), append(processes, pr...)
	}
	for _, l := range []struct {
		kind, file string
		rows       [][]string
	}{
		{procedures.Portal, "cong-dvc-tinh.csv", portal},
		{procedures.OneStop, "mot-cua-dien-tu.csv", onestop},
		{procedures.Processes, "danh-muc-quy-trinh-iso.csv", processes},
	} {
		if _, err := store.ImportList(ctx, l.kind, l.file, csvOf(l.rows), ""); err != nil {
			return fmt.Errorf("demo: %s list: %w", l.kind, err)
		}
	}
	if _, err := store.ImportFigures(ctx, "so-lieu-ho-so.csv", csvOf(demoFigures(units, year))); err != nil {
		return fmt.Errorf("demo: figures: %w", err)
	}
	return nil
}

// catalogueCSV is this year's catalogue, or last year's: the procedures
// changed lately with their earlier dates, the repealed ones still in, and
// the last few procedures not yet announced.
func catalogueCSV(year int, previous bool) []byte {
	rows := [][]string{{"code", "name", "field", "level", "legal_basis", "effective_date"}}
	for i, p := range demoCatalogue {
		if previous && i >= len(demoCatalogue)-4 {
			continue
		}
		rows = append(rows, []string{procCode(i), p.name, p.field, "Cấp xã", p.basis, procEffective(i, year, previous).Format("02/01/2006")})
	}
	if previous {
		for j, p := range repealedProcedures {
			rows = append(rows, []string{procCode(len(demoCatalogue) + j), p.name, p.field, "Cấp xã", p.basis, "01/07/2019"})
		}
	}
	return csvOf(rows)
}

// unitLists are one unit's rows. Each unit lacks a few procedures on the
// portal, fewer on the one-stop system and some processes (Bình Thạnh,
// the fifth unit, keeps few: its ISO system was abandoned); processes of
// procedures changed lately are stale in most units; some units still
// publish repealed procedures; some rows name a procedure without its code,
// without diacritics, or misspelt.
func unitLists(ui int, unit string, year int) (portal, onestop, processes [][]string) {
	n := len(demoCatalogue)
	for i, p := range demoCatalogue {
		code, name := procCode(i), p.name
		if (i+ui)%23 == 0 {
			code, name = "", textNoMarks(p.name) // an export without codes
		}
		if (i*3+ui)%29 != 0 && !(i >= n-4 && ui%3 != 0) {
			portal = append(portal, []string{unit, code, name})
		}
		if (i*5+ui)%41 != 0 && !(i >= n-4 && ui%2 != 0) {
			onestop = append(onestop, []string{unit, code, name})
		}
		abandoned := ui == 4 && i%3 != 0
		if (i*7+ui)%31 == 0 || abandoned || i >= n-4 {
			continue
		}
		eff := procEffective(i, year, true).AddDate(0, 2, 0)
		for _, c := range changedLately {
			if c == i && (ui+i)%4 != 0 {
				eff = procEffective(i, year, false).AddDate(0, 0, 20) // reissued after the change
			}
		}
		version := "01"
		if eff.Year() >= year {
			version = "02"
		}
		processes = append(processes, []string{unit, procCode(i), "", fmt.Sprintf("QT-%s-%02d", unit, i+1), version, eff.Format(time.DateOnly)})
	}
	if ui%3 == 1 {
		r := repealedProcedures[ui%len(repealedProcedures)]
		portal = append(portal, []string{unit, procCode(n + ui%len(repealedProcedures)), r.name})
	}
	if ui%5 == 2 {
		// Misspelt: matches no procedure, for a person to check.
		portal = append(portal, []string{unit, "", "Dang ky khai sinh luu dong cho tre"})
	}
	return portal, onestop, processes
}

// textNoMarks strips Vietnamese diacritics the way old exports did.
func textNoMarks(s string) string {
	out := []rune{}
	for _, r := range s {
		out = append(out, noMarks[r])
		if noMarks[r] == 0 {
			out[len(out)-1] = r
		}
	}
	return string(out)
}

// noMarks maps the Vietnamese letters with marks used in the catalogue to
// their base letters.
var noMarks = func() map[rune]rune {
	m := map[rune]rune{}
	for base, marked := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ", 'e': "èéẻẽẹêềếểễệ", 'i': "ìíỉĩị", 'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự", 'y': "ỳýỷỹỵ", 'd': "đ", 'A': "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'E': "ÈÉẺẼẸÊỀẾỂỄỆ",
		'I': "ÌÍỈĨỊ", 'O': "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'U': "ÙÚỦŨỤƯỪỨỬỮỰ", 'Y': "ỲÝỶỸỴ", 'D': "Đ",
	} {
		for _, r := range marked {
			m[r] = base
		}
	}
	return m
}()

// demoFigures are every unit's dossier figures for last year and the
// quarters of this year so far: most above the 98 % target, a few below on
// time or on paper/electronic parity.
func demoFigures(units []org.UnitInput, year int) [][]string {
	rows := [][]string{{"unit", "period", "received", "on_time", "late", "paper", "electronic"}}
	for ui, u := range units {
		periods := []string{fmt.Sprint(year - 1), fmt.Sprintf("%d-Q1", year), fmt.Sprintf("%d-Q2", year), fmt.Sprintf("%d-Q3", year)}
		for pi, period := range periods {
			received := 300 + 37*ui + 11*pi
			if pi == 0 {
				received *= 4
			}
			late := (ui*3 + pi) % 5 // mostly a handful
			if ui%6 == 2 {
				late += received / 30 // a unit that falls behind
			}
			resolved := received - (ui+pi)%4
			paper := received * 3 / 5
			electronic := paper
			if ui%4 == 1 {
				electronic -= paper / 12 // paper dossiers never logged on the system
			}
			rows = append(rows, []string{u.Code, period, fmt.Sprint(received), fmt.Sprint(resolved - late), fmt.Sprint(late),
				fmt.Sprint(paper), fmt.Sprint(electronic)})
		}
	}
	return rows
}
