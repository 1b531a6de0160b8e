package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The root cause's category on the page (issue 25): "save and send"
// without one is refused naming it, with everything typed shown again and
// nothing moved; an unknown one is refused the same way; chosen, the step
// goes through and the page shows the category.
func TestNCPageCauseCategory(t *testing.T) {
	e := newNCEnv(t)
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	unit := e.app.Login("auditee."+e.auditee, webtest.Password)
	if status, body := unit.Page(page); status != http.StatusOK || !strings.Contains(body, `<option value="people">Con người và kỹ năng</option>`) {
		t.Fatalf("the analysis form offers no categories: %d", status)
	}
	form := url.Values{"why": {"Vì sao chưa có sổ rủi ro? Vì công chức chưa được hướng dẫn", "", ""},
		"root_cause": {"Công chức chưa được tập huấn nhận diện rủi ro"}, "correction": {"Đã lập sổ tạm"},
		"similar_cases": {"Không có"}, "then": {"cause_analysed"}}
	r, b := unit.Form(page+"/analysis", form)
	body := string(b)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Chọn nhóm nguyên nhân trước khi gửi phân tích nguyên nhân") ||
		!strings.Contains(body, ">Công chức chưa được tập huấn nhận diện rủi ro</textarea>") ||
		!strings.Contains(body, `value="Vì sao chưa có sổ rủi ro? Vì công chức chưa được hướng dẫn"`) {
		t.Fatalf("a step without a category: %d", r.StatusCode)
	}
	if d := e.detail(t, e.nc); d.Status != "open" || d.CauseCategory != nil {
		t.Fatalf("after the refused step: %s, category %v", d.Status, d.CauseCategory)
	}
	form.Set("cause_category", "luck")
	if r, b := unit.Form(page+"/analysis", form); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(b), "people method documents equipment workload") || !strings.Contains(string(b), ">Đã lập sổ tạm</textarea>") {
		t.Errorf("an unknown category: %d", r.StatusCode)
	}
	form.Set("cause_category", "people")
	if r, _ := unit.Form(page+"/analysis", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("with a category: %d", r.StatusCode)
	}
	d := e.detail(t, e.nc)
	if d.Status != "cause_analysed" || d.CauseCategory == nil || *d.CauseCategory != "people" {
		t.Errorf("after the step: %s, category %v", d.Status, d.CauseCategory)
	}
	lead := e.app.Login("auditor.A", webtest.Password)
	if _, body := lead.Page(page); !strings.Contains(body, `<dd class="cause-category">Con người và kỹ năng</dd>`) {
		t.Error("the lead's page does not show the category")
	}
}

// A nonconformity analysed before categories existed goes on through the
// workflow without one: only the step to cause_analysed asks for it.
func TestNCWithoutCategoryKeepsWorking(t *testing.T) {
	e := newNCEnv(t)
	unit := e.app.Token("auditee."+e.auditee, webtest.Password)
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET status = 'cause_analysed', root_cause = 'Cũ', correction = 'Cũ', similar_cases = 'Không' WHERE id = ?`, e.nc); err != nil {
		t.Fatal(err)
	}
	expect(t, unit, http.MethodPost, ncPath(e.nc, "/actions"), map[string]string{"description": "Lập sổ", "owner": "auditee." + e.auditee, "due_date": inDays(5)}, http.StatusCreated)
	expect(t, unit, http.MethodPost, ncPath(e.nc, "/transition"), map[string]string{"to": "plan_submitted"}, http.StatusOK)
	lead := e.app.Token("auditor.A", webtest.Password)
	expect(t, lead, http.MethodPost, ncPath(e.nc, "/transition"), map[string]string{"to": "plan_accepted", "note": "Được"}, http.StatusOK)
	if d := e.detail(t, e.nc); d.CauseCategory != nil {
		t.Errorf("category %v", *d.CauseCategory)
	}
}
