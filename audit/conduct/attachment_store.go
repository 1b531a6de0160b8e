package conduct

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// AddAttachment stores evidence for an item of the audit; see
// AddAttachmentOnce, of which it is the form without an operation id.
func (c *Store) AddAttachment(ctx context.Context, p *audit.Audit, code, filename string, data []byte) (Attachment, error) {
	a, _, err := c.AddAttachmentOnce(ctx, p, code, filename, "", data)
	return a, err
}

// AddAttachmentOnce stores evidence for an item of the audit, made ready by
// PrepareEvidence (checked by content, images re-encoded) before the write
// transaction so that the writer is never held by image work. opID, when
// not empty, is the client's id for this upload (the offline queue's): an
// upload whose opID the audit has already seen stores nothing and returns
// the attachment it created, with replayed true, so that a reply lost on
// the way back never makes a second attachment. Returns apperr.Invalid for
// an unknown item, a malformed opID or too many files on the item,
// apperr.Unsupported and apperr.TooLarge from PrepareEvidence,
// apperr.Conflict when the audit is no longer open or the replayed upload's
// attachment was deleted since.
func (c *Store) AddAttachmentOnce(ctx context.Context, p *audit.Audit, code, filename, opID string, data []byte) (Attachment, bool, error) {
	return c.addUpload(ctx, p, code, opID, Upload{Name: filename, Data: data}, nil)
}

// addUpload is AddAttachmentOnce and AddMarkupOnce: up, and when original
// is not nil the photo up was drawn on, stored with it (see markup.go).
func (c *Store) addUpload(ctx context.Context, p *audit.Audit, code, opID string, up Upload, original *Upload) (Attachment, bool, error) {
	if opID != "" && !ValidOpID(opID) {
		return Attachment{}, false, apperr.InvalidFields(map[string]apperr.Msg{"op_id": apperr.M("offline.bad_op_id")})
	}
	// A replay is answered before anything else is checked: the upload was
	// accepted once, even if the audit has been submitted since.
	if opID != "" {
		if a, ok, err := c.replayedUpload(ctx, c.DB.R, p.ID, opID); ok || err != nil {
			return a, ok, err
		}
	}
	v, err := c.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return Attachment{}, false, err
	}
	it, ok := v.Item(code)
	if !ok {
		return Attachment{}, false, apperr.InvalidFields(map[string]apperr.Msg{"item_id": apperr.M("attachment.unknown_item")})
	}
	// The audit's state and the item's room are checked before the image
	// is decoded, the costly part, and again in the write transaction.
	if err := openForAnswers(ctx, c.DB.R, p.ID); err != nil {
		return Attachment{}, false, err
	}
	if err := itemHasRoom(ctx, c.DB.R, p.ID, it.Code); err != nil {
		return Attachment{}, false, err
	}
	a, data, err := prepared(ctx, p.ID, it.Code, up, original != nil, "file")
	if err != nil {
		return Attachment{}, false, err
	}
	var orig Attachment
	var origData []byte
	if original != nil {
		if orig, origData, err = prepared(ctx, p.ID, it.Code, *original, true, "original"); err != nil {
			return Attachment{}, false, err
		}
	}
	replayed := false
	err = c.DB.Write(ctx, func(tx *db.Tx) error {
		if opID != "" {
			// Two sends of one upload may both have passed the check above.
			prev, ok, err := c.replayedUpload(ctx, tx, p.ID, opID)
			if ok || err != nil {
				a, replayed = prev, ok
				return err
			}
		}
		if err := OpenForAnswersTx(tx, p.ID); err != nil {
			return err
		}
		if err := insertAttachment(tx, &a, data, opID); err != nil {
			return err
		}
		if original != nil {
			return insertOriginal(tx, &a, &orig, origData)
		}
		return nil
	})
	return a, replayed, err
}

// prepared checks one uploaded file by its content (PrepareUpload) and
// makes the attachment to store of it; a refusal names field. A mark-up
// and its original must both be images: a PDF cannot be drawn on.
func prepared(ctx context.Context, auditID int64, item string, up Upload, imageOnly bool, field string) (Attachment, []byte, error) {
	ev, err := PrepareUpload(ctx, up.Data, up.Name)
	if err == nil && imageOnly && ev.ContentType == TypePDF {
		err = errUnsupported()
	}
	if err != nil {
		return Attachment{}, nil, renamedField(err, "file", field)
	}
	sum := sha256.Sum256(ev.Data)
	return Attachment{AuditID: auditID, ItemID: item, Filename: AttachmentName(up.Name, ev.ContentType), ContentType: ev.ContentType,
		Size: len(ev.Data), Width: ev.Width, Height: ev.Height, SHA256: hex.EncodeToString(sum[:])}, ev.Data, nil
}

