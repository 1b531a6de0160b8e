package checklist_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func page(t *testing.T, c *webtest.Client, path string, status int) string {
	t.Helper()
	got, body := c.Page(path)
	if got != status {
		t.Fatalf("GET %s: %d, want %d: %.500s", path, got, status, body)
	}
	return body
}

func post(t *testing.T, c *webtest.Client, path string, v url.Values, status int) (*http.Response, string) {
	t.Helper()
	resp, body := c.Form(path, v)
	if resp.StatusCode != status {
		t.Fatalf("POST %s: %d, want %d: %.800s", path, resp.StatusCode, status, body)
	}
	return resp, string(body)
}

func TestPagesReadPrintAndCompare(t *testing.T) {
	a := app(t)
	id := itoa(builtinID(t, a))
	c := a.Login("auditor.U1", webtest.Password)
	if body := page(t, c, "/checklists", 200); !strings.Contains(body, checklist.BuiltinName) || strings.Contains(body, `action="/checklists/import"`) {
		t.Error("the list lacks the built-in checklist, or offers an auditor the import")
	}
	body := page(t, c, "/checklists/"+id, 200)
	for _, want := range []string{"T09", "&gt;=98", "8.3", `id="item-C01"`, "/print?version=1"} {
		if !strings.Contains(body, want) {
			t.Errorf("the checklist page lacks %q", want)
		}
	}
	if strings.Contains(body, "/draft") {
		t.Error("an auditor is offered to edit")
	}
	if body := page(t, c, "/checklists/"+id+"?q=thu+tuc", 200); strings.Contains(body, `id="item-C15"`) || !strings.Contains(body, `id="item-T01"`) {
		t.Error("searching “thu tuc” did not narrow to items about thủ tục")
	}
	body = page(t, c, "/checklists/"+id+"/print", 200)
	for _, want := range []string{"cl-sheet", "BM.ĐGNB.02", "data-print", "checklist."} {
		if !strings.Contains(body, want) {
			t.Errorf("the print page lacks %q", want)
		}
	}
	page(t, c, "/checklists/"+id+"?version=7", 404)
	page(t, c, "/checklists/"+id+"/draft", 403)
	page(t, c, "/checklists/"+id+"/diff?from=1&to=1", 200)
}

