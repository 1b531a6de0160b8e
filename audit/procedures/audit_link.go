package procedures

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// AuditPanel is what the audit page shows of reconciliation and dossier
// figures beside the checklist items they bear on.
type AuditPanel struct {
	AuditID  int64          `json:"audit_id"`
	Unit     string         `json:"unit"`
	UnitName string         `json:"unit_name"`
	Status   string         `json:"status"`
	CanUse   bool           `json:"can_use"` // the viewer may raise a line as an answer's evidence
	Items    []ItemEvidence `json:"items"`
}

// Panel returns the panel of an audit for u: the gaps and figures of the
// audited unit per checklist item (EvidenceItems). Returns apperr.NotFound
// when the audit does not exist or u may not read it.
func (h *Handler) Panel(ctx context.Context, u *auth.User, auditID int64) (*AuditPanel, *audit.Audit, error) {
	p, err := h.Conduct.Access(ctx, auditID)
	if err != nil {
		return nil, nil, err
	}
	if !audit.CanRead(u, p) {
		return nil, nil, apperr.NotFoundThing("thing.audit")
	}
	panel, err := h.panelFor(ctx, u, p)
	return panel, p, err
}

// panelFor builds the panel of an audit the caller has checked u may read.
func (h *Handler) panelFor(ctx context.Context, u *auth.User, p *audit.Audit) (*AuditPanel, error) {
	items, err := h.Store.UnitEvidence(ctx, p.AuditeeUnit)
	if apperr.KindOf(err) == apperr.NotFound {
		items, err = []ItemEvidence{}, nil // a unit retired since the audit: nothing to offer
	}
	if err != nil {
		return nil, err
	}
	panel := &AuditPanel{AuditID: p.ID, Unit: p.AuditeeUnit, UnitName: p.AuditeeUnitName, Status: p.Status, Items: items,
		CanUse: audit.CanConduct(u, p) && audit.OpenForAnswers(p.Status)}
	if panel.UnitName == "" { // the answer path's plan carries codes only
		units, err := h.Store.units(ctx, p.AuditeeUnit)
		if err != nil {
			return nil, err
		}
		for _, un := range units {
			panel.UnitName = un.Name
		}
	}
	return panel, nil
}

// evidenceLang is the language of the note written into an answer: the
// audit record and its report are Vietnamese.
const evidenceLang = i18n.VI

// UseEvidence appends one line of the panel (item, key) to the item's
// answer note through the audit package's answer path, keeping the result
// and value for the auditor to confirm. A line already in the note is not
// added twice. Returns the answer's new version and note; apperr.Forbidden
// unless u may answer, apperr.Conflict once the audit is closed or when a
// team mate saved meanwhile, apperr.NotFound for an unknown item or line.
func (h *Handler) UseEvidence(ctx context.Context, u *auth.User, auditID int64, item, key string) (int64, string, error) {
	panel, p, err := h.Panel(ctx, u, auditID)
	if err != nil {
		return 0, "", err
	}
	if !audit.CanConduct(u, p) {
		return 0, "", apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
	}
	line, ok := findLine(panel.Items, item, key)
	if !ok || !line.Usable {
		return 0, "", apperr.NotFoundThing("thing.procedure_evidence")
	}
	answers, err := h.Conduct.Answers(ctx, auditID)
	if err != nil {
		return 0, "", err
	}
	cur := answers[item]
	text := h.Catalog.T(evidenceLang, "procedures.ev.prefix", "date", time.Now().In(i18n.Zone).Format("02/01/2006")) + " " +
		h.Catalog.Msg(evidenceLang, line.Text)
	body := h.Catalog.Msg(evidenceLang, line.Text)
	if strings.Contains(cur.Note, body) {
		return cur.Version, cur.Note, nil
	}
	note := text
	if cur.Note != "" {
		note = cur.Note + "\n" + text
	}
	v := cur.Version
	in := conduct.AnswerInput{Result: string(cur.Result), Note: note, Value: cur.Value, Reason: cur.Reason, Version: &v}
	saved, err := h.Conduct.SaveAnswer(ctx, p, item, in)
	if err != nil {
		return 0, "", err
	}
	return saved.Answer.Version, saved.Answer.Note, nil
}

// findLine finds a line of the panel by item and key.
func findLine(items []ItemEvidence, item, key string) (Evidence, bool) {
	for _, ie := range items {
		if ie.Item != item {
			continue
		}
		for _, l := range ie.Lines {
			if l.Key == key {
				return l, true
			}
		}
	}
	return Evidence{}, false
}

func (h *Handler) apiAuditEvidence(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	panel, _, err := h.Panel(c.Request().Context(), user(c), id)
	if err != nil {
		return err
	}
	lang := i18n.Match(user(c).Lang)
	type line struct {
		Evidence
		Text string `json:"text"`
	}
	type item struct {
		Item  string `json:"item"`
		Lines []line `json:"lines"`
	}
	out := []item{}
	for _, ie := range panel.Items {
		it := item{Item: ie.Item, Lines: []line{}}
		for _, l := range ie.Lines {
			it.Lines = append(it.Lines, line{Evidence: l, Text: h.Catalog.Msg(lang, l.Text)})
		}
		out = append(out, it)
	}
	return c.JSON(http.StatusOK, map[string]any{"audit_id": panel.AuditID, "unit": panel.Unit, "can_use": panel.CanUse, "items": out})
}

// evidenceInput is the body of POST /api/v1/audits/{id}/procedure-evidence.
type evidenceInput struct {
	ItemID string `json:"item_id" validate:"required"`
	Key    string `json:"key" validate:"required"`
}

func (h *Handler) apiUseEvidence(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	var in evidenceInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	v, note, err := h.UseEvidence(c.Request().Context(), user(c), id, in.ItemID, in.Key)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"item_id": in.ItemID, "version": v, "note": note})
}
