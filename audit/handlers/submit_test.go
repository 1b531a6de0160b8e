package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func TestSubmitRulesAndWhatItMakes(t *testing.T) {
	e := newConductEnv(t)
	// Nothing answered: every item is named.
	resp, body := e.lead.Do(http.MethodPost, e.path("/submit"), nil)
	eb := webtest.DecodeError(t, body)
	if resp.StatusCode != http.StatusUnprocessableEntity || eb.Error.Code != "incomplete" || len(eb.Error.Fields) != 69 {
		t.Fatalf("empty audit: %d, %d fields", resp.StatusCode, len(eb.Error.Fields))
	}
	e.answerAll(t, map[string]map[string]any{
		"C10": {"result": "minor", "note": ""},                                   // no evidence
		"C04": {"result": "na", "note": ""},                                      // no reason
		"T05": {"result": "conform", "note": "Đối chiếu 20 hồ sơ"},               // no value
		"T09": {"result": "conform", "value": 92, "note": "Theo phần mềm"},       // override without reason
		"C24": {"result": "major", "note": "5/20 hồ sơ trễ hạn không có Mẫu 04"}, // fine
		"C15": {"result": "observation", "note": "Biển chỉ dẫn đã mờ"},           // fine
		"C47": {"result": "improvement", "note": "Nên số hóa kết quả trả"},       // fine
		"T03": {"result": "minor", "value": 4, "note": "4 TTHC chưa công khai"},  // fine: the suggestion
		"T01": {"result": "major", "value": 7, "note": "7 TTHC lệch", "reason": "Lệch có hệ thống sau sáp nhập"},
	})
	resp, body = e.lead.Do(http.MethodPost, e.path("/submit"), map[string]any{})
	eb = webtest.DecodeError(t, body)
	want := []string{"C10", "C04", "T05", "T09"}
	if resp.StatusCode != http.StatusUnprocessableEntity || len(eb.Error.Fields) != len(want) {
		t.Fatalf("problems: %d %s", resp.StatusCode, body)
	}
	for _, code := range want {
		if eb.Error.Fields[code] == nil {
			t.Errorf("%s not named: %s", code, body)
		}
	}
	if e.status(t) != audit.StatusInProgress || e.count(t, `SELECT COUNT(*) FROM findings`) != 0 {
		t.Fatal("a refused submission changed something")
	}
	// Fix them.
	fixes := map[string]map[string]any{
		"C10": {"result": "minor", "note": "Chưa nhận diện rủi ro trễ hạn", "version": 1},
		"C04": {"result": "na", "note": "Không có yêu cầu loại trừ khác ngoài 8.3", "version": 1},
		"T05": {"result": "conform", "value": 100, "note": "Đối chiếu 20 hồ sơ", "version": 1},
		"T09": {"result": "conform", "value": 92, "note": "Theo phần mềm", "reason": "Số liệu phần mềm tính cả hồ sơ rút", "version": 1},
	}
	for code, body := range fixes {
		if status, b := e.put(e.member, code, body); status != http.StatusOK {
			t.Fatalf("fix %s: %d %s", code, status, b)
		}
	}
	// A closing meeting that disagrees must say with what.
	resp, body = e.lead.Do(http.MethodPost, e.path("/submit"), map[string]any{"closing": map[string]any{"representative": "", "agreed": false}})
	eb = webtest.DecodeError(t, body)
	if resp.StatusCode != http.StatusUnprocessableEntity || eb.Error.Fields["closing.representative"] == nil || eb.Error.Fields["closing.disagreement"] == nil {
		t.Fatalf("bad closing: %d %s", resp.StatusCode, body)
	}
	resp, body = e.member.Do(http.MethodPost, e.path("/submit"), map[string]any{"closing": map[string]any{
		"representative": "Bà Nguyễn Thị Lan, Phó Chủ tịch UBND xã", "agreed": false, "disagreement": "Không đồng ý mức nặng của C24"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Status   string
		Findings []findings.Finding
	}
	mustDecode(t, body, &out)
	if out.Status != audit.StatusSubmitted || e.status(t) != audit.StatusSubmitted || len(out.Findings) != 6 {
		t.Fatalf("after submit: %s, %d findings", out.Status, len(out.Findings))
	}
	byItem := map[string]findings.Finding{}
	for _, f := range out.Findings {
		byItem[f.ItemID] = f
	}
	c24 := byItem["C24"]
	if c24.Grade != "major" || c24.Status != "open" || c24.Clause != "8.1" || c24.Evidence != "5/20 hồ sơ trễ hạn không có Mẫu 04" ||
		!strings.HasSuffix(c24.Statement, "\n5/20 hồ sơ trễ hạn không có Mẫu 04") || c24.AuditorUnit != "A" || c24.AuditeeUnit != e.auditee {
		t.Errorf("C24 finding %+v", c24)
	}
	if byItem["T01"].Clause != "4.3" || byItem["C15"].Grade != "observation" || byItem["C47"].Grade != "improvement" || byItem["T03"].Grade != "minor" {
		t.Errorf("findings %+v", byItem)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = ? AND n.msg_key = 'notice.audit_submitted'`, "auditee."+e.auditee); n != 1 {
		t.Errorf("the audited unit got %d notices", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_meetings WHERE audit_id = ? AND closing_agreed = 0 AND closing_disagreement <> ''`, e.auditID); n != 1 {
		t.Error("the closing meeting is not recorded")
	}
	// Read-only now.
	status, body := e.put(e.lead, "C01", map[string]any{"result": "minor", "note": "Sửa muộn", "version": 1})
	eb = webtest.DecodeError(t, body)
	if status != http.StatusConflict || eb.Error.Code != "audit_not_open" || len(eb.Error.Allowed) != 1 || eb.Error.Allowed[0] != "issued" {
		t.Errorf("answering after submission: %d %s", status, body)
	}
	resp, body = e.lead.Do(http.MethodPost, e.path("/submit"), nil)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("submitting twice: %d %s", resp.StatusCode, body)
	}
	// The audited unit now sees everything.
	_, body = e.auditeeC.Do(http.MethodGet, e.path(""), nil)
	var v findings.AuditView
	mustDecode(t, body, &v)
	if v.Status != audit.StatusSubmitted || v.Items[0].Answer == nil || len(v.Findings) != 6 || v.Meeting.Closing == nil {
		t.Errorf("the auditee's view after submission: %s", body)
	}
}
