package handlers_test

import (
	"encoding/binary"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// uploadOp uploads a file with the client's operation id, as the offline
// queue does.
func (e *conductEnv) uploadOp(c *webtest.Client, item, op string, data []byte) (int, []byte) {
	resp, body := c.Upload(e.path("/attachments"), "file", "IMG_1.jpg", data, map[string]string{"item_id": item, "op_id": op})
	return resp.StatusCode, body
}

type errorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Fields  map[string]any `json:"fields"`
		Allowed []string       `json:"allowed"`
	} `json:"error"`
}

// A photo upload sent again (its reply lost on the way back) makes no
// second attachment: the server answers 200 with the first one.
func TestUploadReplayIsIdempotent(t *testing.T) {
	e := newOfflineEnv(t)
	photo := imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(60, 30)), imagetest.ExifTIFF(binary.BigEndian, 6))
	const op = "3f1c2a9e-7b1d-4c55-9a61-0d2b8e4f6a10"
	status, body := e.uploadOp(e.lead, "C25", op, photo)
	if status != http.StatusCreated {
		t.Fatalf("first send: %d %s", status, body)
	}
	var first, again struct{ ID int64 }
	mustDecode(t, body, &first)
	for range 2 {
		status, body = e.uploadOp(e.lead, "C25", op, photo)
		mustDecode(t, body, &again)
		if status != http.StatusOK || again.ID != first.ID {
			t.Fatalf("replay: %d %s, want 200 with attachment %d", status, body, first.ID)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments WHERE audit_id = ?`, e.auditID); n != 1 {
		t.Errorf("%d attachments, want 1", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE action = 'attach'`); n != 1 {
		t.Errorf("%d attach events, want 1", n)
	}
	// The team mate's own upload with another id is a new attachment; the
	// same id on another audit's upload is another operation.
	if status, body = e.uploadOp(e.member, "C25", "a0b1c2d3-e4f5", photo); status != http.StatusCreated {
		t.Errorf("another op: %d %s", status, body)
	}

	// A team mate deletes the photo; a late replay must not bring it back.
	resp, b := e.member.Do(http.MethodDelete, e.path(fmt.Sprintf("/attachments/%d", first.ID)), nil)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, b)
	}
	status, body = e.uploadOp(e.lead, "C25", op, photo)
	var eb errorBody
	mustDecode(t, body, &eb)
	if status != http.StatusConflict || eb.Error.Code != "attachment_deleted" || eb.Error.Message == "" {
		t.Errorf("replay after deletion: %d %s", status, body)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments WHERE audit_id = ? AND id = ?`, e.auditID, first.ID); n != 0 {
		t.Error("the replay brought the deleted photo back")
	}
}

func TestUploadOpIDIsChecked(t *testing.T) {
	e := newOfflineEnv(t)
	photo := imagetest.EncodeJPEG(t, imagetest.Halves(20, 10))
	for _, op := range []string{"short", "has space in it", "ñoño-ñoño-ñoño", strings.Repeat("x", 65)} {
		status, body := e.uploadOp(e.lead, "C25", op, photo)
		var eb errorBody
		mustDecode(t, body, &eb)
		if status != http.StatusUnprocessableEntity || eb.Error.Fields["op_id"] == nil {
			t.Errorf("op_id %q: %d %s", op, status, body)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Errorf("%d attachments stored from refused uploads", n)
	}
}

// The changes a queue replays after the audit was submitted: an answer or a
// new photo is refused with the reason (409 with the states allowed); an
// item the audit does not have is 404; a photo the server had already
// accepted is still acknowledged, not duplicated.
func TestQueuedChangesRefusedAfterSubmission(t *testing.T) {
	e := newOfflineEnv(t)
	photo := imagetest.EncodeJPEG(t, imagetest.Halves(20, 10))
	const op = "5c6d7e8f-0a1b-4c2d-8e3f-405162738495"
	if status, body := e.uploadOp(e.lead, "C25", op, photo); status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	e.answerAll(t, nil)
	resp, body := e.member.Do(http.MethodPost, e.path("/submit"), map[string]any{})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	var v int64
	_ = e.app.DB.R.QueryRow(`SELECT version FROM answers WHERE audit_id = ? AND item_code = 'C03'`, e.auditID).Scan(&v)
	status, body := e.put(e.lead, "C03", map[string]any{"result": "minor", "note": "Ghi sau khi mất mạng", "version": v})
	var eb errorBody
	mustDecode(t, body, &eb)
	if status != http.StatusConflict || eb.Error.Code != "audit_not_open" || !strings.Contains(eb.Error.Message, "Đã nộp") ||
		eb.Error.Allowed == nil {
		t.Errorf("an answer replayed after submission: %d %s", status, body)
	}
	status, body = e.put(e.lead, "X99", map[string]any{"result": "conform", "note": "Câu đã bị bỏ", "version": 0})
	if status != http.StatusNotFound {
		t.Errorf("an item not in the audit: %d %s", status, body)
	}
	status, body = e.uploadOp(e.lead, "C26", "6d7e8f90-1a2b-4c3d-9e4f-506172839405", photo)
	mustDecode(t, body, &eb)
	if status != http.StatusConflict || eb.Error.Code != "audit_not_open" {
		t.Errorf("a new photo after submission: %d %s", status, body)
	}
	if status, body = e.uploadOp(e.lead, "C25", op, photo); status != http.StatusOK {
		t.Errorf("a photo accepted before submission, sent again: %d %s", status, body)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments WHERE audit_id = ?`, e.auditID); n != 1 {
		t.Errorf("%d attachments, want 1", n)
	}
	if result, note, _ := e.stored(t, "C03"); result != "conform" || strings.Contains(note, "mất mạng") {
		t.Errorf("the refused answer changed C03: %s %q", result, note)
	}
}