// insertAttachment writes a new attachment with its bytes, the operation
// id it came with and the trail entry.
func insertAttachment(tx *db.Tx, a *Attachment, data []byte, opID string) error {
	if err := itemHasRoom(tx.Context(), tx.Tx, a.AuditID, a.ItemID); err != nil {
		return err
	}
	res, err := tx.Exec(`INSERT INTO attachments (audit_id, item_code, filename, content_type, size, width, height, sha256, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.AuditID, a.ItemID, a.Filename, a.ContentType, a.Size, a.Width, a.Height, a.SHA256,
		tx.ActorArg(), db.FormatTime(tx.Now))
	if err != nil {
		return fmt.Errorf("audit: attach: %w", err)
	}
	a.ID, _ = res.LastInsertId()
	a.CreatedAt = tx.Now
	if _, err := tx.Exec(`INSERT INTO attachment_blobs (attachment_id, data) VALUES (?, ?)`, a.ID, data); err != nil {
		return fmt.Errorf("audit: attach: %w", err)
	}
	if opID != "" {
		if _, err := tx.Exec(`INSERT INTO upload_ops (audit_id, op_id, attachment_id, created_at) VALUES (?, ?, ?, ?)`,
			a.AuditID, opID, a.ID, db.FormatTime(tx.Now)); err != nil {
			return fmt.Errorf("audit: attach: %w", err)
		}
	}
	return tx.Record("audit", a.AuditID, "attach", map[string]any{"item": a.ItemID, "attachment": a.ID, "filename": a.Filename,
		"content_type": a.ContentType, "size": a.Size, "sha256": a.SHA256})
}

// replayedUpload returns the attachment an upload with opID created, ok
// false when the audit has not seen opID. An attachment deleted since is
// apperr.Conflict: the replay must not bring it back.
func (c *Store) replayedUpload(ctx context.Context, q rowQuerier, auditID int64, opID string) (Attachment, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT attachment_id FROM upload_ops WHERE audit_id = ? AND op_id = ?`, auditID, opID).Scan(&id)
	if db.NoRows(err) {
		return Attachment{}, false, nil
	}
	if err != nil {
		return Attachment{}, false, fmt.Errorf("audit: upload op %d/%s: %w", auditID, opID, err)
	}
	a, err := scanAttachment(q.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments t
		LEFT JOIN users u ON u.id = t.uploaded_by WHERE t.audit_id = ? AND t.id = ?`, auditID, id))
	if db.NoRows(err) {
		return Attachment{}, false, apperr.New(apperr.Conflict, "attachment_deleted", apperr.M("offline.attachment_deleted"))
	}
	if err != nil {
		return Attachment{}, false, fmt.Errorf("audit: upload op %d/%s: %w", auditID, opID, err)
	}
	return a, true, nil
}

// OpenForAnswersTx checks in a write transaction that the audit is still
// open to the team's changes.
func OpenForAnswersTx(tx *db.Tx, auditID int64) error {
	return openForAnswers(tx.Context(), tx.Tx, auditID)
}

// itemHasRoom refuses another file on an item that has MaxAttachmentsPerItem.
// The original of a marked-up photo is not counted: it is the same evidence.
func itemHasRoom(ctx context.Context, q rowQuerier, auditID int64, code string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE audit_id = ? AND item_code = ? AND original_of IS NULL`, auditID, code).Scan(&n); err != nil {
		return err
	}
	if n >= MaxAttachmentsPerItem {
		return apperr.InvalidFields(map[string]apperr.Msg{"file": apperr.M("attachment.too_many", "n", MaxAttachmentsPerItem)})
	}
	return nil
}

// openForAnswers is OpenForAnswersTx on any connection.
func openForAnswers(ctx context.Context, q rowQuerier, auditID int64) error {
	var status string
	err := q.QueryRowContext(ctx, `SELECT status FROM audits WHERE id = ?`, auditID).Scan(&status)
	if db.NoRows(err) {
		return audit.ErrHidden()
	}
	if err != nil {
		return err
	}
	if !audit.OpenForAnswers(status) {
		return audit.ErrNotOpen(status)
	}
	return nil
}