func TestDraftEditorPages(t *testing.T) {
	a := app(t)
	ctx := context.Background()
	n := builtinID(t, a)
	id := itoa(n)
	c := a.Login("office", webtest.Password)
	base := "/checklists/" + id + "/draft"
	resp, _ := post(t, c, base, url.Values{}, http.StatusSeeOther)
	if resp.Header.Get("Location") != base {
		t.Fatalf("start draft went to %s", resp.Header.Get("Location"))
	}
	body := page(t, c, base, 200)
	if !strings.Contains(body, "v1") || !strings.Contains(body, `action="`+base+`/items/C05/move"`) {
		t.Fatalf("editor page: %.500s", body)
	}
	page(t, c, base+"/items/C05", 200)
	page(t, c, base+"/items/Z99", 404)
	form := url.Values{"id": {"C05"}, "clause": {"4.4"}, "kind": {"check"}, "text_vi": {"Câu hỏi đã sửa trên máy tính bảng"}, "text_en": {""}}
	resp, _ = post(t, c, base+"/items/C05", form, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != base+"#item-C05" {
		t.Errorf("save went to %s", loc)
	}
	_, body = post(t, c, base+"/items/C05", url.Values{"id": {"C06"}, "clause": {"4.4"}, "text_vi": {"Trùng mã"}}, http.StatusConflict)
	if !strings.Contains(body, "f-id-err") {
		t.Error("a code in use is not shown next to its field")
	}
	_, body = post(t, c, base+"/items", url.Values{"id": {"N1"}, "clause": {"4.9"}, "kind": {"measure"}, "text_vi": {""}, "target": {"nhiều"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"f-clause-err", "f-text_vi-err", "f-target-err", `value="N1"`} {
		if !strings.Contains(body, f) {
			t.Errorf("the form shown again lacks %s", f)
		}
	}
	post(t, c, base+"/items", url.Values{"id": {"N1"}, "clause": {"5.1.2"}, "kind": {"measure"}, "text_vi": {"Tỷ lệ hài lòng"}, "unit": {"%"}, "target": {">= 90"}, "failure": {"yes"}}, http.StatusSeeOther)
	post(t, c, base+"/items/N1/move", url.Values{"dir": {"up"}}, http.StatusSeeOther)
	post(t, c, base+"/items/C49/remove", url.Values{}, http.StatusSeeOther)
	_, body = post(t, c, base+"/exclusions", url.Values{"clause": {"7.1.5"}, "reason": {""}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "na-reason-err") {
		t.Error("a missing reason is not shown next to its field")
	}
	post(t, c, base+"/exclusions", url.Values{"clause": {"7.1.5"}, "reason": {"Không dùng thiết bị đo"}}, http.StatusSeeOther)
	post(t, c, base+"/exclusions/8.3/remove", url.Values{}, http.StatusSeeOther)
	body = page(t, c, "/checklists/"+id+"/diff", 200)
	for _, want := range []string{"C05", "N1", "C49", "7.1.5", "<del>", "<ins>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the diff page lacks %q", want)
		}
	}
	resp, _ = post(t, c, base+"/publish", url.Values{}, http.StatusSeeOther)
	if resp.Header.Get("Location") != "/checklists/"+id {
		t.Errorf("publish went to %s", resp.Header.Get("Location"))
	}
	v, err := (&checklist.Store{DB: a.DB}).Published(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	n1, _ := v.Item("N1")
	c05, _ := v.Item("C05")
	if v.Number != 2 || n1.Target != ">=90" || !n1.Failure || c05.TextVI != "Câu hỏi đã sửa trên máy tính bảng" || v.NotApplicable["7.1.5"] == "" || v.NotApplicable["8.3"] != "" {
		t.Errorf("published v%d: N1 %+v, C05 %q, exclusions %v", v.Number, n1, c05.TextVI, v.NotApplicable)
	}
	if resp, _ := c.Form(base+"/publish", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("publishing without a draft: %d", resp.StatusCode)
	}
	if resp, _ := c.HTTP.Get(a.HTTP.URL + base); resp == nil || resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the editor without a draft does not send back to the checklist")
	}
	post(t, c, base, url.Values{}, http.StatusSeeOther)
	post(t, c, base+"/discard", url.Values{}, http.StatusSeeOther)
	if cl, _ := (&checklist.Store{DB: a.DB}).Get(ctx, n); cl.Draft != 0 || cl.Version != 2 {
		t.Errorf("after discard: %+v", cl)
	}
}

func TestImportPage(t *testing.T) {
	a := app(t)
	c := a.Login("office", webtest.Password)
	page(t, c, "/checklists", 200)
	resp, body := c.Upload("/checklists/import", "file", "x.csv", []byte("id,clause,text_vi,text_en\nA,4.9,,\nA,4.1,Một,\n"), map[string]string{"csrf": c.CSRF})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d %.300s", resp.StatusCode, body)
	}
	for _, want := range []string{"Dòng 2, cột clause", "Dòng 2, cột text_vi", "Dòng 3, cột id"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the page does not list %q", want)
		}
	}
	resp, body = c.Upload("/checklists/import", "file", "x.csv", []byte("id,clause,text_vi,text_en\nA,4.1,Một,\n"), map[string]string{"csrf": c.CSRF, "name": "Danh mục thử"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good file: %d %.300s", resp.StatusCode, body)
	}
	if body := page(t, c, resp.Header.Get("Location"), 200); !strings.Contains(body, "Danh mục thử") {
		t.Error("the imported checklist's page lacks its name")
	}
}
