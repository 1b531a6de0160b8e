package org_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

var tableField = regexp.MustCompile(`name="table" value="([^"]+)"`)

// confirmApply posts a table to apply without the confirmation: the page
// that asks must come back, having changed nothing, and carry the table
// for the confirmation's form, which is returned.
func confirmApply(t *testing.T, a *webtest.App, c *webtest.Client, table []byte) string {
	t.Helper()
	before := snap(t, a)
	resp, body := c.Upload("/units/changes", "file", "t.csv", table, map[string]string{"csrf": c.CSRF, "action": "apply"})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="confirm-yes"`) {
		t.Fatalf("apply without confirmation: %d, no confirmation page", resp.StatusCode)
	}
	if after := snap(t, a); !after.equal(before) {
		t.Fatalf("asking applied something: %+v, was %+v", after, before)
	}
	m := tableField.FindSubmatch(body)
	if m == nil {
		t.Fatal("the confirmation does not carry the table")
	}
	return html.UnescapeString(string(m[1]))
}

// The page that asks before a change table is applied says what changes,
// unit by unit with names beside codes, and what follows (people moved);
// only its confirmation applies the table, the very one that was shown.
func TestChangeTableAsksBeforeApplying(t *testing.T) {
	a := reorgApp(t)
	c := a.Login("office", webtest.Password)
	c.Page("/units/changes")
	table := []byte("old_code,new_code,new_name,effective_date\nH1,H3,,01/07/2025\nH2,H3,,01/07/2025\nT1,T1,Phường Liên Nghĩa,01/07/2025\nB1,,,01/07/2025\n")
	before := snap(t, a)
	resp, body := c.Upload("/units/changes", "file", "t.csv", table, map[string]string{"csrf": c.CSRF, "action": "apply"})
	page := string(body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirmation page: %d", resp.StatusCode)
	}
	for _, want := range []string{
		"Tệp t.csv: 4 dòng", "<strong>Xã Hiệp Thạnh</strong> <span class=\"code\">(H3)</span>", "Xã Hiệp An <span class=\"code\">(H1)</span>",
		"Xã Liên Hiệp <span class=\"code\">(H2)</span>", "Thị trấn Liên Nghĩa <span class=\"code\">(T1)</span> → <strong>Phường Liên Nghĩa</strong>",
		"Xã Bình Thạnh <span class=\"code\">(B1)</span>", "Người dùng chuyển sang đơn vị kế thừa (giữ chứng chỉ): 3.", "Không thể hoàn tác.",
		`href="/units/changes"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	if after := snap(t, a); !after.equal(before) {
		t.Fatalf("asking applied something: %+v", after)
	}
	table64 := html.UnescapeString(string(tableField.FindSubmatch(body)[1]))
	resp, _ = c.Form("/units/changes", url.Values{"action": {"apply"}, "confirm": {"1"}, "filename": {"t.csv"}, "table": {table64}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", resp.StatusCode)
	}
	if s := snap(t, a); s.retired != 3 || s.movedUsers != 3 {
		t.Errorf("after confirming: %+v", s)
	}
	// A table checked first goes on to the confirmation without choosing
	// the file again.
	resp, body = c.Upload("/units/changes", "file", "n.csv", []byte("old_code,new_code,new_name,effective_date\nN1,N1,Phường Ninh Gia,01/07/2025\n"),
		map[string]string{"csrf": c.CSRF, "action": "check"})
	m := tableField.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil || !strings.Contains(string(body), `id="apply-checked"`) {
		t.Fatalf("a checked table offers no way on: %d", resp.StatusCode)
	}
	resp, body = c.Form("/units/changes", url.Values{"action": {"apply"}, "filename": {"n.csv"}, "table": {html.UnescapeString(string(m[1]))}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Xã Ninh Gia <span class=\"code\">(N1)</span> → <strong>Phường Ninh Gia</strong>") {
		t.Errorf("the checked table's confirmation: %d", resp.StatusCode)
	}
	// A table for a later day is scheduled, which can be cancelled: the
	// page says so and asks to schedule it.
	resp, body = c.Upload("/units/changes", "file", "t.csv", []byte("old_code,new_code,new_name,effective_date\nN1,N1,Phường Ninh Gia,01/01/2099\n"),
		map[string]string{"csrf": c.CSRF, "action": "apply"})
	if page := string(body); resp.StatusCode != http.StatusOK || !strings.Contains(page, "có hiệu lực từ 01/01/2099") ||
		!strings.Contains(page, "Hẹn áp dụng vào ngày hiệu lực") || strings.Contains(page, "Không thể hoàn tác") {
		t.Errorf("scheduled table's confirmation: %d", resp.StatusCode)
	}
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM unit_change_schedules`).Scan(&n)
	if n != 0 {
		t.Errorf("asking scheduled %d tables", n)
	}
}
