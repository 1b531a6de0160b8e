package org

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// UnitPatch is an edit of a unit; nil fields are left alone. The code never
// changes here: it names the unit in usernames and in other records, and a
// renaming or merger goes through the unit changes instead.
type UnitPatch struct {
	Name     *string `json:"name"`
	Kind     *string `json:"kind"`
	Cluster  *string `json:"cluster"`
	Place    *string `json:"place"`
	Chairman *string `json:"chairman"`
}

// UpdateUnit applies a patch and records what changed in the audit trail.
// Returns apperr.NotFound for an unknown code, apperr.Conflict (code
// "unit_retired") for a merged or dissolved unit, which stays read-only, and
// apperr.Invalid naming each bad field.
func (s *Store) UpdateUnit(ctx context.Context, code string, p UnitPatch) (Unit, error) {
	var out Unit
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		u, err := unitByCode(ctx, tx.Tx, code)
		if err != nil {
			return err
		}
		if u.Retired {
			// A merged unit keeps the name its records were made under.
			return apperr.New(apperr.Conflict, "unit_retired", apperr.M("reorg.unit_retired", "code", code))
		}
		in := UnitInput{Code: u.Code, Name: u.Name, Kind: u.Kind, Cluster: u.Cluster, Place: u.Place, Chairman: u.Chairman}
		setIf(&in.Name, p.Name)
		setIf(&in.Kind, p.Kind)
		setIf(&in.Cluster, p.Cluster)
		setIf(&in.Place, p.Place)
		setIf(&in.Chairman, p.Chairman)
		if err := in.Validate(); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE units SET name = ?, search_key = ?, kind = ?, cluster = ?, place = ?, chairman = ?, updated_at = ? WHERE id = ?`,
			in.Name, text.Fold(in.Name), in.Kind, in.Cluster, in.Place, in.Chairman, db.FormatTime(tx.Now), u.ID); err != nil {
			return fmt.Errorf("org: update unit %s: %w", code, err)
		}
		out = Unit{ID: u.ID, Code: u.Code, Name: in.Name, Kind: in.Kind, Cluster: in.Cluster, Place: in.Place, Chairman: in.Chairman,
			Retired: u.Retired, Successor: u.Successor}
		return tx.Record("unit", code, "update", map[string]any{
			"name": change(u.Name, in.Name), "kind": change(u.Kind, in.Kind), "cluster": change(u.Cluster, in.Cluster),
			"place": change(u.Place, in.Place), "chairman": change(u.Chairman, in.Chairman)})
	})
	return out, err
}

func setIf(dst, src *string) {
	if src != nil {
		*dst = *src
	}
}

// change summarises a field for the trail: nil when unchanged.
func change(before, after string) any {
	if before == after {
		return nil
	}
	return map[string]string{"from": before, "to": after}
}

// patch answers PATCH /api/v1/units/:code.
func (h *Handler) patch(c echo.Context) error {
	var p UnitPatch
	if err := web.BindJSON(c, &p); err != nil {
		return err
	}
	u, err := h.Store.UpdateUnit(c.Request().Context(), c.Param("code"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
