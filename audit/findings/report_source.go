package findings

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

// ReportSource is what a report needs of an audit beyond its plan: the
// organisation that owns its programme (the issuing body of the report)
// and the day it was submitted.
type ReportSource struct {
	OwnerID   int64
	OwnerName string
	// Organiser is the organiser as the programme keeps it: its signers,
	// legal bases and form codes (the letterhead fields above agree).
	Organiser   org.Profile
	ParentName  string
	Place       string
	SubmittedAt string // RFC 3339, "" before submission
}

// ReportSource returns the owner and submission of an audit. Returns
// apperr.NotFound.
func (s *Store) ReportSource(ctx context.Context, auditID int64) (ReportSource, error) {
	var r ReportSource
	var sub sql.NullString
	var kept string
	err := s.DB.R.QueryRowContext(ctx, `SELECT `+OrganiserColumns+`, a.submitted_at
		FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id JOIN owners o ON o.id = p.owner_id
		WHERE a.id = ?`, auditID).Scan(&r.OwnerID, &r.OwnerName, &r.ParentName, &r.Place, &kept, &sub)
	if db.NoRows(err) {
		return r, audit.ErrHidden()
	}
	if err != nil {
		return r, fmt.Errorf("audit: report source %d: %w", auditID, err)
	}
	r.SubmittedAt = sub.String
	r.keep(kept)
	return r, nil
}

// keep puts the organiser the programme keeps in place of the owner's
// letterhead the row read.
func (r *ReportSource) keep(kept string) {
	r.Organiser = KeptOrganiser(kept, r.OwnerName, r.ParentName, r.Place)
	r.OwnerName, r.ParentName, r.Place = r.Organiser.Name, r.Organiser.Parent, r.Organiser.Place
}

// ReportFingerprint sums up what an audit report is drawn from (the audit's
// state and last change, its findings' grades and statements), so that
// issuing can check in its short write that nothing changed while the PDF
// was being drawn outside it.
func (s *Store) ReportFingerprint(ctx context.Context, auditID int64) (string, error) {
	return fingerprint(ctx, s.DB.R, auditID)
}

func fingerprint(ctx context.Context, q audit.Querier, auditID int64) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.status || '|' || a.updated_at FROM audits a WHERE a.id = ?
		UNION ALL SELECT * FROM (SELECT f.id || '|' || f.grade || '|' || f.statement FROM findings f WHERE f.audit_id = ? ORDER BY f.id)`, auditID, auditID)
	if err != nil {
		return "", fmt.Errorf("audit: fingerprint %d: %w", auditID, err)
	}
	defer rows.Close()
	h := sha256.New()
	n := 0
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", fmt.Errorf("audit: fingerprint %d: %w", auditID, err)
		}
		h.Write([]byte(line))
		h.Write([]byte{0})
		n++
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if n == 0 {
		return "", audit.ErrHidden()
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ProgrammeOwner returns the organisation that owns a programme, the
// issuing body of its summary. Returns apperr.NotFound.
func (s *Store) ProgrammeOwner(ctx context.Context, programmeID int64) (ReportSource, error) {
	var r ReportSource
	var kept string
	err := s.DB.R.QueryRowContext(ctx, `SELECT `+OrganiserColumns+` FROM programmes p JOIN owners o ON o.id = p.owner_id
		WHERE p.id = ?`, programmeID).Scan(&r.OwnerID, &r.OwnerName, &r.ParentName, &r.Place, &kept)
	if db.NoRows(err) {
		return r, apperr.NotFoundThing("thing.programme")
	}
	if err != nil {
		return r, fmt.Errorf("audit: programme owner %d: %w", programmeID, err)
	}
	r.keep(kept)
	return r, nil
}

// OrganiserColumns selects, for a programme p joined with its owner o, the
// owner's id, name, parent body and place, and the organiser the programme
// keeps (migration 0014); KeptOrganiser makes them one profile.
const OrganiserColumns = `o.id, o.name, o.parent_name, o.place, p.organiser`

// KeptOrganiser is the organiser a programme's documents print: the one it
// kept when it was created (kept, programmes.organiser), so that renaming
// the organiser later leaves its letterhead alone; the owner as it is now
// (name, parent, place) when it keeps none.
func KeptOrganiser(kept, name, parent, place string) org.Profile {
	var p org.Profile
	if json.Unmarshal([]byte(kept), &p) != nil || p.Name == "" {
		p = org.Profile{Name: name, Parent: parent, Place: place}
	}
	p.Normalize()
	return p
}
