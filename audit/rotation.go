package audit

import (
	"context"
	"fmt"
	"strconv"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Rotation history: how far back a new round looks when it avoids
// repeating or reversing earlier pairs. The office sets it in years (table
// settings, key round_history_years); every confirmed round of every
// programme of the same organiser in that window counts.
const (
	rotationKey = "round_history_years"
	// DefaultHistoryYears covers a commune's last full audit cycle: a
	// pairing three years ago is still remembered locally.
	DefaultHistoryYears = 3
	// MaxHistoryYears bounds the setting; older pairings say little.
	MaxHistoryYears = 20
)

// RotationSettings are the office's rotation settings.
type RotationSettings struct {
	// HistoryYears is how many years before a programme's own its rounds
	// look back: 0 counts only the programme's own earlier rounds, 3 this
	// year's and the three years before.
	HistoryYears int `json:"history_years"`
}

// RotationInput is the settings as a client sends them: the pointer tells
// an absent value from zero, which is a valid choice.
type RotationInput struct {
	HistoryYears *int `json:"history_years"`
}

// Validate checks the input. Returns apperr.Invalid naming history_years.
func (in RotationInput) Validate() error {
	switch {
	case in.HistoryYears == nil:
		return apperr.InvalidFields(map[string]apperr.Msg{"history_years": apperr.M("validation.required")})
	case *in.HistoryYears < 0 || *in.HistoryYears > MaxHistoryYears:
		return apperr.InvalidFields(map[string]apperr.Msg{"history_years": apperr.M("rotation.years_range", "max", MaxHistoryYears)})
	}
	return nil
}

// RotationSettings reads the settings; a missing key takes the default.
func (s *Store) RotationSettings(ctx context.Context) (RotationSettings, error) {
	out := RotationSettings{HistoryYears: DefaultHistoryYears}
	var v string
	err := s.DB.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, rotationKey).Scan(&v)
	if db.NoRows(err) {
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("audit: rotation settings: %w", err)
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= MaxHistoryYears {
		out.HistoryYears = n
	}
	return out, nil
}

// SaveRotationSettings stores the settings, with a trail entry. Returns
// apperr.Invalid. Rounds already previewed keep their figures until
// previewed again.
func (s *Store) SaveRotationSettings(ctx context.Context, in RotationInput) (RotationSettings, error) {
	if err := in.Validate(); err != nil {
		return RotationSettings{}, err
	}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(`INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, NULLIF(?, 0), ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			rotationKey, strconv.Itoa(*in.HistoryYears), tx.Actor, db.FormatTime(tx.Now)); err != nil {
			return fmt.Errorf("audit: save rotation settings: %w", err)
		}
		return tx.Record("settings", "rotation", "edit", map[string]any{"history_years": *in.HistoryYears})
	})
	if err != nil {
		return RotationSettings{}, err
	}
	return RotationSettings{HistoryYears: *in.HistoryYears}, nil
}

// historyRound is one earlier round of the rotation window: Index is the
// number the engine knows it by (a higher one is more recent).
type historyRound struct {
	Index       int
	ProgrammeID int64
	Programme   string
	Year        int
	Round       int
}

// history numbers the confirmed rounds of the window in time order, so that
// a higher number is more recent, as the engine expects: this programme's,
// and those of the same organiser's programmes of the years years before
// (and of the same year, made earlier).
func (s *Store) history(ctx context.Context, p *Programme, years int) ([]assign.HistoryPair, []historyRound, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT r.id, r.n, p.id, p.name, p.year FROM rounds r JOIN programmes p ON p.id = r.programme_id
		WHERE r.status = 'confirmed' AND p.owner_id = (SELECT owner_id FROM programmes WHERE id = ?)
			AND p.year >= ? AND (p.year < ? OR (p.year = ? AND p.id <= ?))
		ORDER BY p.year, p.id, r.n`, p.ID, p.Year-years, p.Year, p.Year, p.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: history: %w", err)
	}
	var ids []int64
	var meta []historyRound
	for rows.Next() {
		var id int64
		var h historyRound
		if err := rows.Scan(&id, &h.Round, &h.ProgrammeID, &h.Programme, &h.Year); err != nil {
			rows.Close()
			return nil, nil, err
		}
		h.Index = len(ids) + 1
		ids = append(ids, id)
		meta = append(meta, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var out []assign.HistoryPair
	for i, id := range ids {
		pairs, err := roundPairs(ctx, s.DB.R, id)
		if err != nil {
			return nil, nil, err
		}
		for _, pr := range pairs {
			out = append(out, assign.HistoryPair{Round: i + 1, Pair: pr})
		}
	}
	return out, meta, nil
}
