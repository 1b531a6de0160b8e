package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

// On the audit page of a submitted audit the team's lead finds the report
// box with the draft and an issue button; issuing there returns to the
// page, which then shows the verification code and the issued report. The
// audited unit may download but not issue; another auditee does not see
// the audit at all.
func TestIssueFromTheAuditPage(t *testing.T) {
	a := demoApp(t)
	var id int64
	var lead, auditee, auditor string
	err := a.DB.R.QueryRow(`
		SELECT a.id, u.username, ue.code, ur.code FROM audits a
		JOIN audit_team m ON m.audit_id = a.id AND m.role = 'lead' JOIN users u ON u.id = m.user_id
		JOIN units ue ON ue.id = a.auditee_unit_id JOIN units ur ON ur.id = a.auditor_unit_id
		WHERE a.status = 'submitted' ORDER BY a.id LIMIT 1`).Scan(&id, &lead, &auditee, &auditor)
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/audits/%d", id)
	form := fmt.Sprintf(`href="/audits/%d/issue"`, id)
	draft := fmt.Sprintf(`href="/api/v1/audits/%d/report.pdf"`, id)

	unit := a.Login("auditee."+auditee, demo.Password)
	if _, body := unit.Page(page); !strings.Contains(body, draft) || strings.Contains(body, form) {
		t.Error("the audited unit should download the draft but not issue")
	}
	if resp, _ := unit.Form(page+"/issue", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the audited unit issues: %d", resp.StatusCode)
	}
	var other string
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE code NOT IN (?, ?) ORDER BY code LIMIT 1`, auditee, auditor).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if status, _ := a.Login("auditee."+other, demo.Password).Page(page); status != http.StatusNotFound {
		t.Errorf("another unit's auditee opens the audit: %d", status)
	}

	if status, _ := unit.Page(page + "/issue"); status != http.StatusForbidden {
		t.Errorf("the audited unit opens the page that issues: %d", status)
	}

	c := a.Login(lead, demo.Password)
	_, body := c.Page(page)
	if !strings.Contains(body, form) || !strings.Contains(body, draft) {
		t.Fatal("the lead sees no issue button or draft on the audit page")
	}
	// Issuing asks first: the page says what issuing does, and a refused
	// number comes back as typed.
	status, body := c.Page(page + "/issue")
	if status != http.StatusOK || !strings.Contains(body, "phát hiện và mức độ bị khóa") || !strings.Contains(body, fmt.Sprintf(`action="/audits/%d/issue"`, id)) {
		t.Fatalf("the page before issuing (%d) does not say what issuing does:\n%s", status, body)
	}
	resp, refused := c.Form(page+"/issue", url.Values{"number": {"12/BC-UBND"}, "signed_on": {"2099-01-01"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(refused), `value="12/BC-UBND"`) || !strings.Contains(string(refused), `value="2099-01-01"`) {
		t.Errorf("a signing day in the future: %d, or what was typed is lost", resp.StatusCode)
	}
	resp, _ = c.Form(page+"/issue", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#report" {
		t.Fatalf("issue from the page: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var code string
	if err := a.DB.R.QueryRow(`SELECT code FROM issued_reports WHERE audit_id = ?`, id).Scan(&code); err != nil {
		t.Fatalf("nothing issued: %v", err)
	}
	_, body = c.Page(page)
	if !strings.Contains(body, `href="/verify/`+code+`"`) || strings.Contains(body, form) {
		t.Error("after issue the page should link the verification code and offer no issue button")
	}
	if !strings.Contains(body, "Đã ban hành báo cáo số") {
		t.Error("no flash saying the report was issued")
	}
	if resp, _ := c.Form(page+"/issue", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("issuing twice from the page: %d, want the page back with a message", resp.StatusCode)
	}
}
