package checklist

import (
	"fmt"

	"github.com/crossaudit/crossaudit/internal/db"
)

// LoadDemo seeds the built-in checklist inside the demo's transaction
// (versions 1 and 2) and gives it a draft version 3 with the edits a reform
// office makes after the 2025 mergers: a question added, two reworded, one
// folded into another. It does nothing when the built-in already has a
// draft.
func LoadDemo(tx *db.Tx) error {
	if err := seed(tx); err != nil {
		return err
	}
	id, err := BuiltinIDTx(tx)
	if err != nil {
		return err
	}
	latest, err := PublishedTx(tx, id)
	if err != nil {
		return err
	}
	vid, created, err := startDraft(tx, id)
	if err != nil || !created {
		return err
	}
	for _, e := range demoEdits(latest) {
		if e.remove {
			err = removeItem(tx, vid, e.code)
		} else {
			_, err = saveItem(tx, vid, e.code, e.item)
		}
		if err != nil {
			return fmt.Errorf("checklist: demo edit %s: %w", e.code, err)
		}
	}
	return nil
}

type demoEdit struct {
	code   string // the item edited or removed, "" to add
	item   Item
	remove bool
}

func demoEdits(latest *Version) []demoEdit {
	t03, _ := latest.Item("T03")
	t03.TextVI = "Số TTHC công khai trên Cổng dịch vụ công có bằng số TTHC đang có hiệu lực (kể cả TTHC liên thông) không? Ghi số TTHC đang có hiệu lực nhưng chưa được công khai trên cổng."
	t03.TextEN = "Does the number of procedures published on the public-service portal equal the number in force, joint procedures included? Record how many procedures in force are missing from the portal."
	c48, _ := latest.Item("C48")
	c48.TextVI = "HTQLCL có được công bố, công bố lại khi phạm vi thay đổi, thông báo cho cơ quan quản lý, và báo cáo định kỳ có được gửi cấp trên đúng hạn không?"
	c48.TextEN = "Has the QMS been announced, announced again when its scope changed and notified to the supervising authority, and are the periodic reports sent on time?"
	c48.GuidanceVI = "Quyết định công bố; văn bản gửi Sở Khoa học và Công nghệ; báo cáo năm"
	c48.GuidanceEN = "Announcement decision; letter to the provincial Department of Science and Technology; annual reports"
	t11 := Item{
		Code: "T13", Clause: "6.3/4.3", Kind: KindCheck, Failure: true,
		TextVI:     "Sau khi sắp xếp đơn vị hành chính, danh mục TTHC, quy trình ISO và tài khoản trên hệ thống một cửa điện tử đã được cập nhật theo đơn vị mới chưa?",
		TextEN:     "Since the administrative merger, have the list of procedures, the ISO processes and the accounts on the one-stop system been updated for the new unit?",
		GuidanceVI: "Nghị quyết sắp xếp; quyết định công bố lại HTQLCL; danh sách tài khoản trên hệ thống",
		GuidanceEN: "Merger resolution; decision re-announcing the QMS; list of accounts on the system",
	}
	return []demoEdit{
		{code: "T03", item: t03},
		{code: "C48", item: c48},
		{code: "C49", remove: true},
		{item: t11},
	}
}