const attachmentColumns = `t.id, t.audit_id, t.item_code, t.filename, t.content_type, t.size, t.width, t.height, t.sha256,
	COALESCE(u.username, ''), t.created_at, COALESCE(t.original_of, 0),
	COALESCE((SELECT o.id FROM attachments o WHERE o.original_of = t.id), 0)`

func scanAttachment(row interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	var at string
	err := row.Scan(&a.ID, &a.AuditID, &a.ItemID, &a.Filename, &a.ContentType, &a.Size, &a.Width, &a.Height, &a.SHA256, &a.UploadedBy, &at,
		&a.OriginalOf, &a.OriginalID)
	a.CreatedAt, _ = db.ParseTime(at)
	return a, err
}

// Attachments returns an audit's attachments keyed by item code, oldest
// first: the evidence as shown and printed, so a marked-up photo without
// its original (OriginalID names it).
func (c *Store) Attachments(ctx context.Context, auditID int64) (map[string][]Attachment, error) {
	rows, err := c.DB.R.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments t LEFT JOIN users u ON u.id = t.uploaded_by
		WHERE t.audit_id = ? AND t.original_of IS NULL ORDER BY t.id`, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit: attachments of %d: %w", auditID, err)
	}
	defer rows.Close()
	out := map[string][]Attachment{}
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: attachments of %d: %w", auditID, err)
		}
		out[a.ItemID] = append(out[a.ItemID], a)
	}
	return out, rows.Err()
}

// AttachmentData returns one attachment of an audit with its bytes.
// Returns apperr.NotFound.
func (c *Store) AttachmentData(ctx context.Context, auditID, id int64) (Attachment, []byte, error) {
	a, err := scanAttachment(c.DB.R.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM attachments t
		LEFT JOIN users u ON u.id = t.uploaded_by WHERE t.audit_id = ? AND t.id = ?`, auditID, id))
	if db.NoRows(err) {
		return a, nil, apperr.NotFoundThing("thing.attachment")
	}
	if err != nil {
		return a, nil, fmt.Errorf("audit: attachment %d: %w", id, err)
	}
	var data []byte
	if err := c.DB.R.QueryRowContext(ctx, `SELECT data FROM attachment_blobs WHERE attachment_id = ?`, id).Scan(&data); err != nil {
		return a, nil, fmt.Errorf("audit: attachment %d data: %w", id, err)
	}
	return a, data, nil
}

// DeleteAttachment removes a file attached by mistake (a photo of the wrong
// page, of a person) while the audit is open, a marked-up photo with its
// original; the trail keeps their names and checksums. The original of a
// mark-up is not deleted alone: it is what the mark-up was drawn on.
// Returns apperr.NotFound, apperr.Conflict.
func (c *Store) DeleteAttachment(ctx context.Context, auditID, id int64) error {
	return c.DB.Write(ctx, func(tx *db.Tx) error {
		if err := OpenForAnswersTx(tx, auditID); err != nil {
			return err
		}
		var item, name, sum string
		var originalOf *int64
		err := tx.QueryRow(`SELECT item_code, filename, sha256, original_of FROM attachments WHERE audit_id = ? AND id = ?`, auditID, id).
			Scan(&item, &name, &sum, &originalOf)
		if db.NoRows(err) {
			return apperr.NotFoundThing("thing.attachment")
		}
		if err != nil {
			return err
		}
		if originalOf != nil {
			return apperr.New(apperr.Conflict, "original_of_markup", apperr.M("markup.original_not_alone"))
		}
		detail := map[string]any{"item": item, "attachment": id, "filename": name, "sha256": sum}
		var origID int64
		var origName, origSum string
		err = tx.QueryRow(`SELECT id, filename, sha256 FROM attachments WHERE original_of = ?`, id).Scan(&origID, &origName, &origSum)
		if err != nil && !db.NoRows(err) {
			return err
		}
		if err == nil {
			detail["original"] = map[string]any{"attachment": origID, "filename": origName, "sha256": origSum}
			if err := deleteAttachmentRow(tx, origID); err != nil {
				return err
			}
		}
		if err := deleteAttachmentRow(tx, id); err != nil {
			return err
		}
		return tx.Record("audit", auditID, "detach", detail)
	})
}

// deleteAttachmentRow deletes one attachment and its bytes.
func deleteAttachmentRow(tx *db.Tx, id int64) error {
	if _, err := tx.Exec(`DELETE FROM attachment_blobs WHERE attachment_id = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(`DELETE FROM attachments WHERE id = ?`, id)
	return err
}