// GET /api/v1/offline tells the page who is signed in, the session's CSRF
// token and which audits to keep for offline use: the open audits the
// caller answers, none for anyone else.
func TestOfflineSession(t *testing.T) {
	e := newOfflineEnv(t)
	browser := e.app.Login("auditor.A", webtest.Password)
	_, page := browser.Page(fmt.Sprintf("/audits/%d", e.auditID))
	if !strings.Contains(page, `data-user="auditor.A"`) || !strings.Contains(page, `id="offline"`) {
		t.Error("the audit page does not name its user for the queue")
	}
	resp, body := browser.Do(http.MethodGet, "/api/v1/offline", nil)
	var s struct {
		User   string
		CSRF   string
		Audits []struct {
			ID   int64
			Path string
		}
		Messages map[string]string
	}
	mustDecode(t, body, &s)
	if resp.StatusCode != http.StatusOK || s.User != "auditor.A" || s.CSRF != browser.CSRF || len(s.Audits) != 1 ||
		s.Audits[0].ID != e.auditID || s.Audits[0].Path != fmt.Sprintf("/audits/%d", e.auditID) || s.Messages["signout_warning"] == "" {
		t.Errorf("auditor.A: %d %s", resp.StatusCode, body)
	}
	for _, c := range []*webtest.Client{e.office, e.auditeeC} {
		resp, body := c.Do(http.MethodGet, "/api/v1/offline", nil)
		mustDecode(t, body, &s)
		if resp.StatusCode != http.StatusOK || len(s.Audits) != 0 {
			t.Errorf("%s: %d %s", s.User, resp.StatusCode, body)
		}
	}
	if resp, _ := e.app.Anonymous().Do(http.MethodGet, "/api/v1/offline", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", resp.StatusCode)
	}
	// An auditee's page has no queue.
	_, page = e.app.Login("auditee."+e.auditee, webtest.Password).Page(fmt.Sprintf("/audits/%d", e.auditID))
	if strings.Contains(page, `data-user=`) || strings.Contains(page, `id="offline"`) {
		t.Error("the auditee's page carries the offline queue")
	}
}

// The service worker is served from the site's root, never cached by HTTP,
// versioned by the build and naming the shell's content-hash URLs.
func TestServiceWorkerServedAtRoot(t *testing.T) {
	e := newOfflineEnv(t)
	resp, body := e.app.Anonymous().Do(http.MethodGet, "/sw.js", nil)
	h := resp.Header
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") ||
		h.Get("Cache-Control") != "no-store" || h.Get("Service-Worker-Allowed") != "/" {
		t.Fatalf("GET /sw.js: %d %v", resp.StatusCode, h)
	}
	m := regexp.MustCompile(`^self\.CROSSAUDIT_BUILD = \{"shell":\[("/static/[a-z]+\.[0-9a-f]{10}\.[a-z]+",?)+\],"version":"[0-9a-f]{12}"\};\n`).Find(body)
	if m == nil {
		t.Fatalf("the worker's prelude: %.300s", body)
	}
	for _, name := range []string{"app.js", "audit.js", "offline.js", "app.css"} {
		stem, ext, _ := strings.Cut(name, ".")
		if !regexp.MustCompile(`"/static/` + stem + `\.[0-9a-f]{10}\.` + ext + `"`).Match(m) {
			t.Errorf("the shell lacks %s", name)
		}
	}
	if !strings.Contains(string(body), `caches.delete(DATA)`) {
		t.Error("the worker does not empty the user's cache")
	}
}
