package org

import (
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Applying a change table cannot be undone, so the page asks first: the
// table posted with action=apply and without confirm=1 is checked and
// rehearsed, and the confirmation page lists what will change. That page
// carries the table itself in a hidden field (base64), so that the office
// does not choose the file again and what is applied is what was shown;
// the table is checked again when it is applied. The API applies at once.

// changesConfirm is the page that asks before a change table is applied.
type changesConfirm struct {
	Plan *Plan
	// Result is what applying it now does; nil for a table that will be
	// scheduled instead.
	Result *Result
	// Filename and Table are the uploaded file's name and bytes (base64),
	// posted again by the confirmation's form.
	Filename, Table string
	// Merges are the units that others merge into, in the table's order.
	Merges []mergeTarget
}

// mergeTarget is a unit that the table merges others into.
type mergeTarget struct {
	Code, Name string
	Created    bool
	From       []Change
}

// Of lists the lines of one kind (rename, retire, keep).
func (d changesConfirm) Of(kind string) []Change {
	var out []Change
	for _, c := range d.Plan.Changes {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// Follow is a follower's count (FollowUsersMoved, …), 0 when scheduled.
func (d changesConfirm) Follow(key string) int {
	if d.Result == nil {
		return 0
	}
	return d.Result.Follow[key]
}

func newChangesConfirm(plan *Plan, res *Result, file []byte, name string) changesConfirm {
	d := changesConfirm{Plan: plan, Result: res, Filename: name, Table: base64.StdEncoding.EncodeToString(file)}
	at := map[string]int{}
	for _, c := range plan.Changes {
		if c.Kind != ChangeMerge {
			continue
		}
		i, ok := at[c.NewCode]
		if !ok {
			i = len(d.Merges)
			at[c.NewCode] = i
			d.Merges = append(d.Merges, mergeTarget{Code: c.NewCode, Name: c.NewName, Created: c.Created})
		}
		d.Merges[i].From = append(d.Merges[i].From, c)
	}
	return d
}

// changeTable reads the posted table: the one carried by the confirmation
// page, or else the uploaded file.
func changeTable(c echo.Context) ([]byte, string, error) {
	if v := c.FormValue("table"); v != "" {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(b) > web.MaxUploadSize {
			return nil, "", apperr.InvalidFields(map[string]apperr.Msg{"file": apperr.M("validation.required")})
		}
		return b, text.Clean(c.FormValue("filename")), nil
	}
	return web.FormFile(c, "file")
}

// confirmApply shows what applying the table will do, or the upload page
// with the table's problems.
func (p *ChangesPages) confirmApply(c echo.Context, d changesData, file []byte, name string) error {
	plan, res, err := p.Reorg.Rehearse(c.Request().Context(), file, name)
	if err != nil {
		return p.Views.RenderInvalid(c, "units_changes", d, err)
	}
	return p.Views.Render(c, http.StatusOK, "units_changes_confirm", newChangesConfirm(plan, res, file, name))
}
