package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// An audit planned on version 1 keeps version 1's questions after the
// upgrade seeds version 2; a programme planned after it uses version 2,
// whose audit page shows each item's legal references with its guidance.
func TestAuditPinnedToVersion1KeepsItAfterTheUpgrade(t *testing.T) {
	v1Only := func(ctx context.Context, d *db.DB) error { return checklist.SeedEditions(ctx, d, 1) }
	e := newConductEnvSeeded(t, mount, []string{"A", "B", "C", "D"}, v1Only)
	if status, _ := e.put(e.lead, "T08", map[string]any{"result": "minor", "note": "Chưa họp xem xét của lãnh đạo", "version": 0}); status != http.StatusOK {
		t.Fatalf("answer on version 1: %d", status)
	}
	if err := checklist.Seed(context.Background(), e.app.DB); err != nil { // the new binary starts
		t.Fatal(err)
	}
	old := e.auditID
	lead := e.app.Login("auditor.A", webtest.Password)
	// An item's guidance and legal texts come with its fields, from /forms.
	status, body := lead.Page(fmt.Sprintf("/audits/%d", old))
	_, forms := lead.Page(fmt.Sprintf("/audits/%d/forms", old))
	body += forms
	if status != http.StatusOK || strings.Count(body, `data-answer-form`) != 59 || strings.Contains(body, `id="item-T08b"`) ||
		!strings.Contains(body, "đã đánh giá nội bộ và họp xem xét của lãnh đạo") || strings.Contains(body, "Căn cứ pháp lý:") {
		t.Fatalf("the version 1 audit changed with the upgrade: %d", status)
	}
	if status, _ := e.put(e.lead, "T08b", map[string]any{"result": "conform", "note": "", "version": 0}); status != http.StatusNotFound {
		t.Errorf("a version 2 item answered on a version 1 audit: %d", status)
	}

	e.confirmRound(t) // a programme planned now
	if e.auditID == old {
		t.Fatal("no new audit")
	}
	status, body = lead.Page(fmt.Sprintf("/audits/%d", e.auditID))
	_, forms = lead.Page(fmt.Sprintf("/audits/%d/forms", e.auditID))
	body += forms
	if status != http.StatusOK || strings.Count(body, `data-answer-form`) != 69 {
		t.Fatalf("the new audit does not use version 2: %d", status)
	}
	for _, want := range []string{`id="item-T08b"`, `id="item-T11"`, `id="item-T12"`, "Căn cứ pháp lý:", "Nghị định số 61/2018/NĐ-CP", "Thông tư số 01/2018/TT-VPCP"} {
		if !strings.Contains(body, want) {
			t.Errorf("the version 2 audit page lacks %q", want)
		}
	}
	resp, js := e.lead.Do(http.MethodGet, e.path(""), nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(js), `"legal_refs_en":"Decision No. 19/2014/QĐ-TTg`) {
		t.Errorf("the audit's JSON lacks the English references: %d", resp.StatusCode)
	}
}
