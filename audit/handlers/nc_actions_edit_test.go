package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// A corrective action is corrected and removed by whoever may add one,
// while the plan is drawn up: a refusal names the field and keeps what was
// typed in the action's own form, removal asks first (a post without the
// confirmation removes nothing), the other side is refused, and each change
// is in the audit trail.
func TestCorrectiveActionEditAndRemove(t *testing.T) {
	e := newNCEnv(t)
	page := fmt.Sprintf("/nonconformities/%d", e.nc)
	owner := "auditee." + e.auditee
	unit := e.app.Login(owner, webtest.Password)
	unit.Page(page)
	unit.Form(page+"/analysis", url.Values{"root_cause": {"Chưa phân công người lập sổ"}, "correction": {"Đã lập sổ tạm"}, "similar_cases": {"Không có"}, "cause_category": {"method"}})
	if r, _ := unit.Form(page+"/transition", url.Values{"to": {"cause_analysed"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("step: %d", r.StatusCode)
	}
	if r, _ := unit.Form(page+"/actions", url.Values{"description": {"Lập sổ theo dõi"}, "owner": {owner}, "due_date": {inDays(10)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", r.StatusCode)
	}
	aid := e.count(t, `SELECT MAX(id) FROM nc_actions WHERE finding_id = ?`, e.nc)
	action := fmt.Sprintf("%s/actions/%d", page, aid)
	_, body := unit.Page(page)
	if !strings.Contains(body, `action="`+action+`"`) || !strings.Contains(body, `href="`+action+`/remove"`) {
		t.Fatal("the action has no edit form or removal link")
	}

	// Refused: the description emptied, a due date in the past. The form
	// comes back open, with what was typed and each error under its field.
	r, b := unit.Form(action, url.Values{"description": {""}, "owner": {owner}, "due_date": {inDays(-3)}})
	page422 := string(b)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid edit: %d", r.StatusCode)
	}
	for _, want := range []string{`<details class="ca-action-edit" open>`, `id="e-description-` + fmt.Sprint(aid) + `" name="description" rows="2" aria-invalid="true"></textarea>`,
		`value="` + inDays(-3) + `" aria-invalid="true">`, "Bắt buộc nhập", "không được trước hôm nay"} {
		if !strings.Contains(page422, want) {
			t.Errorf("the refused edit form lacks %q", want)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE description = 'Lập sổ theo dõi'`); n != 1 {
		t.Error("a refused edit changed the action")
	}

	// The lead may not edit nor remove the unit's actions; the API says so too.
	lead := e.app.Login("auditor.A", webtest.Password)
	lead.Page(page)
	if r, _ := lead.Form(action, url.Values{"description": {"Khác"}, "owner": {owner}, "due_date": {inDays(5)}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the lead edits: %d", r.StatusCode)
	}
	if r, _ := lead.Form(action+"/remove", url.Values{"confirm": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("the lead removes: %d", r.StatusCode)
	}
	api := fmt.Sprintf("/api/v1/nonconformities/%d/actions/%d", e.nc, aid)
	expect(t, e.lead, http.MethodPatch, api, map[string]any{"description": "Khác"}, http.StatusForbidden)
	expect(t, e.lead, http.MethodDelete, api, nil, http.StatusForbidden)
	unitAPI := e.app.Token(owner, webtest.Password)
	b = expect(t, unitAPI, http.MethodPatch, api, map[string]any{"due_date": "31/02/2026"}, http.StatusUnprocessableEntity)
	if eb := webtest.DecodeError(t, b); eb.Error.Fields["due_date"] == nil {
		t.Errorf("the 422 does not name due_date: %s", b)
	}
	b = expect(t, unitAPI, http.MethodPatch, api, map[string]any{"owner": "auditee.A"}, http.StatusUnprocessableEntity)
	if eb := webtest.DecodeError(t, b); eb.Error.Fields["owner"] == nil {
		t.Errorf("the 422 does not name owner: %s", b)
	}
	expect(t, unitAPI, http.MethodPatch, fmt.Sprintf("/api/v1/nonconformities/%d/actions/99999", e.nc), map[string]any{"description": "x"}, http.StatusNotFound)

	// Corrected on the page.
	if r, _ := unit.Form(action, url.Values{"description": {"Lập sổ theo dõi hồ sơ trễ hạn"}, "owner": {owner}, "due_date": {inDays(20)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.StatusCode)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ? AND description = 'Lập sổ theo dõi hồ sơ trễ hạn' AND due_date = ?`, aid, inDays(20)); n != 1 {
		t.Error("the edit is not stored")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'finding' AND entity_id = ? AND action = 'edit_action'
		AND summary LIKE '%Lập sổ theo dõi hồ sơ trễ hạn%'`, fmt.Sprint(e.nc)); n != 1 {
		t.Errorf("%d edit_action events", n)
	}

	// Removal asks: the page shows the action; a post without the
	// confirmation shows the same page and removes nothing.
	status, body := unit.Page(action + "/remove")
	if status != http.StatusOK || !strings.Contains(body, "Lập sổ theo dõi hồ sơ trễ hạn") || !strings.Contains(body, `name="confirm" value="1"`) {
		t.Fatalf("removal page: %d", status)
	}
	r, b = unit.Form(action+"/remove", url.Values{})
	if r.StatusCode != http.StatusOK || !strings.Contains(string(b), `id="confirm-yes"`) {
		t.Errorf("removal without confirmation: %d", r.StatusCode)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ?`, aid); n != 1 {
		t.Fatal("a removal without confirmation removed the action")
	}
	if r, _ := unit.Form(action+"/remove", url.Values{"confirm": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ?`, aid); n != 0 {
		t.Error("the action is still there")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'finding' AND entity_id = ? AND action = 'remove_action'
		AND summary LIKE '%Lập sổ theo dõi hồ sơ trễ hạn%'`, fmt.Sprint(e.nc)); n != 1 {
		t.Errorf("%d remove_action events", n)
	}

	// Once the plan is submitted, its actions are fixed until it comes back.
	unit.Form(page+"/actions", url.Values{"description": {"Tập huấn cán bộ"}, "owner": {owner}, "due_date": {inDays(10)}})
	aid = e.count(t, `SELECT MAX(id) FROM nc_actions WHERE finding_id = ?`, e.nc)
	if r, _ := unit.Form(page+"/transition", url.Values{"to": {"plan_submitted"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the plan: %d", r.StatusCode)
	}
	api = fmt.Sprintf("/api/v1/nonconformities/%d/actions/%d", e.nc, aid)
	expect(t, unitAPI, http.MethodPatch, api, map[string]any{"description": "Khác"}, http.StatusConflict)
	expect(t, unitAPI, http.MethodDelete, api, nil, http.StatusConflict)
	if _, body := unit.Page(page); strings.Contains(body, fmt.Sprintf(`/actions/%d/remove"`, aid)) {
		t.Error("a submitted plan's action offers its removal")
	}
	// The API removes at once, for whoever may add actions.
	lead.Form(page+"/transition", url.Values{"to": {"cause_analysed"}, "note": {"Bổ sung hành động"}})
	expect(t, unitAPI, http.MethodDelete, api, nil, http.StatusOK)
	if n := e.count(t, `SELECT COUNT(*) FROM nc_actions WHERE id = ?`, aid); n != 0 {
		t.Error("the API did not remove the action")
	}
}
