package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/web"
)

// markupMessages are the texts markup.js shows (the photo editor and the
// question before deleting evidence), by the name the script reads them
// under; the delete texts keep their {name} and {item} for the script.
var markupMessages = map[string]string{
	"markup.arrow": "markup.js.arrow", "markup.canvas": "markup.js.canvas", "markup.cancel": "markup.js.cancel",
	"markup.ellipse": "markup.js.ellipse", "markup.keeps_original": "markup.js.keeps_original", "markup.save": "markup.js.save",
	"markup.save_marked": "markup.js.save_marked", "markup.suffix": "markup.js.suffix", "markup.text": "markup.js.text",
	"markup.text_hint": "markup.js.text_hint", "markup.text_label": "markup.js.text_label", "markup.title": "markup.js.title",
	"markup.tools": "markup.js.tools", "markup.undo": "markup.js.undo", "markup.with_original": "markup.js.with_original",
	"markup.original": "markup.original", "markup.original_of": "markup.original_of",
	"markup.delete_title": "markup.delete.title", "markup.delete_body": "markup.delete.body",
	"markup.delete_original": "markup.delete.original", "markup.delete_confirm": "markup.delete.confirm",
	"markup.delete_back": "markup.delete.back", "markup.badge": "markup.badge",
}

// addMarkupMessages adds markup.js's texts to the audit page's messages.
func addMarkupMessages(page *web.Page, m map[string]string) {
	for k, key := range markupMessages {
		m[k] = page.T(key)
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
