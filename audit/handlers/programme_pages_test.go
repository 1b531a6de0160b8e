package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestProgrammePagesPostRedirectGet(t *testing.T) {
	e := newEnv(t)
	office := e.app.Login("office", "correct horse battery")
	status, body := office.Page("/programmes")
	if status != http.StatusOK || !strings.Contains(body, "Lập chương trình mới") {
		t.Fatalf("programmes page: %d", status)
	}
	form := url.Values{"name": {""}, "year": {"2026"}, "checklist_id": {fmt.Sprint(e.checklist)}, "units": {"A"}}
	resp, b := office.Form("/programmes", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Bắt buộc nhập") {
		t.Fatalf("invalid programme: %d", resp.StatusCode)
	}
	form = url.Values{"name": {"Đánh giá chéo <b>2026</b>"}, "year": {"2026"}, "checklist_id": {fmt.Sprint(e.checklist)},
		"units": e.units, "starts_on": {"2026-06-01"}, "ends_on": {"2026-06-30"}}
	resp, _ = office.Form("/programmes", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	status, body = office.Page(loc)
	if status != http.StatusOK || !strings.Contains(body, "Đánh giá chéo &lt;b&gt;2026&lt;/b&gt;") || !strings.Contains(body, "Đã lập chương trình") {
		t.Fatalf("programme page: %d, escaped name or flash missing", status)
	}
	resp, b = office.Form(loc+"/rounds", url.Values{"per_unit": {"9"}, "clusters": {"any"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Không thể phân công") {
		t.Errorf("infeasible preview: %d", resp.StatusCode)
	}
	resp, b = office.Form(loc+"/rounds", url.Values{"per_unit": {"0"}, "clusters": {"any"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `name="per_unit" type="number" inputmode="numeric" min="1" max="10" value="0" aria-invalid="true"`) {
		t.Errorf("zero units per auditor: %d, want 422 marking the field", resp.StatusCode)
	}
	resp, _ = office.Form(loc+"/rounds", url.Values{"per_unit": {"1"}, "clusters": {"within"}, "seed": {"4"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	_, body = office.Page(loc)
	if !strings.Contains(body, "Phương án (chưa xác nhận)") || !strings.Contains(body, `class="matrix"`) {
		t.Error("the preview table or matrix is missing")
	}
	resp, _ = office.Form(loc+"/rounds/1/confirm", url.Values{"confirm": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	_, body = office.Page(loc)
	// The late audits' list links plans too: count the round's table only.
	if i, j := strings.Index(body, `id="late-audits"`), strings.Index(body, `id="round-1"`); i >= 0 && j > i {
		body = body[:i] + body[j:]
	}
	if !strings.Contains(body, "Đã xác nhận") || strings.Count(body, "/plan\"") != 6 {
		t.Errorf("confirmed round: %d plan links", strings.Count(body, "/plan\""))
	}
	// The English page speaks English.
	office.Form("/lang", url.Values{"lang": {"en"}, "next": {loc}})
	_, body = office.Page(loc)
	if !strings.Contains(body, "Confirmed") || !strings.Contains(body, "Who audits whom") {
		t.Error("the programme page is not in English after the switch")
	}
	// The auditor reads, but has no forms.
	auditor := e.app.Login("auditor.A", "correct horse battery")
	_, body = auditor.Page(loc)
	if strings.Contains(body, "/rounds\"") || strings.Contains(body, "/confirm") {
		t.Error("an auditor sees the office's forms")
	}
	if resp, _ := auditor.Form(loc+"/rounds", url.Values{"per_unit": {"1"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor previews: %d", resp.StatusCode)
	}
}

func TestRegisterPage(t *testing.T) {
	e := newEnv(t)
	office := e.app.Login("office", "correct horse battery")
	status, body := office.Page("/register")
	if status != http.StatusOK || !strings.Contains(body, "auditor.A") || !strings.Contains(body, "Còn hiệu lực") {
		t.Fatalf("register page: %d", status)
	}
	resp, b := office.Form("/register/certificates", url.Values{"username": {"auditee.A"}, "course": {"x"}, "certificate_no": {"1"},
		"issued_on": {"01/01/2026"}, "expires_on": {"31/12/2027"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "không phải là chuyên gia đánh giá") {
		t.Errorf("certificate for an auditee: %d", resp.StatusCode)
	}
	resp, _ = office.Form("/register/conflicts", url.Values{"auditor_unit": {"A"}, "auditee_unit": {"C"}, "reason": {"Chung trụ sở"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("conflict: %d", resp.StatusCode)
	}
	if _, body := office.Page("/register"); !strings.Contains(body, "Chung trụ sở") {
		t.Error("the conflict is not listed")
	}
	if status, _ := e.app.Login("auditor.A", "correct horse battery").Page("/register"); status != http.StatusForbidden {
		t.Errorf("auditor opens the register: %d", status)
	}
}
