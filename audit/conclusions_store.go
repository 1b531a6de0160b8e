package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// MaxConclusions is the longest conclusions text, in characters: about
// four printed pages, more than a summary's conclusions need.
const MaxConclusions = 8000

// ConclusionsInput is the office's conclusions and recommendations on a
// programme, as typed.
type ConclusionsInput struct {
	Text string `json:"conclusions" form:"conclusions" validate:"max=8000,text"`
}

// Conclusions are the stored conclusions of a programme; Text is "" when
// the office has written none.
type Conclusions struct {
	ProgrammeID int64
	Text        string
	UpdatedBy   string
	UpdatedAt   time.Time
}

// Conclusions reads a programme's conclusions; a programme without any
// gets an empty Text. Returns apperr.NotFound for an unknown programme.
func (s *Store) Conclusions(ctx context.Context, programmeID int64) (Conclusions, error) {
	if _, err := s.Programme(ctx, programmeID); err != nil {
		return Conclusions{}, err
	}
	c := Conclusions{ProgrammeID: programmeID}
	var at string
	var by sql.NullString
	err := s.DB.R.QueryRowContext(ctx, `SELECT c.body, c.updated_at, COALESCE(NULLIF(u.display_name, ''), u.username)
		FROM programme_conclusions c LEFT JOIN users u ON u.id = c.updated_by WHERE c.programme_id = ?`, programmeID).Scan(&c.Text, &at, &by)
	if db.NoRows(err) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("audit: conclusions %d: %w", programmeID, err)
	}
	c.UpdatedBy = by.String
	c.UpdatedAt, _ = db.ParseTime(at)
	return c, nil
}

// SaveConclusions stores a programme's conclusions; an empty text removes
// them, so that the summary prints the computed draft again. Returns
// apperr.NotFound, apperr.Invalid (naming "conclusions").
func (s *Store) SaveConclusions(ctx context.Context, programmeID int64, in ConclusionsInput) error {
	in.Text = text.Clean(in.Text)
	if err := valid.Struct(in); err != nil {
		return err
	}
	if _, err := s.Programme(ctx, programmeID); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		var err error
		if in.Text == "" {
			_, err = tx.Exec(`DELETE FROM programme_conclusions WHERE programme_id = ?`, programmeID)
		} else {
			_, err = tx.Exec(`INSERT INTO programme_conclusions (programme_id, body, updated_by, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (programme_id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				programmeID, in.Text, tx.ActorArg(), db.FormatTime(tx.Now))
		}
		if err != nil {
			return fmt.Errorf("audit: save conclusions %d: %w", programmeID, err)
		}
		return tx.Record("programme", programmeID, "conclusions", map[string]any{"chars": text.Len(in.Text)})
	})
}
