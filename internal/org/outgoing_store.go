package org

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Registration returns how a document is registered, and whether it is: a
// document not registered is a draft.
func (s *Store) Registration(ctx context.Context, kind string, subject int64) (Registration, bool, error) {
	r := Registration{Kind: kind, SubjectID: subject}
	var at string
	err := s.DB.R.QueryRowContext(ctx, `SELECT o.owner_id, o.number, o.signed_on, COALESCE(u.display_name, ''), o.registered_at
		FROM outgoing_documents o LEFT JOIN users u ON u.id = o.registered_by WHERE o.kind = ? AND o.subject_id = ?`, kind, subject).
		Scan(&r.OwnerID, &r.Number, &r.SignedOn, &r.By, &at)
	if db.NoRows(err) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("org: registration %s %d: %w", kind, subject, err)
	}
	r.At, _ = db.ParseTime(at)
	return r, true, nil
}

// Register enters a document in its organiser's outgoing register (see
// RegisterTx). in is checked first; returns apperr.Invalid naming the
// field, or apperr.Conflict.
func (s *Store) Register(ctx context.Context, kind string, subject, ownerID int64, in RegisterInput) (Registration, error) {
	if err := in.Check(s.DB.Now()); err != nil {
		return Registration{}, err
	}
	r := Registration{Kind: kind, SubjectID: subject, OwnerID: ownerID, Number: in.Number, SignedOn: in.SignedOn}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var err error
		r, err = RegisterTx(tx, r)
		return err
	})
	if err != nil {
		return Registration{}, err
	}
	got, _, err := s.Registration(ctx, kind, subject)
	return got, err
}

// RegisterTx enters r (checked by RegisterInput.Check) in the register
// inside tx. Returns apperr.Conflict when the document is registered
// already, or when the organiser gave the number to another document that
// year.
func RegisterTx(tx *db.Tx, r Registration) (Registration, error) {
	year, key := r.Signed().Year(), numberKey(r.Number)
	var taken int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM outgoing_documents WHERE kind = ? AND subject_id = ?`, r.Kind, r.SubjectID).Scan(&taken); err != nil {
		return r, fmt.Errorf("org: register: %w", err)
	}
	if taken > 0 {
		return r, apperr.New(apperr.Conflict, "already_registered", apperr.M("outgoing.already"))
	}
	var actor any
	if tx.Actor != 0 {
		actor = tx.Actor
	}
	_, err := tx.Exec(`INSERT INTO outgoing_documents (owner_id, kind, subject_id, number, number_key, year, signed_on, registered_by, registered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.OwnerID, r.Kind, r.SubjectID, r.Number, key, year, r.SignedOn, actor, db.FormatTime(tx.Now))
	if db.IsUnique(err) {
		e := apperr.New(apperr.Conflict, "number_taken", apperr.M("outgoing.number_taken", "number", r.Number, "year", year))
		e.Fields = map[string]apperr.Msg{"number": apperr.M("outgoing.number_taken", "number", r.Number, "year", year)}
		return r, e
	}
	if err != nil {
		return r, fmt.Errorf("org: register: %w", err)
	}
	r.At = tx.Now
	return r, tx.Record("outgoing_document", r.SubjectID, "register",
		map[string]any{"kind": r.Kind, "number": r.Number, "signed_on": r.SignedOn})
}

// NextNumber suggests the next number of a kind for the organiser in a
// year: one more than the highest registered, with the profile's symbol.
func (s *Store) NextNumber(ctx context.Context, ownerID int64, kind, symbol string, year int) (string, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT number FROM outgoing_documents WHERE owner_id = ? AND kind = ? AND year = ?`,
		ownerID, kind, year)
	if err != nil {
		return "", fmt.Errorf("org: next number: %w", err)
	}
	defer rows.Close()
	highest := 0
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		highest = max(highest, leadingNumber(n))
	}
	return SuggestNumber(kind, symbol, highest), rows.Err()
}

// Numbers returns the registered numbers of a kind by subject; a subject
// missing from the map is a draft.
func (s *Store) Numbers(ctx context.Context, kind string) (map[int64]string, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT subject_id, number FROM outgoing_documents WHERE kind = ?`, kind)
	if err != nil {
		return nil, fmt.Errorf("org: numbers: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
