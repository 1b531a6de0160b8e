package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/web"
)

// itemState is what audit.js needs of an item the auditor answers before
// the item's fields have come (see forms): the stored answer's version,
// note, figure and reason, and a measure's target, so that a result tapped
// at once is saved on the right version and what it still lacks is marked.
type itemState struct {
	Version int64    `json:"v"`
	Note    string   `json:"n,omitempty"`
	Value   *float64 `json:"x,omitempty"`
	Reason  string   `json:"r,omitempty"`
	Target  string   `json:"t,omitempty"`
}

// ItemStates are the states of the items drawn closed, by code, for the
// page's <script id="audit-answers">; the items drawn open carry theirs in
// their fields.
func (d *auditPage) ItemStates() map[string]itemState {
	out := map[string]itemState{}
	for _, si := range d.Sheet.Items() {
		if d.Open(si.Code) {
			continue
		}
		f := d.FormFor(si)
		s := itemState{Version: f.Version, Note: f.Note, Reason: f.Reason, Target: si.Target}
		if v, err := strconv.ParseFloat(f.Value, 64); err == nil {
			s.Value = &v
		}
		out[si.Code] = s
	}
	return out
}

// forms answers GET /audits/{id}/forms: each item's fields (note, figure,
// reason, guidance, the unit's panel, photos) as a <template data-more>
// per item, for the team's auditors while the audit is open. The audit
// page draws only what a tap needs; audit.js fetches this once the page is
// idle, and the service worker keeps it beside the page, so that the
// fields open offline too. Who may not read the audit gets 404, who reads
// it but is not of the team 403; once the audit is no longer open there
// is nothing to answer and the fragment is empty.
func (p *ConductPages) forms(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	d, err := p.pageData(c, id)
	if err != nil {
		return err
	}
	if !d.Conductor {
		return audit.ErrForbidden()
	}
	page := p.Views.NewPage(c, d)
	// The fields are always those of the page with the script: a refused
	// post is drawn open on the page itself, with its own fields.
	d.Full = false
	return p.Views.RenderPart(c, http.StatusOK, "audit", "audit-forms", page)
}
