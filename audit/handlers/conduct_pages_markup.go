package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/web"
)

// markupMessages are the texts markup.js shows (the photo editor and the
// question before evidence is deleted), under their catalogue keys; the
// delete texts keep their {name} and {item} for the script.
var markupMessages = []string{
	"markup.js.arrow", "markup.js.canvas", "markup.js.cancel", "markup.js.ellipse", "markup.js.keeps_original",
	"markup.js.save", "markup.js.save_marked", "markup.js.suffix", "markup.js.text", "markup.js.text_hint",
	"markup.js.text_label", "markup.js.title", "markup.js.tools", "markup.js.undo", "markup.js.with_original",
	"markup.original", "markup.original_of", "markup.badge",
	"markup.delete.title", "markup.delete.body", "markup.delete.original", "markup.delete.confirm", "markup.delete.back",
}

// addMarkupMessages adds markup.js's texts to the audit page's messages.
func addMarkupMessages(page *web.Page, m map[string]string) {
	for _, key := range markupMessages {
		m[key] = page.T(key)
	}
}

// detachData is the page that asks before a file of evidence is deleted,
// for the audit page's forms without JavaScript (with it, markup.js asks
// in a dialog).
type detachData struct {
	Audit      *audit.Audit
	Attachment conduct.Attachment
	Back       string
}

// confirmDetach shows what deleting the attachment does and asks. It is
// also what a delete form posted without confirm=1 gets, so that no form
// deletes evidence on one tap.
func (p *ConductPages) confirmDetach(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	aid, err := web.PathID(c, "aid", "thing.attachment")
	if err != nil {
		return err
	}
	att, err := p.Conduct.AttachmentInfo(c.Request().Context(), plan.ID, aid)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "attachment_delete",
		detachData{Audit: plan, Attachment: att, Back: auditPath(plan.ID) + itemAnchor(att.ItemID)})
}
