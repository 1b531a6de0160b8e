package reports

import (
	"strings"

	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// signOff ends a document the organiser signs: the recipients, and the
// signer its profile names for kind (authority, title, room for the
// signature and seal, name). A profile without one keeps the collective
// line "TM. <body>", for the hand that signs to complete.
func (rd *Renderer) signOff(d *pdfdoc.Doc, o Owner, kind string, to []string) {
	s, ok := o.Profile.Signer(kind)
	if !ok {
		d.SignOff(rd.t("report.recipients"), to, rd.t("rounddocs.sign_for", "body", o.Name))
		return
	}
	d.SignOffBy(rd.t("report.recipients"), to, pdfdoc.Signer{Authority: strings.TrimSpace(s.Authority + " " + s.Principal),
		Title: s.Title, Name: s.Name})
}
