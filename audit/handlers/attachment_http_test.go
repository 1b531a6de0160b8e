package handlers_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func (e *conductEnv) upload(c *webtest.Client, item, name string, data []byte) (int, []byte) {
	resp, body := c.Upload(e.path("/attachments"), "file", name, data, map[string]string{"item_id": item})
	return resp.StatusCode, body
}

func TestAttachmentsByContent(t *testing.T) {
	e := newConductEnv(t)
	photo := imagetest.WithExif(imagetest.EncodeJPEG(t, imagetest.Halves(60, 30)), imagetest.ExifTIFF(binary.BigEndian, 6))
	status, body := e.upload(e.lead, "C25", "IMG_0042.JPG", photo)
	if status != http.StatusCreated {
		t.Fatalf("photo: %d %s", status, body)
	}
	var att struct {
		ID          int64
		URL         string
		Filename    string
		ContentType string `json:"content_type"`
		Width       int
		Height      int
	}
	mustDecode(t, body, &att)
	if att.ContentType != "image/jpeg" || att.Width != 30 || att.Height != 60 || att.Filename != "IMG_0042.jpg" ||
		att.URL != fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, att.ID) {
		t.Errorf("attachment %+v", att)
	}
	resp, served := e.lead.Do(http.MethodGet, att.URL, nil)
	h := resp.Header
	if resp.StatusCode != http.StatusOK || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "inline") || !strings.Contains(h.Get("Content-Disposition"), "IMG_0042.jpg") {
		t.Fatalf("served %d %v", resp.StatusCode, h)
	}
	img, _, err := image.Decode(bytes.NewReader(served))
	if err != nil || img.Bounds().Dx() != 30 || !imagetest.IsRed(img.At(15, 10)) || !imagetest.IsBlue(img.At(15, 50)) {
		t.Errorf("the served photo is not upright (%v)", err)
	}
	if bytes.Contains(served, []byte("SECRETCAM")) || bytes.Contains(served, []byte("Exif")) {
		t.Error("the served photo keeps its metadata")
	}
	req, _ := http.NewRequest(http.MethodGet, e.app.HTTP.URL+att.URL, nil)
	req.Header.Set("Authorization", "Bearer "+e.lead.Bearer)
	req.Header.Set("If-None-Match", h.Get("ETag"))
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %v %v", r.StatusCode, err)
	}

	pdf := []byte("%PDF-1.7\n% biên bản\n%%EOF\n")
	status, body = e.upload(e.member, "C25", "bien-ban.pdf", pdf)
	mustDecode(t, body, &att)
	if status != http.StatusCreated {
		t.Fatalf("pdf: %d %s", status, body)
	}
	resp, served = e.lead.Do(http.MethodGet, att.URL, nil)
	if !bytes.Equal(served, pdf) || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the PDF is served as %v", resp.Header)
	}

	bad := []struct {
		name   string
		item   string
		file   string
		data   []byte
		status int
		field  string
	}{
		{"a GIF", "C25", "anh.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), 415, "file"},
		{"an executable named .jpg", "C25", "anh.jpg", []byte("MZ\x90\x00\x03\x00\x00\x00"), 415, "file"},
		{"over 10 MB", "C25", "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 10_000_000)...), 413, ""},
		{"an item not in the audit", "Z99", "a.pdf", pdf, 422, "item_id"},
		{"a PDF running JavaScript on opening", "C25", "bien-ban-2.pdf", scriptedPDF, 422, "file"},
	}
	for _, tt := range bad {
		status, body := e.upload(e.lead, tt.item, tt.file, tt.data)
		if status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, status, body, tt.status)
			continue
		}
		if eb := webtest.DecodeError(t, body); tt.field != "" && eb.Error.Fields[tt.field] == nil {
			t.Errorf("%s: %s does not name %s", tt.name, body, tt.field)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 2 {
		t.Errorf("%d attachments after bad uploads, want 2", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM attachment_blobs`); n != 2 {
		t.Errorf("%d blobs, want 2", n)
	}

	// The audited unit sees evidence only once the audit is submitted.
	if resp, _ := e.auditeeC.Do(http.MethodGet, att.URL, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("auditee before submission: %d", resp.StatusCode)
	}
	// A mistaken file can be removed while the audit is open.
	if resp, body := e.member.Do(http.MethodDelete, att.URL, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.lead.Do(http.MethodGet, att.URL, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted file: %d", resp.StatusCode)
	}
	e.answerAll(t, nil)
	if resp, body := e.lead.Do(http.MethodPost, e.path("/submit"), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	var first conduct.Attachment
	_ = e.app.DB.R.QueryRow(`SELECT id FROM attachments ORDER BY id LIMIT 1`).Scan(&first.ID)
	url := fmt.Sprintf("/api/v1/audits/%d/attachments/%d", e.auditID, first.ID)
	if resp, _ := e.auditeeC.Do(http.MethodGet, url, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("auditee after submission: %d", resp.StatusCode)
	}
	if status, body := e.upload(e.lead, "C25", "late.pdf", pdf); status != http.StatusConflict {
		t.Errorf("attaching after submission: %d %s", status, body)
	}
	if resp, _ := e.lead.Do(http.MethodDelete, url, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("deleting after submission: %d", resp.StatusCode)
	}
}

// scriptedPDF is a one-page PDF, built by hand, that runs JavaScript when
// it is opened (/OpenAction): evidence must never carry that.
var scriptedPDF = []byte("%PDF-1.7\n" +
	"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\nendobj\n" +
	"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
	"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n" +
	"4 0 obj\n<< /Type /Action /S /JavaScript /JS (app.launchURL\\(\"http://x/\"\\);) >>\nendobj\n" +
	"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
