package conduct

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Meeting returns what is recorded of an audit's meetings; the guide is the
// plan's.
func (c *Store) Meeting(ctx context.Context, auditID int64) (Meeting, error) {
	return meetingOf(ctx, c.DB.R, auditID)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func meetingOf(ctx context.Context, q rowQuerier, auditID int64) (Meeting, error) {
	var m Meeting
	var agreed sql.NullBool
	var rep, dis, at string
	err := q.QueryRowContext(ctx, `SELECT a.guide, COALESCE(m.opening_date, ''), COALESCE(m.participants, ''), COALESCE(m.version, 0),
		COALESCE(m.closing_representative, ''), m.closing_agreed, COALESCE(m.closing_disagreement, ''), COALESCE(u.username, ''), COALESCE(m.updated_at, '')
		FROM audits a LEFT JOIN audit_meetings m ON m.audit_id = a.id LEFT JOIN users u ON u.id = m.updated_by WHERE a.id = ?`, auditID).
		Scan(&m.Guide, &m.OpeningDate, &m.Participants, &m.Version, &rep, &agreed, &dis, &m.UpdatedBy, &at)
	if db.NoRows(err) {
		return m, audit.ErrHidden()
	}
	if err != nil {
		return m, fmt.Errorf("audit: meeting of %d: %w", auditID, err)
	}
	if agreed.Valid {
		m.Closing = &Closing{Representative: rep, Agreed: agreed.Bool, Disagreement: dis}
	}
	m.UpdatedAt, _ = db.ParseTime(at)
	return m, nil
}

// SaveOpening records the opening meeting, made by the context's actor,
// while the audit is open: based on the stored version it is stored as the
// next one; already stored, it changes nothing; otherwise it is refused
// with the stored meeting. The guide is the plan's guide. Returns
// apperr.Invalid, apperr.Conflict.
func (c *Store) SaveOpening(ctx context.Context, auditID int64, in OpeningInput) (Meeting, error) {
	if err := in.Normalize(); err != nil {
		return Meeting{}, err
	}
	var out Meeting
	err := c.DB.Write(ctx, func(tx *db.Tx) error {
		if err := OpenForAnswersTx(tx, auditID); err != nil {
			return err
		}
		cur, err := meetingOf(tx.Context(), tx, auditID)
		if err != nil {
			return err
		}
		out = cur
		if cur.OpeningDate == in.Date && cur.Participants == in.Participants && cur.Guide == in.Guide {
			return nil
		}
		if *in.Version != cur.Version {
			return errMeetingStale(cur)
		}
		now := db.FormatTime(tx.Now)
		if _, err := tx.Exec(`INSERT INTO audit_meetings (audit_id, opening_date, participants, version, updated_by, updated_at) VALUES (?, ?, ?, 1, ?, ?)
			ON CONFLICT (audit_id) DO UPDATE SET opening_date = excluded.opening_date, participants = excluded.participants,
				version = audit_meetings.version + 1, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			auditID, in.Date, in.Participants, tx.ActorArg(), now); err != nil {
			return fmt.Errorf("audit: opening of %d: %w", auditID, err)
		}
		if _, err := tx.Exec(`UPDATE audits SET guide = ?, updated_at = ? WHERE id = ?`, in.Guide, now, auditID); err != nil {
			return err
		}
		out.OpeningDate, out.Participants, out.Guide, out.Version, out.UpdatedAt = in.Date, in.Participants, in.Guide, cur.Version+1, tx.Now
		return tx.Record("audit", auditID, "opening", map[string]any{"date": in.Date, "participants": in.Participants, "guide": in.Guide})
	})
	return out, err
}

// SaveClosing records the closing meeting in the submission's transaction.
func SaveClosing(tx *db.Tx, auditID int64, cl *Closing) error {
	_, err := tx.Exec(`INSERT INTO audit_meetings (audit_id, version, closing_representative, closing_agreed, closing_disagreement, updated_by, updated_at)
		VALUES (?, 0, ?, ?, ?, ?, ?)
		ON CONFLICT (audit_id) DO UPDATE SET closing_representative = excluded.closing_representative, closing_agreed = excluded.closing_agreed,
			closing_disagreement = excluded.closing_disagreement, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		auditID, cl.Representative, cl.Agreed, cl.Disagreement, tx.ActorArg(), db.FormatTime(tx.Now))
	if err != nil {
		return fmt.Errorf("audit: closing of %d: %w", auditID, err)
	}
	return nil
}
