package handlers_test

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
)

// The audit page offers the lead a first draft of each statement not yet
// written, from the clause and the auditor's note rather than the question,
// marked as a suggestion; a statement the lead wrote is shown as written.
func TestFindingStatementSuggestion(t *testing.T) {
	e := newNCEnv(t)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	status, body := e.lead.Page(page)
	if status != http.StatusOK {
		t.Fatalf("audit page: %d", status)
	}
	body = html.UnescapeString(body)
	form := between(body, fmt.Sprintf(`id="finding-%d"`, e.nc), "</article>")
	for _, w := range []string{"Bản nháp gợi ý", "data-suggestion", "Yêu cầu: ", "nội dung kiểm tra mục C10 của danh mục kiểm tra",
		"Bằng chứng: Chưa nhận diện rủi ro trễ hạn", "Không đáp ứng: …"} {
		if !strings.Contains(form, w) {
			t.Errorf("the finding's form lacks %q:\n%s", w, form)
		}
	}
	written := "Đơn vị chưa nhận diện rủi ro trễ hạn trong quy trình tiếp nhận hồ sơ."
	if r, b := e.lead.Do(http.MethodPatch, fmt.Sprintf("/api/v1/findings/%d", e.nc), map[string]any{"statement": written}); r.StatusCode != http.StatusOK {
		t.Fatalf("the lead writes the statement: %d %s", r.StatusCode, b)
	}
	_, body = e.lead.Page(page)
	form = between(html.UnescapeString(body), fmt.Sprintf(`id="finding-%d"`, e.nc), "</article>")
	if !strings.Contains(form, written+"</textarea>") || strings.Contains(form, "Bản nháp gợi ý") {
		t.Errorf("a written statement is not shown as written:\n%s", form)
	}
}

// between is the part of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
