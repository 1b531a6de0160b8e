package demo

import "github.com/crossaudit/crossaudit/audit/findings"

// causeOfItem is the root-cause category the audited units give a
// nonconformity on each checklist item: what usually goes wrong there.
// The counter's daily work (checking dossiers on receipt, updating their
// status and digitising them, apologising for late ones) fails for want of
// skills: those findings, on 8.2.3, 8.5.1 and 8.7 in the units of one
// cluster last year, are what the district trained them for (issue 25's
// demo story). Items not listed are method and procedure.
var causeOfItem = map[string]string{
	"C27": findings.CausePeople, "C30": findings.CausePeople, "T06": findings.CausePeople, "C36": findings.CausePeople,
	"C21": findings.CauseDocuments, "C22": findings.CauseDocuments, "C23": findings.CauseDocuments, "C46": findings.CauseDocuments,
	"T05": findings.CauseEquipment, "T09": findings.CauseEquipment,
	"C09": findings.CauseWorkload, "T08": findings.CauseWorkload, "C18": findings.CauseWorkload, "C24": findings.CauseWorkload,
	"C49": findings.CauseWorkload,
}

// ncText is an audited unit's analysis of a nonconformity.
type ncText struct {
	whys                          []string
	root, correction, similar, do string
}

// skillsTexts are analyses whose root cause is the counter staff's
// skills.
var skillsTexts = []ncText{
	{whys: []string{"Vì sao hồ sơ không được cập nhật trạng thái trên hệ thống? Vì công chức một cửa mới không biết thao tác chuyển bước.",
		"Vì sao không biết? Vì công chức mới được bố trí, chưa được hướng dẫn sử dụng hệ thống một cửa điện tử.",
		"Vì sao chưa được hướng dẫn? Vì xã chưa có kế hoạch bồi dưỡng nghiệp vụ cho công chức mới."},
		root:       "Công chức một cửa chưa được tập huấn nghiệp vụ tiếp nhận, số hóa và cập nhật hồ sơ trên hệ thống một cửa điện tử.",
		correction: "Đã cập nhật trạng thái các hồ sơ còn thiếu và số hóa hồ sơ giấy tồn trong tuần.",
		similar:    "Kiểm tra hồ sơ 2 tháng gần nhất của các lĩnh vực khác: 4 hồ sơ đất đai cùng lỗi, đã cập nhật.",
		do:         "Cử công chức một cửa dự lớp tập huấn nghiệp vụ của huyện; công chức có kinh nghiệm kèm cặp trong 1 tháng."},
	{whys: []string{"Vì sao không lập Phiếu yêu cầu bổ sung, hoặc Phiếu xin lỗi? Vì công chức không nắm các mẫu của Thông tư 01/2018/TT-VPCP.",
		"Vì sao không nắm? Vì chưa được tập huấn khi mẫu phiếu thay đổi."},
		root:       "Công chức tiếp nhận chưa nắm vững quy định về các mẫu phiếu của bộ phận một cửa (Mẫu 01–04).",
		correction: "Đã lập bổ sung các phiếu còn thiếu và liên hệ công dân có hồ sơ liên quan.",
		similar:    "Rà soát hồ sơ quý gần nhất: không thấy thêm trường hợp thiếu phiếu.",
		do:         "Tổ chức hướng dẫn lại các mẫu phiếu một cửa cho toàn bộ công chức tiếp nhận; kiểm tra đột xuất hằng tháng."},
}

// analysisOf is the analysis the audited unit writes for a nonconformity
// and its root cause's category, matching its item's usual cause.
func analysisOf(nc demoNC, seed int) (ncText, string) {
	cause := causeOfItem[nc.Item]
	if cause == "" {
		cause = findings.CauseMethod
	}
	if cause == findings.CausePeople {
		return skillsTexts[seed%len(skillsTexts)], cause
	}
	return ncTexts[seed%len(ncTexts)], cause
}
