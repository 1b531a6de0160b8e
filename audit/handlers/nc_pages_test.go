package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The pages without JavaScript: each side sees the forms of its steps
// only, invalid input comes back with the field's message and nothing
// changes, and other units do not see the nonconformity at all.
func TestNCPages(t *testing.T) {
	e := newNCEnv(t)
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	unit := e.app.Login("auditee."+e.auditee, webtest.Password)
	status, body := unit.Page(page)
	if status != http.StatusOK || !strings.Contains(body, `action="`+page+`/analysis"`) || strings.Contains(body, `data-to="plan_accepted"`) {
		t.Fatalf("the unit's page: %d", status)
	}
	lead := e.app.Login("auditor.A", webtest.Password)
	if status, body := lead.Page(page); status != http.StatusOK || strings.Contains(body, `/analysis"`) || !strings.Contains(body, `/grade"`) {
		t.Errorf("the lead's page: %d", status)
	}
	if status, _ := e.app.Login("auditee.A", webtest.Password).Page(page); status != http.StatusNotFound {
		t.Errorf("another unit: %d", status)
	}
	// The analysis, then a step without a required field.
	r, _ := unit.Form(page+"/analysis", url.Values{"why": {"Vì sao? Vì chưa có sổ", "", ""}, "root_cause": {"Chưa phân công người lập sổ"},
		"correction": {"Đã lập sổ tạm"}, "similar_cases": {""}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("analysis: %d", r.StatusCode)
	}
	r, b := unit.Form(page+"/transition", url.Values{"to": {"cause_analysed"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Cần điền trước khi chuyển bước") {
		t.Errorf("a step without similar cases: %d", r.StatusCode)
	}
	unit.Form(page+"/analysis", url.Values{"root_cause": {"Chưa phân công người lập sổ"}, "correction": {"Đã lập sổ tạm"}, "similar_cases": {"Không có"},
		"cause_category": {"workload"}})
	if r, _ := unit.Form(page+"/transition", url.Values{"to": {"cause_analysed"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("step: %d", r.StatusCode)
	}
	// An action due yesterday is refused on the page, with the field named.
	r, b = unit.Form(page+"/actions", url.Values{"description": {"Lập sổ"}, "owner": {"auditee." + e.auditee}, "due_date": {inDays(-1)}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "không được trước hôm nay") || !strings.Contains(string(b), `>Lập sổ</textarea>`) {
		t.Errorf("a past due date: %d", r.StatusCode)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions`); n != 0 {
		t.Errorf("%d actions", n)
	}
	// The lead may not take the unit's steps, nor the unit the lead's.
	if r, _ := lead.Form(page+"/transition", url.Values{"to": {"plan_submitted"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the lead submitting the plan: %d", r.StatusCode)
	}
	// The office extends a plan; the admin edits the settings.
	office := e.app.Login("office", webtest.Password)
	office.Page(fmt.Sprintf("/nonconformities/%d", e.major))
	if r, _ := office.Form(fmt.Sprintf("/nonconformities/%d/extend", e.major), url.Values{"plan_due": {"2099-01-01"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an extension without a reason: %d", r.StatusCode)
	}
	if r, _ := office.Form(fmt.Sprintf("/nonconformities/%d/extend", e.major), url.Values{"plan_due": {"2099-01-01"}, "reason": {"Sáp nhập đơn vị"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("an extension: %d", r.StatusCode)
	}
	if status, _ := office.Page("/settings/nonconformities"); status != http.StatusForbidden {
		t.Errorf("the office's settings page: %d", status)
	}
	admin := e.app.Login("admin", webtest.Password)
	status, body = admin.Page("/settings/nonconformities")
	if status != http.StatusOK || !strings.Contains(body, "02/09/2026 Quốc khánh") {
		t.Fatalf("settings page: %d", status)
	}
	form := url.Values{"plan_days": {"10"}, "reminder_days": {"2"}, "effectiveness_days": {"45"}, "repeat_days": {"365"},
		"holidays": {"2026-09-02 Quốc khánh\n31/02/2026 Sai"}, "workdays": {""}, "mailboxes": {"A iso@a.gov.vn"}}
	if r, b := admin.Form("/settings/nonconformities", form); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "31/02/2026") {
		t.Errorf("a bad holiday: %d", r.StatusCode)
	}
	form.Set("holidays", "02/09/2026 Quốc khánh") // as the page writes it
	if r, _ := admin.Form("/settings/nonconformities", form); r.StatusCode != http.StatusSeeOther {
		t.Errorf("settings: %d", r.StatusCode)
	}
	if _, body := admin.Page("/settings/nonconformities"); !strings.Contains(body, "02/09/2026 Quốc khánh") || !strings.Contains(body, `value="45"`) || !strings.Contains(body, "A iso@a.gov.vn") || strings.Contains(body, "Tết Nguyên đán") {
		t.Error("the settings were not saved")
	}
	// The home pages: what waits for the unit, the overdue for the office.
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET plan_due = '2020-01-02' WHERE id = ?`, e.nc); err != nil {
		t.Fatal(err)
	}
	if _, body := office.Page("/"); !strings.Contains(body, "Điểm không phù hợp quá hạn") || !strings.Contains(body, `href="`+page+`"`) {
		t.Error("the office's home does not list the overdue nonconformity")
	}
	if _, body := unit.Page("/"); !strings.Contains(body, "Điểm không phù hợp chờ đơn vị khắc phục") || !strings.Contains(body, `href="`+page+`"`) {
		t.Error("the unit's home does not list its nonconformity")
	}
}
