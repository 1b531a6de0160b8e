package conduct

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Upload is one uploaded file with the name it came under.
type Upload struct {
	Name string
	Data []byte
}

// IsMarkup reports whether the attachment is a marked-up photo, whose
// original is kept beside it.
func (a Attachment) IsMarkup() bool { return a.OriginalID != 0 }

// OriginalURL is where the photo a mark-up was drawn on is served; "" for
// any other attachment.
func (a Attachment) OriginalURL() string {
	if a.OriginalID == 0 {
		return ""
	}
	return fmt.Sprintf("/api/v1/audits/%d/attachments/%d", a.AuditID, a.OriginalID)
}

// AddMarkupOnce stores a photo marked up on the tablet (an arrow, a circle,
// a label drawn on it) together with the photo it was drawn on: the
// mark-up is the item's evidence, shown and printed, and the original is
// kept, linked to it, as it was taken. Both go through the checks of any
// photo (PrepareUpload) and must be images; a refusal names the part,
// "file" for the mark-up, "original" for the original. opID is as in
// AddAttachmentOnce and names the pair. Returns what AddAttachmentOnce
// returns.
func (c *Store) AddMarkupOnce(ctx context.Context, p *audit.Audit, code, opID string, marked, original Upload) (Attachment, bool, error) {
	return c.addUpload(ctx, p, code, opID, marked, &original)
}

// insertOriginal writes the original of the mark-up m, just inserted, as an
// attachment of its own linked to m, and sets m.OriginalID.
func insertOriginal(tx *db.Tx, m, o *Attachment, data []byte) error {
	res, err := tx.Exec(`INSERT INTO attachments (audit_id, item_code, filename, content_type, size, width, height, sha256, uploaded_by, created_at, original_of)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.AuditID, o.ItemID, o.Filename, o.ContentType, o.Size, o.Width, o.Height, o.SHA256,
		tx.ActorArg(), db.FormatTime(tx.Now), m.ID)
	if err != nil {
		return fmt.Errorf("audit: attach original: %w", err)
	}
	o.ID, _ = res.LastInsertId()
	o.CreatedAt, o.OriginalOf = tx.Now, m.ID
	if _, err := tx.Exec(`INSERT INTO attachment_blobs (attachment_id, data) VALUES (?, ?)`, o.ID, data); err != nil {
		return fmt.Errorf("audit: attach original: %w", err)
	}
	m.OriginalID = o.ID
	return tx.Record("audit", m.AuditID, "attach_original", map[string]any{"item": m.ItemID, "attachment": o.ID, "markup": m.ID,
		"filename": o.Filename, "content_type": o.ContentType, "size": o.Size, "sha256": o.SHA256})
}

// renamedField moves a refusal's message about field from to field to, so
// that a refused original is named "original" rather than "file".
func renamedField(err error, from, to string) error {
	var ae *apperr.Error
	if from == to || !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err
	}
	msg, ok := ae.Fields[from]
	if !ok {
		return err
	}
	out := *ae
	out.Fields = maps.Clone(ae.Fields)
	delete(out.Fields, from)
	out.Fields[to] = msg
	return &out
}

// AttachmentInfo returns one attachment of an audit without its bytes.
// Returns apperr.NotFound.
func (c *Store) AttachmentInfo(ctx context.Context, auditID, id int64) (Attachment, error) {
	a, err := scanAttachment(c.DB.R.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments t
		LEFT JOIN users u ON u.id = t.uploaded_by WHERE t.audit_id = ? AND t.id = ?`, auditID, id))
	if db.NoRows(err) {
		return a, apperr.NotFoundThing("thing.attachment")
	}
	if err != nil {
		return a, fmt.Errorf("audit: attachment %d: %w", id, err)
	}
	return a, nil
}
