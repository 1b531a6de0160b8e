package findings

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// NC returns one nonconformity (a minor or major finding) with its
// analysis, actions, evidence, extensions and history. Returns
// apperr.NotFound, also for an observation or improvement.
func (s *Store) NC(ctx context.Context, id int64) (*NCDetail, error) {
	f, err := s.Finding(ctx, id)
	if err != nil {
		return nil, err
	}
	if !f.IsNonconformity() {
		return nil, apperr.NotFoundThing("thing.finding")
	}
	d := &NCDetail{Finding: f, Whys: []string{}, Allowed: []string{}}
	var whys string
	var verified, closed sql.NullString
	err = s.DB.R.QueryRowContext(ctx, `SELECT root_cause, why_chain, correction, similar_cases, verified_at, closed_at FROM findings WHERE id = ?`, id).
		Scan(&d.RootCause, &whys, &d.Correction, &d.SimilarCases, &verified, &closed)
	if err != nil {
		return nil, fmt.Errorf("audit: nonconformity %d: %w", id, err)
	}
	if whys != "" {
		d.Whys = strings.Split(whys, "\n")
	}
	d.VerifiedAt, d.ClosedAt = parseNullTime(verified), parseNullTime(closed)
	if d.Actions, err = s.ncActions(ctx, id); err != nil {
		return nil, err
	}
	if d.History, err = s.ncHistory(ctx, id); err != nil {
		return nil, err
	}
	if d.Files, err = s.ncEvidence(ctx, id); err != nil {
		return nil, err
	}
	if d.Extensions, err = s.ncExtensions(ctx, id); err != nil {
		return nil, err
	}
	if d.Status == NCVerified && d.VerifiedAt != nil {
		set, err := LoadNCSettings(ctx, s.DB.R)
		if err != nil {
			return nil, err
		}
		d.ClosableFrom = ClosableFrom(dayOf(*d.VerifiedAt), set.EffectivenessDays)
	}
	return d, nil
}

func (s *Store) ncActions(ctx context.Context, id int64) ([]NCAction, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT x.id, x.description, u.username, u.display_name, x.due_date, x.done_at, x.done_note
		FROM nc_actions x JOIN users u ON u.id = x.owner_id WHERE x.finding_id = ? ORDER BY x.id`, id)
	if err != nil {
		return nil, fmt.Errorf("audit: actions %d: %w", id, err)
	}
	defer rows.Close()
	today := s.Today()
	out := []NCAction{}
	for rows.Next() {
		var a NCAction
		var done sql.NullString
		if err := rows.Scan(&a.ID, &a.Description, &a.Owner, &a.OwnerName, &a.DueDate, &done, &a.DoneNote); err != nil {
			return nil, fmt.Errorf("audit: actions %d: %w", id, err)
		}
		a.DoneAt = parseNullTime(done)
		a.Overdue = a.DoneAt == nil && a.DueDate < today
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) ncHistory(ctx context.Context, id int64) ([]NCTransition, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.from_status, t.to_status, t.note, COALESCE(u.username, ''), COALESCE(u.display_name, ''), t.at
		FROM nc_transitions t LEFT JOIN users u ON u.id = t.actor_id WHERE t.finding_id = ? ORDER BY t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("audit: history %d: %w", id, err)
	}
	defer rows.Close()
	out := []NCTransition{}
	for rows.Next() {
		var t NCTransition
		var at string
		if err := rows.Scan(&t.From, &t.To, &t.Note, &t.Actor, &t.ActorName, &at); err != nil {
			return nil, fmt.Errorf("audit: history %d: %w", id, err)
		}
		t.At, _ = db.ParseTime(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

const ncEvidenceColumns = `e.id, e.finding_id, e.kind, e.filename, e.content_type, e.size, e.sha256, COALESCE(u.username, ''), e.created_at`

func scanNCEvidence(row interface{ Scan(...any) error }) (NCEvidence, error) {
	var e NCEvidence
	var at string
	err := row.Scan(&e.ID, &e.FindingID, &e.Kind, &e.Filename, &e.ContentType, &e.Size, &e.SHA256, &e.UploadedBy, &at)
	e.CreatedAt, _ = db.ParseTime(at)
	return e, err
}

func (s *Store) ncEvidence(ctx context.Context, id int64) ([]NCEvidence, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+ncEvidenceColumns+` FROM nc_evidence e LEFT JOIN users u ON u.id = e.uploaded_by
		WHERE e.finding_id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("audit: evidence %d: %w", id, err)
	}
	defer rows.Close()
	out := []NCEvidence{}
	for rows.Next() {
		e, err := scanNCEvidence(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: evidence %d: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// NCEvidenceData returns one file of a nonconformity's evidence with its
// bytes. Returns apperr.NotFound.
func (s *Store) NCEvidenceData(ctx context.Context, findingID, id int64) (NCEvidence, []byte, error) {
	e, err := scanNCEvidence(s.DB.R.QueryRowContext(ctx, `SELECT `+ncEvidenceColumns+` FROM nc_evidence e LEFT JOIN users u ON u.id = e.uploaded_by
		WHERE e.finding_id = ? AND e.id = ?`, findingID, id))
	if db.NoRows(err) {
		return e, nil, apperr.NotFoundThing("thing.attachment")
	}
	if err != nil {
		return e, nil, fmt.Errorf("audit: evidence %d: %w", id, err)
	}
	var data []byte
	if err := s.DB.R.QueryRowContext(ctx, `SELECT data FROM nc_evidence_blobs WHERE evidence_id = ?`, id).Scan(&data); err != nil {
		return e, nil, fmt.Errorf("audit: evidence %d: %w", id, err)
	}
	return e, data, nil
}

func (s *Store) ncExtensions(ctx context.Context, id int64) ([]NCExtension, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT x.from_due, x.to_due, x.reason, COALESCE(u.username, ''), x.at
		FROM nc_extensions x LEFT JOIN users u ON u.id = x.actor_id WHERE x.finding_id = ? ORDER BY x.id`, id)
	if err != nil {
		return nil, fmt.Errorf("audit: extensions %d: %w", id, err)
	}
	defer rows.Close()
	out := []NCExtension{}
	for rows.Next() {
		var x NCExtension
		var at string
		if err := rows.Scan(&x.From, &x.To, &x.Reason, &x.Actor, &at); err != nil {
			return nil, fmt.Errorf("audit: extensions %d: %w", id, err)
		}
		x.At, _ = db.ParseTime(at)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Member is a person of a unit who may own a corrective action.
type Member struct{ Username, Name string }

// ActionOwners lists the active people of a unit, who may own its
// corrective actions.
func (s *Store) ActionOwners(ctx context.Context, unit string) ([]Member, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.username, u.display_name FROM users u JOIN units n ON n.id = u.unit_id
		WHERE n.code = ? AND u.active = 1 ORDER BY u.display_name, u.username`, unit)
	if err != nil {
		return nil, fmt.Errorf("findings: members of %s: %w", unit, err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.Username, &m.Name); err != nil {
			return nil, fmt.Errorf("findings: members of %s: %w", unit, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
