package procedures_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mountConduct wires the package and the audit pages with its panels
// beside their items, over one set of stores, as cmd does.
func mountConduct(s *web.Server, r *web.Router, d *db.DB) {
	st := findings.Open(d)
	panels := procedures.Mount(s, r, &procedures.Store{DB: d}, st.Conduct).ItemPanels
	if err := handlers.Mount(s, r, handlers.StoresOf(st), panels); err != nil {
		panic(err)
	}
}

// articleOf cuts an item's article out of the audit page.
func articleOf(t *testing.T, page, item string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<article class="q" id="item-` + item + `".*?</article>`).FindString(page)
	if m == "" {
		t.Fatalf("the audit page has no item %s", item)
	}
	return m
}

// fieldsOf cuts an item's fields out of /audits/{id}/forms, which the
// audit page of the team fetches and puts into the item when it opens.
func fieldsOf(t *testing.T, forms, item string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<template data-more="` + item + `">.*?</template>`).FindString(forms)
	if m == "" {
		t.Fatalf("the audit page's fields have no item %s", item)
	}
	return m
}

// TestInlineEvidence runs on the demo: the audit page shows the audited
// unit's gaps and figures inside the items T01–T06 and T09 (no other
// item), with the action for the team (among the item's fields, which the
// page fetches from /audits/{id}/forms); the action returns to the item on
// the audit page, whose note then holds the line; the audited unit of a
// submitted audit sees the lines, on the page itself, without the action.
func TestInlineEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	a := webtest.NewOn(t, demotest.Open(t), mountConduct)
	id, unit, lead := auditOf(t, a, "in_progress")
	c := a.Login(lead, demo.Password)
	status, page := c.Page("/audits/" + id + "/forms")
	if status != 200 {
		t.Fatalf("audit page's fields: %d", status)
	}
	for _, item := range procedures.EvidenceItems() {
		art := fieldsOf(t, page, item)
		if !strings.Contains(art, `id="ev-`+item+`"`) || !strings.Contains(art, "Dùng làm bằng chứng") || !strings.Contains(art, "cần kết nối mạng") {
			t.Errorf("item %s shows no inline panel with the action", item)
		}
	}
	if art := fieldsOf(t, page, "C01"); strings.Contains(art, "data-procedures-item") {
		t.Error("item C01 shows a reconciliation panel")
	}
	t03 := fieldsOf(t, page, "T03")
	line := regexp.MustCompile(`chưa công khai trên Cổng dịch vụ công: [^<.]*`).FindString(t03)
	if line == "" || !strings.Contains(t03, `href="/procedures/units/`+unit+`"`) {
		t.Fatalf("T03 does not state the unit's portal gaps:\n%s", t03)
	}
	before := answerOf(t, c, id, "T03")
	resp, _ := c.Form("/audits/"+id+"/procedures/evidence", url.Values{"item": {"T03"}, "key": {"missing_on_portal"}, "back": {"audit"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/audits/"+id+"#item-T03" {
		t.Fatalf("use as evidence: %d to %q, want 303 to the item on the audit page", resp.StatusCode, resp.Header.Get("Location"))
	}
	after := answerOf(t, c, id, "T03")
	if after.Result != before.Result || !strings.Contains(after.Note, line) || after.Version != before.Version+1 {
		t.Errorf("T03 before %+v, after %+v", before, after)
	}
	_, page = c.Page("/audits/" + id)
	_, forms := c.Page("/audits/" + id + "/forms")
	if !strings.Contains(fieldsOf(t, forms, "T03"), line) || !strings.Contains(page, "Đã thêm bằng chứng vào ghi chú câu T03") {
		t.Error("the audit page does not show the note with the line and the confirmation")
	}
	// The audited unit of a submitted audit reads the lines, not the action.
	sid, sunit, _ := auditOf(t, a, "submitted")
	_, page = a.Login("auditee."+sunit, demo.Password).Page("/audits/" + sid)
	art := articleOf(t, page, "T09")
	if !strings.Contains(art, `id="ev-T09"`) || strings.Contains(art, "Dùng làm bằng chứng") {
		t.Errorf("auditee of a submitted audit: T09 panel %v, action %v", strings.Contains(art, `id="ev-T09"`), strings.Contains(art, "Dùng làm bằng chứng"))
	}
	// The panel's own page still works.
	if status, _ := c.Page("/audits/" + id + "/procedures"); status != 200 {
		t.Errorf("/audits/%s/procedures: %d", id, status)
	}
}
