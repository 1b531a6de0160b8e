package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// part is one file of a multipart upload.
type part struct{ field, name string }

// uploadParts posts a multipart form with the given files and fields, as
// the API client c (bearer token).
func (e *conductEnv) uploadParts(t *testing.T, c *webtest.Client, fields map[string]string, files map[part][]byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for p, data := range files {
		fw, _ := w.CreateFormFile(p.field, p.name)
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.app.HTTP.URL+e.path("/attachments"), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.Bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.Bytes()
}

// markedUp is the photo with a red ring drawn on it, as the tablet's
// editor would send it.
func markedUp(t *testing.T, w, h int) []byte {
	img := imagetest.Halves(w, h)
	for x := w / 4; x < 3*w/4; x++ {
		for dy := range 3 {
			img.SetRGBA(x, h/4+dy, color.RGBA{255, 255, 0, 255})
			img.SetRGBA(x, 3*h/4+dy, color.RGBA{255, 255, 0, 255})
		}
	}
	return imagetest.EncodeJPEG(t, img)
}

func TestMarkupKeepsItsOriginal(t *testing.T) {
	e := newConductEnv(t)
	original := imagetest.EncodeJPEG(t, imagetest.Halves(80, 40))
	marked := markedUp(t, 80, 40)
	status, body := e.uploadParts(t, e.lead, map[string]string{"item_id": "C25", "op_id": "op-markup-0001"},
		map[part][]byte{{"file", "IMG_1.jpg"}: marked, {"original", "IMG_1.jpg"}: original})
	if status != http.StatusCreated {
		t.Fatalf("mark-up: %d %s", status, body)
	}
	var att struct {
		ID          int64
		URL         string
		OriginalID  int64  `json:"original_id"`
		OriginalURL string `json:"original_url"`
	}
	mustDecode(t, body, &att)
	if att.OriginalID == 0 || att.OriginalURL != fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, att.OriginalID) {
		t.Fatalf("the mark-up does not name its original: %s", body)
	}
	// Both are served: the mark-up as drawn, the original as the server
	// makes any photo (re-encoded without metadata), not the mark-up.
	_, servedMarked := e.lead.Do(http.MethodGet, att.URL, nil)
	resp, servedOriginal := e.lead.Do(http.MethodGet, att.OriginalURL, nil)
	want, err := conduct.PrepareEvidence(context.Background(), original)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(servedOriginal, want.Data) {
		t.Errorf("the original is served %d, %d bytes, want the photo as uploaded (%d bytes)", resp.StatusCode, len(servedOriginal), len(want.Data))
	}
	if bytes.Equal(servedMarked, servedOriginal) {
		t.Error("the mark-up is served as the original")
	}
	if img, _, err := image.Decode(bytes.NewReader(servedMarked)); err != nil || !isYellow(img.At(40, 11)) {
		t.Errorf("the served mark-up lacks what was drawn (%v)", err)
	}
	// The item lists the mark-up once, with its original; the original is
	// not evidence of its own (nor printed).
	for _, it := range e.items(t) {
		if it.ItemID != "C25" {
			continue
		}
		if len(it.Attachments) != 1 || it.Attachments[0].ID != att.ID || it.Attachments[0].OriginalID != att.OriginalID {
			t.Errorf("C25 lists %+v", it.Attachments)
		}
	}
	// The audit page shows the mark-up with a link to the original, among
	// the item's fields (which the page fetches from /forms).
	lead := e.app.Login("auditor.A", webtest.Password)
	_, page := lead.Page(e.pagePath() + "/forms")
	if !strings.Contains(page, `href="`+att.OriginalURL+`"`) || !strings.Contains(page, `src="`+att.URL+`"`) || strings.Contains(page, `src="`+att.OriginalURL+`"`) {
		t.Error("the audit page does not show the mark-up with a link to its original")
	}
	// A replay of the same upload makes nothing new.
	status, body = e.uploadParts(t, e.lead, map[string]string{"item_id": "C25", "op_id": "op-markup-0001"},
		map[part][]byte{{"file", "IMG_1.jpg"}: marked, {"original", "IMG_1.jpg"}: original})
	if status != http.StatusOK || e.count(t, `SELECT COUNT(*) FROM attachments`) != 2 {
		t.Errorf("replay: %d %s, %d rows", status, body, e.count(t, `SELECT COUNT(*) FROM attachments`))
	}

	// The original is not deleted alone; the mark-up goes with it.
	if resp, body := e.lead.Do(http.MethodDelete, att.OriginalURL, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("deleting the original alone: %d %s", resp.StatusCode, body)
	}
	if resp, body := e.lead.Do(http.MethodDelete, att.URL, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`) + e.count(t, `SELECT COUNT(*) FROM attachment_blobs`); n != 0 {
		t.Errorf("%d rows left after deleting the mark-up", n)
	}
	if resp, _ := e.lead.Do(http.MethodGet, att.OriginalURL, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the original after deletion: %d", resp.StatusCode)
	}
}

func isYellow(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xb000 && g > 0xb000 && b < 0x6000
}

func (e *conductEnv) pagePath() string { return fmt.Sprintf("/audits/%d", e.auditID) }

func TestMarkupRefusals(t *testing.T) {
	e := newConductEnv(t)
	photo := imagetest.EncodeJPEG(t, imagetest.Halves(40, 20))
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	huge := append([]byte{0xff, 0xd8, 0xff}, make([]byte, 10_000_000)...)
	tests := []struct {
		name   string
		fields map[string]string
		files  map[part][]byte
		status int
		field  string
	}{
		{"a mark-up without its original", map[string]string{"item_id": "C25", "markup": "1"},
			map[part][]byte{{"file", "a.jpg"}: photo}, 422, "original"},
		{"an original that is not an image", map[string]string{"item_id": "C25"},
			map[part][]byte{{"file", "a.jpg"}: photo, {"original", "a.gif"}: gif}, 415, "original"},
		{"an original that is a PDF", map[string]string{"item_id": "C25"},
			map[part][]byte{{"file", "a.jpg"}: photo, {"original", "a.pdf"}: pdf}, 415, "original"},
		{"a mark-up that is not an image", map[string]string{"item_id": "C25"},
			map[part][]byte{{"file", "a.jpg"}: gif, {"original", "a.jpg"}: photo}, 415, "file"},
		{"an original of too many pixels", map[string]string{"item_id": "C25"},
			map[part][]byte{{"file", "a.jpg"}: photo, {"original", "a.png"}: imagetest.DeepPNG(8000, 8000)}, 413, "original"},
		{"an original over 10 MB", map[string]string{"item_id": "C25"},
			map[part][]byte{{"file", "a.jpg"}: photo, {"original", "a.jpg"}: huge}, 413, ""},
	}
	for _, tt := range tests {
		status, body := e.uploadParts(t, e.lead, tt.fields, tt.files)
		if status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, status, body, tt.status)
			continue
		}
		eb := webtest.DecodeError(t, body)
		if tt.field != "" && eb.Error.Fields[tt.field] == nil {
			t.Errorf("%s: %s does not name %s", tt.name, body, tt.field)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Errorf("%d attachments stored by refused uploads", n)
	}
	eb := webtest.DecodeError(t, mustStatus(t, e, map[string]string{"item_id": "C25", "markup": "1"}, map[part][]byte{{"file", "a.jpg"}: photo}))
	if !strings.Contains(fmt.Sprint(eb.Error.Fields["original"]), "ảnh gốc") {
		t.Errorf("the refusal does not say what is missing: %+v", eb.Error)
	}
}

func mustStatus(t *testing.T, e *conductEnv, fields map[string]string, files map[part][]byte) []byte {
	_, body := e.uploadParts(t, e.lead, fields, files)
	return body
}

// Deleting evidence without JavaScript asks first: the form posted
// without confirm=1 shows what will happen and deletes nothing.
func TestDeletingEvidenceAsksWithoutScript(t *testing.T) {
	e := newConductEnv(t)
	status, body := e.uploadParts(t, e.lead, map[string]string{"item_id": "C25"},
		map[part][]byte{{"file", "bien-ban.jpg"}: markedUp(t, 60, 30), {"original", "bien-ban.jpg"}: imagetest.EncodeJPEG(t, imagetest.Halves(60, 30))})
	if status != http.StatusCreated {
		t.Fatalf("mark-up: %d %s", status, body)
	}
	var att struct{ ID int64 }
	mustDecode(t, body, &att)
	lead := e.app.Login("auditor.A", webtest.Password)
	lead.Page(e.pagePath())
	del := fmt.Sprintf("%s/attachments/%d/delete", e.pagePath(), att.ID)
	resp, page := lead.Form(del, url.Values{"item_id": {"C25"}})
	for _, want := range []string{"Xóa bằng chứng?", "“bien-ban.jpg” sẽ bị gỡ khỏi câu hỏi C25", "báo cáo", "Ảnh gốc (chưa đánh dấu)", `name="confirm" value="1"`, `href="` + e.pagePath() + `#item-C25"`} {
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), want) {
			t.Errorf("the delete form without confirmation: %d, lacks %q", resp.StatusCode, want)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 2 {
		t.Fatalf("deleted without confirmation: %d rows", n)
	}
	if status, got := lead.Page(del); status != http.StatusOK || !strings.Contains(got, "bien-ban.jpg") {
		t.Errorf("the confirmation page: %d", status)
	}
	resp, _ = lead.Form(del, url.Values{"item_id": {"C25"}, "confirm": {"1"}})
	if resp.StatusCode != http.StatusSeeOther || e.count(t, `SELECT COUNT(*) FROM attachments`) != 0 {
		t.Errorf("confirmed deletion: %d, %d rows", resp.StatusCode, e.count(t, `SELECT COUNT(*) FROM attachments`))
	}
}
