package conduct

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

// The types of evidence an audit accepts (CONTRACT.md).
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypePDF  = "application/pdf"
)

// MaxAttachmentsPerItem bounds the evidence of one item: a few photos of a
// register and a scanned form are usual; hundreds would be a mistake, and
// they all sit in the one database file.
const MaxAttachmentsPerItem = 30

// maxFilename bounds a stored file name, in characters.
const maxFilename = 120

// Attachment is a file of evidence attached to an item. Its bytes are
// served by URL.
type Attachment struct {
	ID          int64     `json:"id"`
	AuditID     int64     `json:"audit_id"`
	ItemID      string    `json:"item_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	// OriginalID is, for a marked-up photo, the attachment holding the
	// photo it was drawn on; 0 for any other file.
	OriginalID int64 `json:"original_id,omitempty"`
	// OriginalOf is, for such an original, the mark-up drawn on it; lists
	// never show these (Store.Attachments).
	OriginalOf int64 `json:"original_of,omitempty"`
}

// URL is where the attachment's bytes are served.
func (a Attachment) URL() string {
	return fmt.Sprintf("/api/v1/audits/%d/attachments/%d", a.AuditID, a.ID)
}

// IsImage reports whether the attachment is shown as a picture.
func (a Attachment) IsImage() bool { return a.ContentType == TypeJPEG || a.ContentType == TypePNG }

// Evidence is an upload made ready to store: images re-encoded (see
// ProcessImage), PDFs as they came.
type Evidence struct {
	Data        []byte
	ContentType string
	Width       int
	Height      int
}

// PrepareEvidence checks an upload by its content, not its name (the first
// bytes, then a full decode for images), and makes it ready to store.
// Returns apperr.Unsupported for anything but JPEG, PNG and PDF or for an
// image that does not decode, apperr.TooLarge for an image of too many
// pixels or memory, apperr.Invalid for a PDF with active content
// (ActiveContent).
func PrepareEvidence(ctx context.Context, b []byte) (Evidence, error) {
	return PrepareUpload(ctx, b, "")
}

// PrepareUpload is PrepareEvidence for a file uploaded under a name, which
// a refusal names.
func PrepareUpload(ctx context.Context, b []byte, filename string) (Evidence, error) {
	switch http.DetectContentType(b) {
	case TypeJPEG, TypePNG:
		return ProcessImage(ctx, b)
	case TypePDF:
		// Stored as it came: a PDF is evidence as signed or scanned, and
		// re-writing it could change what it shows. So one that can run
		// something is refused rather than cleaned (pdf_scan.go).
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			return Evidence{}, errUnsupported()
		}
		if active := ActiveContent(b); len(active) > 0 {
			return Evidence{}, errActivePDF(AttachmentName(filename, TypePDF), active)
		}
		return Evidence{Data: b, ContentType: TypePDF}, nil
	}
	return Evidence{}, errUnsupported()
}

// errActivePDF is the 422 naming the file and what it holds.
func errActivePDF(name string, active []string) error {
	what := "/" + strings.Join(active, ", /")
	msg := apperr.M("error.pdf_active_content", "file", name, "what", what)
	return &apperr.Error{Kind: apperr.Invalid, Code: "pdf_active_content", Message: msg,
		Fields: map[string]apperr.Msg{"file": msg}}
}

func errUnsupported() error {
	return &apperr.Error{Kind: apperr.Unsupported, Code: "unsupported_type", Message: apperr.M("attachment.bad_type"),
		Fields: map[string]apperr.Msg{"file": apperr.M("attachment.bad_type")}}
}

// AttachmentName makes the stored file name from the uploaded one: the base
// name only, without control characters, bounded, with the extension of
// what is stored (a PNG re-encoded stays .png, a photo becomes .jpg).
func AttachmentName(uploaded, contentType string) string {
	name := text.Clean(path.Base(strings.ReplaceAll(uploaded, "\\", "/")))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	stem := strings.TrimSuffix(name, path.Ext(name))
	if stem == "" || stem == "." {
		stem = "bang-chung"
	}
	if r := []rune(stem); len(r) > maxFilename {
		stem = string(r[:maxFilename])
	}
	return stem + extensionOf(contentType)
}

func extensionOf(contentType string) string {
	switch contentType {
	case TypeJPEG:
		return ".jpg"
	case TypePNG:
		return ".png"
	}
	return ".pdf"
}

// ValidOpID reports whether s can be a client's operation id: 8 to 64
// letters, digits, '-' or '_' (a UUID fits), so that it is safe to store
// and compare as it is.
func ValidOpID(s string) bool {
	if len(s) < 8 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
