package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The audit page draws each item's fields in a <template> (the script
// opens them); a browser without the script is offered the full page,
// every item a form with its note and Save button, and comes back to it
// after each save.
func TestAuditPageFullWithoutScript(t *testing.T) {
	e := newConductEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	lead := e.app.Login("auditor.A", webtest.Password)
	_, body := lead.Page(page)
	if n := strings.Count(body, "<template data-more>"); n != 69 {
		t.Errorf("%d items with their fields in a template, want 69", n)
	}
	if !strings.Contains(body, `<noscript><p class="card"><a href="?full=1">`) {
		t.Error("no way to the full page without the script")
	}
	_, full := lead.Page(page + "?full=1")
	if strings.Contains(full, "<template data-more>") || strings.Count(full, "data-answer-form") != 69 || strings.Count(full, `name="note"`) != 69 ||
		!strings.Contains(full, `action="/audits/`+fmt.Sprint(e.auditID)+`/answers/C01?full=1"`) {
		t.Fatal("the full page does not draw every item open")
	}
	resp, _ := lead.Form(page+"/answers/C01?full=1", url.Values{"result": {"minor"}, "note": {"Thiếu danh mục"}, "version": {"0"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"?full=1#item-C01" {
		t.Errorf("a save from the full page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A refused save shows its item open with what was typed, on either page.
	resp, body2 := lead.Form(page+"/answers/C02", url.Values{"result": {"minor"}, "note": {"Ghi chú giữ lại"}, "value": {"nhiều"}, "version": {"0"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body2), "Ghi chú giữ lại</textarea>") ||
		strings.Count(string(body2), "<template data-more>") != 68 {
		t.Errorf("a refused save: %d", resp.StatusCode)
	}
}
