package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The audit page draws each item's question and result buttons only; its
// fields come from /audits/{id}/forms, a <template data-more="CODE"> per
// item (the script fetches them), and what the script needs of each answer
// is in <script id="audit-answers">. A browser without the script is
// offered the full page, every item a form with its note and Save button,
// and comes back to it after each save.
func TestAuditPageFullWithoutScript(t *testing.T) {
	e := newConductEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	lead := e.app.Login("auditor.A", webtest.Password)
	_, body := lead.Page(page)
	if strings.Contains(body, "<template data-more") || strings.Contains(body, `name="note"`) || !strings.Contains(body, `id="audit-answers"`) {
		t.Error("the page draws the items' fields instead of leaving them to /forms")
	}
	if n := strings.Count(body, "data-answer-form"); n != 69 {
		t.Errorf("%d items with their result buttons, want 69", n)
	}
	status, forms := lead.Page(page + "/forms")
	if status != http.StatusOK || strings.Count(forms, `<template data-more="`) != 69 || strings.Count(forms, `name="note"`) != 69 ||
		strings.Contains(forms, "<html") || !strings.Contains(forms, `<template data-more="C01">`) {
		t.Errorf("the items' fields: %d, %d templates", status, strings.Count(forms, `<template data-more="`))
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
		strings.Count(string(body2), `name="note"`) != 1 {
		t.Errorf("a refused save: %d", resp.StatusCode)
	}
}
