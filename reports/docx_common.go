package reports

import (
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/docx"
)

// The DOCX renderers (plan_docx.go, decision_docx.go, audit_docx.go,
// programme_docx.go) draw the same view models as the PDFs with the same
// catalogue keys, call for call in the same order, so that the văn thư's
// Word file says what the PDF says and a field added to a PDF renderer is
// the same one line in its DOCX twin.

// docxOptions is formOptions for a DOCX: the title, the subject and the
// form's control block printed in every page's header.
func (rd *Renderer) docxOptions(title, subject, form string, created time.Time) docx.Options {
	return docx.Options{Title: title, Subject: subject, Created: created, Lang: docxLang(rd.Lang),
		Control: docx.Control{Form: form, Edition: rd.t("report.edition", "n", auditFormEdition), Date: rd.t("report.edition_date", "date", auditFormDate)}}
}

// docxLang is Word's language tag for a catalogue language.
func docxLang(lang string) string {
	if lang == "en" {
		return "en-GB"
	}
	return "vi-VN"
}

// docxSignOff is signOff for a DOCX: the recipients and the signer the
// profile names for kind, else the collective "TM. <body>".
func (rd *Renderer) docxSignOff(d *docx.Doc, o Owner, kind string, to []string) {
	s, ok := o.Profile.Signer(kind)
	if !ok {
		d.SignOff(rd.t("report.recipients"), to, rd.t("rounddocs.sign_for", "body", o.Name))
		return
	}
	d.SignOffBy(rd.t("report.recipients"), to, docx.Signer{Authority: strings.TrimSpace(s.Authority + " " + s.Principal),
		Title: s.Title, Name: s.Name})
}
