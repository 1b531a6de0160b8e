package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

func TestAuditPagesForEachRole(t *testing.T) {
	e := newConductEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	lead := e.app.Login("auditor.A", webtest.Password)
	status, body := lead.Page("/audits")
	if status != http.StatusOK || !strings.Contains(body, page) || strings.Count(body, `<a class="row-link" href="/audits/`) != 1 {
		t.Fatalf("the lead's list: %d", status)
	}
	status, body = lead.Page(page)
	if status != http.StatusOK || strings.Count(body, `data-answer-form`) != 69 ||
		!strings.Contains(body, "Không phù hợp nhẹ") || !strings.Contains(body, `id="submit-audit"`) || !strings.Contains(body, "Đã trả lời 0/69 câu") {
		t.Fatalf("the lead's audit page: %d", status)
	}
	// The items' photo buttons come with their fields, fetched by the page.
	if status, forms := lead.Page(page + "/forms"); status != http.StatusOK || strings.Count(forms, `capture="environment"`) != 69 {
		t.Errorf("the lead's items' fields: %d", status)
	}
	if !strings.Contains(body, `<script type="application/json" id="audit-messages">{`) {
		t.Error("the script's messages are not a JSON block")
	}
	_, home := lead.Page("/")
	if !strings.Contains(home, "Cuộc đánh giá cần thực hiện") || !strings.Contains(home, page) {
		t.Error("the lead's home page does not list the audit to conduct")
	}
	auditee := e.app.Login("auditee."+e.auditee, webtest.Password)
	status, body = auditee.Page(page)
	if status != http.StatusOK || strings.Contains(body, "data-answer-form") || !strings.Contains(body, "Kết quả đánh giá (câu trả lời, bằng chứng, phát hiện) được công bố") {
		t.Errorf("the auditee's page before submission: %d", status)
	}
	office := e.app.Login("office", webtest.Password)
	status, body = office.Page(page)
	if status != http.StatusOK || strings.Contains(body, "data-answer-form") || strings.Count(body, `class="q"`) != 69 {
		t.Errorf("the office's read-only page: %d", status)
	}
	if status, _ := e.app.Login("auditor.C", webtest.Password).Page(page); status != http.StatusNotFound && e.auditee != "C" {
		t.Errorf("another auditor: %d", status)
	}
	for _, c := range []*webtest.Client{lead, auditee, office} {
		if status, _ := c.Page("/nonconformities"); status != http.StatusOK {
			t.Errorf("register page: %d", status)
		}
	}
	// English.
	lead.Form("/lang", url.Values{"lang": {"en"}, "next": {page}})
	if _, body := lead.Page(page); !strings.Contains(body, "Minor nonconformity") || !strings.Contains(body, "0 of 69 answered") {
		t.Error("the English page is not in English")
	}
}

// The page works without JavaScript: each item is a form.
func TestAuditPageFormsWithoutScript(t *testing.T) {
	e := newConductEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	lead := e.app.Login("auditor.A", webtest.Password)
	lead.Page(page)
	resp, _ := lead.Form(page+"/answers/T09", url.Values{"result": {"minor"}, "note": {"Tỷ lệ đúng hạn 95,5%"}, "value": {"95,5"}, "version": {"0"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#item-T09" {
		t.Fatalf("answer form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var value float64
	_ = e.app.DB.R.QueryRow(`SELECT value FROM answers WHERE item_code = 'T09'`).Scan(&value)
	if value != 95.5 {
		t.Errorf("stored value %v", value)
	}
	// A team mate changed it meanwhile: the page comes back with both
	// answers, and what the lead typed is kept.
	if status, b := e.put(e.member, "T09", map[string]any{"result": "major", "note": "Sai lệch lớn", "value": 95.5, "version": 1}); status != http.StatusOK {
		t.Fatalf("team mate: %d %s", status, b)
	}
	resp, body := lead.Form(page+"/answers/T09", url.Values{"result": {"minor"}, "note": {"Đối chiếu lại: 95,5% đúng hạn"}, "value": {"95.5"}, "version": {"1"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "Sai lệch lớn") || !strings.Contains(string(body), "Đối chiếu lại: 95,5% đúng hạn</textarea>") ||
		!strings.Contains(string(body), `name="version" value="2"`) {
		t.Errorf("stale form: %d", resp.StatusCode)
	}
	resp, body = lead.Form(page+"/answers/T09", url.Values{"result": {"minor"}, "value": {"nhiều"}, "version": {"2"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Sai kiểu dữ liệu") {
		t.Errorf("a value that is not a number: %d", resp.StatusCode)
	}
	// Opening meeting.
	resp, _ = lead.Form(page+"/opening", url.Values{"date": {"01/06/2026"}, "participants": {"Ông Trần Văn Bình, Chủ tịch UBND xã"}, "guide": {"Bà Lê Thị Hoa"}, "version": {"0"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening: %d", resp.StatusCode)
	}
	resp, body = lead.Form(page+"/opening", url.Values{"date": {"2026-06-02"}, "participants": {"Khác"}, "guide": {""}, "version": {"0"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "Ông Trần Văn Bình") || !strings.Contains(string(body), ">Khác</textarea>") {
		t.Errorf("stale opening: %d", resp.StatusCode)
	}
	var guide string
	_ = e.app.DB.R.QueryRow(`SELECT guide FROM audits WHERE id = ?`, e.auditID).Scan(&guide)
	if guide != "Bà Lê Thị Hoa" {
		t.Errorf("guide %q", guide)
	}
	// Submitting too early: the confirmation lists the items, each a link
	// to it, and offers no confirmation; confirming anyway is refused on
	// the audit page, which lists them too.
	resp, body = lead.Form(page+"/submit", url.Values{"representative": {""}, "agreed": {""}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `<a href="`+page+`#item-C01">C01</a>`) || strings.Contains(string(body), `id="submit-confirm"`) {
		t.Errorf("early submission: %d", resp.StatusCode)
	}
	resp, body = lead.Form(page+"/submit", url.Values{"representative": {""}, "agreed": {""}, "confirm": {"1"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `<a href="#item-C01">C01</a>`) {
		t.Errorf("early submission confirmed: %d", resp.StatusCode)
	}
	// Evidence without script.
	resp, body = lead.Upload(page+"/attachments", "file", "x.gif", []byte("GIF89a..."), map[string]string{"csrf": lead.CSRF, "item_id": "C25"})
	if resp.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(string(body), "Chỉ nhận ảnh JPEG, PNG") {
		t.Errorf("bad upload form: %d", resp.StatusCode)
	}
	resp, _ = lead.Upload(page+"/attachments", "file", "so.pdf", []byte("%PDF-1.4\n%%EOF"), map[string]string{"csrf": lead.CSRF, "item_id": "C25"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("upload form: %d", resp.StatusCode)
	}
}
