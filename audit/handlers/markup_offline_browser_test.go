package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/browsertest"
)

// A photo marked up while the tablet is offline waits in the queue with
// its original, both kept across a reload, and both reach the server,
// linked, once the network returns.
func TestBrowserOfflineMarkupKeepsBoth(t *testing.T) {
	e := newOfflineEnv(t)
	served := logRequests(e)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("%s/audits/%d", base, e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, page)
	openControlled(t, ctx, page)

	setOffline(t, ctx, true)
	served.setCut(true)
	picked := grayPhoto(t, 800, 600)
	file := filepath.Join(t.TempDir(), "IMG_MAT_MANG.jpg")
	if err := os.WriteFile(file, picked, 0o600); err != nil {
		t.Fatal(err)
	}
	openItem(t, ctx, "C25")
	browsertest.Do(t, ctx, "take a photo offline", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	poll(t, ctx, "the editor", `!!document.querySelector("dialog.markup[open]")`)
	drag(t, ctx, boxOf(t, ctx, "dialog.markup canvas"), 0.2, 0.2, 0.6, 0.6)
	poll(t, ctx, "the arrow", `document.querySelector("dialog.markup").dataset.shapes === "1"`)
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
	poll(t, ctx, "the waiting mark-up", `!!document.querySelector("#item-C25 .thumb.pending img")`)
	stored := `ca => ca.idb().then(db => new Promise(r => {
		const q = db.transaction("ops").objectStore("ops").getAll();
		q.onsuccess = () => r(q.result.filter(o => o.kind === "upload").map(o => [o.blob.size > 0, !!o.original && o.original.size]).join(";"));
	}))`
	want := fmt.Sprintf("true,%d", len(picked))
	poll(t, ctx, "both files kept on the tablet", `(`+stored+`)(window.crossaudit).then(s => s === "`+want+`")`)
	if got := browsertest.Text(t, ctx, "[data-offline-list]"); !strings.Contains(got, "kèm ảnh gốc") {
		t.Errorf("the panel lists %q", got)
	}

	// Reopened offline: still waiting, with both files.
	openControlled(t, ctx, page)
	poll(t, ctx, "the waiting mark-up after a reload", `!!document.querySelector("#item-C25 .thumb.pending img")`)
	poll(t, ctx, "both files still kept", `(`+stored+`)(window.crossaudit).then(s => s === "`+want+`")`)
	if n := e.itemRows(t, "attachments", "C25"); n != 0 {
		t.Fatalf("%d rows reached the server while offline", n)
	}

	served.setCut(false)
	setOffline(t, ctx, false)
	poll(t, ctx, "the mark-up sent", `!!document.querySelector("#item-C25 .thumb:not(.pending) a[data-original]") && !document.querySelector("#item-C25 .thumb.pending")`)
	var markID, origID int64
	if err := e.app.DB.R.QueryRow(`SELECT m.id, o.id FROM attachments m JOIN attachments o ON o.original_of = m.id WHERE m.item_code = 'C25'`).Scan(&markID, &origID); err != nil {
		t.Fatalf("the mark-up did not arrive with its original: %v", err)
	}
	if n := e.itemRows(t, "attachments", "C25"); n != 2 {
		t.Errorf("%d rows for C25, want the mark-up and its original once", n)
	}
	resp, original := e.lead.Do(http.MethodGet, fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, origID), nil)
	prepared, err := conduct.PrepareEvidence(context.Background(), picked)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(original, prepared.Data) {
		t.Errorf("the original that arrived (%d, %d bytes) is not the photo picked", resp.StatusCode, len(original))
	}
}

// With the tablet's storage full, a mark-up taken offline is not dropped:
// the item and the panel say it is not kept on the tablet, the page holds
// it, and the mark-up and its original reach the server together once the
// network returns.
func TestBrowserOfflineMarkupStorageFull(t *testing.T) {
	e := newOfflineEnv(t)
	ctx := browsertest.Start(t)
	noDialogs(t, ctx)
	base := e.app.HTTP.URL
	page := fmt.Sprintf("%s/audits/%d", base, e.auditID)
	signInAs(t, ctx, base, "auditor.A", "")
	openControlled(t, ctx, page)
	openControlled(t, ctx, page)
	one := 1.0
	if _, err := chromedp.Call(ctx, storage.OverrideQuotaForOrigin, storage.OverrideQuotaForOriginParams{Origin: base, QuotaSize: &one}); err != nil {
		t.Fatalf("fill the tablet's storage: %v", err)
	}
	setOffline(t, ctx, true)
	file := filepath.Join(t.TempDir(), "IMG_DAY_BO_NHO.jpg")
	if err := os.WriteFile(file, grayPhoto(t, 600, 400), 0o600); err != nil {
		t.Fatal(err)
	}
	openItem(t, ctx, "C25")
	browsertest.Do(t, ctx, "take a photo offline", chromedp.SetUploadFiles(chromedp.CSS(`#cam-C25`), []string{file}))
	poll(t, ctx, "the editor", `!!document.querySelector("dialog.markup[open]")`)
	drag(t, ctx, boxOf(t, ctx, "dialog.markup canvas"), 0.3, 0.3, 0.7, 0.7)
	poll(t, ctx, "the arrow", `document.querySelector("dialog.markup").dataset.shapes === "1"`)
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.CSS(`dialog.markup [data-markup-save]`)))
	poll(t, ctx, "the mark-up not kept, and said so", `document.querySelector("#item-C25 [data-state]").textContent.startsWith("Không giữ được") &&
		!document.querySelector("[data-offline-storage]").hidden && !!document.querySelector("#item-C25 .thumb.pending img")`)
	if got := browsertest.Text(t, ctx, "[data-offline-list]"); !strings.Contains(got, "kèm ảnh gốc") {
		t.Errorf("the panel lists %q", got)
	}
	setOffline(t, ctx, false)
	poll(t, ctx, "the mark-up sent", `!!document.querySelector("#item-C25 .thumb:not(.pending) a[data-original]")`)
	if n := e.count(t, `SELECT COUNT(*) FROM attachments m JOIN attachments o ON o.original_of = m.id WHERE m.item_code = 'C25'`); n != 1 {
		t.Errorf("%d mark-ups with their original arrived, want 1", n)
	}
}
