package handlers

import (
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// addAttachment takes multipart "file" (10 MB at most), "item_id", for a
// marked-up photo "original" (see markupOriginal) and,
// optionally, "op_id", the client's id for the upload: a second upload with
// the same op_id (the offline queue sending again after a lost reply)
// creates nothing and answers 200 with the attachment the first one made,
// where a new attachment answers 201. The file is read before the other
// fields, so that an oversized body answers 413 rather than a missing
// field.
func (a *ConductAPI) addAttachment(c echo.Context) error {
	p, err := conductable(c, a.Conduct)
	if err != nil {
		return err
	}
	data, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	var att conduct.Attachment
	var replayed bool
	if original, isMarkup, err := markupOriginal(c); err != nil {
		return err
	} else if isMarkup {
		att, replayed, err = a.Conduct.AddMarkupOnce(c.Request().Context(), p, c.FormValue("item_id"), c.FormValue("op_id"),
			conduct.Upload{Name: name, Data: data}, original)
		if err != nil {
			return err
		}
	} else if att, replayed, err = a.Conduct.AddAttachmentOnce(c.Request().Context(), p, c.FormValue("item_id"), name, c.FormValue("op_id"), data); err != nil {
		return err
	}
	if replayed {
		return c.JSON(http.StatusOK, attachmentJSON(att))
	}
	return c.JSON(http.StatusCreated, attachmentJSON(att))
}

// attachmentJSON is an attachment with the URL of its bytes.
func attachmentJSON(a conduct.Attachment) map[string]any {
	return map[string]any{"id": a.ID, "audit_id": a.AuditID, "item_id": a.ItemID, "filename": a.Filename,
		"content_type": a.ContentType, "size": a.Size, "width": a.Width, "height": a.Height, "sha256": a.SHA256,
		"uploaded_by": a.UploadedBy, "created_at": a.CreatedAt, "url": a.URL(), "original_id": a.OriginalID, "original_url": a.OriginalURL()}
}

// getAttachment serves an attachment under the audit's read rules: the
// audited unit sees evidence only once the audit is submitted. Images are
// shown inline; a PDF is downloaded, since it may carry script of its own.
func (a *ConductAPI) getAttachment(c echo.Context) error {
	p, err := readable(c, a.Audits)
	if err != nil {
		return err
	}
	if !audit.CanSeeFindings(auth.UserOf(c), p) {
		return audit.ErrHidden()
	}
	aid, err := web.PathID(c, "aid", "thing.attachment")
	if err != nil {
		return err
	}
	att, data, err := a.Conduct.AttachmentData(c.Request().Context(), p.ID, aid)
	if err != nil {
		return err
	}
	disposition := "inline"
	if !att.IsImage() {
		disposition = "attachment"
	}
	h := c.Response().Header()
	if v := mime.FormatMediaType(disposition, map[string]string{"filename": att.Filename}); v != "" {
		disposition = v
	}
	h.Set("Content-Disposition", disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	// Never kept by the browser (web.NoStoreGate): a shared tablet must
	// not keep showing evidence after its user signed out. The ETag still
	// answers a client that asks with If-None-Match.
	h.Set("ETag", `"`+att.SHA256+`"`)
	if c.Request().Header.Get("If-None-Match") == `"`+att.SHA256+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, att.ContentType, data)
}

func (a *ConductAPI) deleteAttachment(c echo.Context) error {
	p, err := conductable(c, a.Conduct)
	if err != nil {
		return err
	}
	aid, err := web.PathID(c, "aid", "thing.attachment")
	if err != nil {
		return err
	}
	if err := a.Conduct.DeleteAttachment(c.Request().Context(), p.ID, aid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
