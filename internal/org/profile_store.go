package org

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// errNoOwner is the answer to reading the profile of a deployment that has
// not declared its organiser yet.
func errNoOwner() error {
	return apperr.New(apperr.NotFound, "no_owner", apperr.M("error.no_owner"))
}

// profileQuery reads the organiser's profile columns (0001 and 0014).
const profileQuery = `SELECT name, parent_name, place, symbol, signers, legal_bases, forms FROM owners ORDER BY id LIMIT 1`

// Profile returns the organiser's profile. Returns apperr.NotFound (code
// no_owner) before one is declared.
func (s *Store) Profile(ctx context.Context) (Profile, error) {
	return readProfile(s.DB.R.QueryRowContext(ctx, profileQuery))
}

// ProfileTx is Profile inside a transaction, for a write that snapshots it.
func ProfileTx(tx *db.Tx) (Profile, error) { return readProfile(tx.QueryRow(profileQuery)) }

func readProfile(row interface{ Scan(...any) error }) (Profile, error) {
	var p Profile
	var signers, bases, forms string
	err := row.Scan(&p.Name, &p.Parent, &p.Place, &p.Symbol, &signers, &bases, &forms)
	if db.NoRows(err) {
		return p, errNoOwner()
	}
	if err != nil {
		return p, fmt.Errorf("org: profile: %w", err)
	}
	for _, c := range []struct {
		raw string
		dst any
	}{{signers, &p.Signers}, {bases, &p.LegalBases}, {forms, &p.Forms}} {
		if err := json.Unmarshal([]byte(c.raw), c.dst); err != nil {
			return p, fmt.Errorf("org: profile: %w", err)
		}
	}
	p.Normalize()
	return p, nil
}

// SaveProfile checks and stores the organiser's profile, recording the
// change in the audit trail. Returns apperr.Invalid naming each field, and
// apperr.NotFound (no_owner) before an organiser is declared.
func (s *Store) SaveProfile(ctx context.Context, p Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRow(`SELECT id FROM owners ORDER BY id LIMIT 1`).Scan(&id); db.NoRows(err) {
			return errNoOwner()
		} else if err != nil {
			return fmt.Errorf("org: profile: %w", err)
		}
		if err := writeProfile(tx, id, p); err != nil {
			return err
		}
		return tx.Record("owner", id, "update", p)
	})
}

// writeProfile stores a checked profile on owner id.
func writeProfile(tx *db.Tx, id int64, p Profile) error {
	signers, _ := json.Marshal(p.Signers)
	bases, _ := json.Marshal(p.LegalBases)
	forms, _ := json.Marshal(p.Forms)
	_, err := tx.Exec(`UPDATE owners SET name = ?, parent_name = ?, place = ?, symbol = ?, signers = ?, legal_bases = ?, forms = ?,
		updated_at = ? WHERE id = ?`, p.Name, p.Parent, p.Place, p.Symbol, string(signers), string(bases), string(forms),
		db.FormatTime(tx.Now), id)
	if err != nil {
		return fmt.Errorf("org: save profile: %w", err)
	}
	return nil
}

// DeclareOwner declares the organiser inside tx: the first step of a real
// deployment (crossaudit init, the setup page). Returns the owner's id, and
// apperr.Conflict (code owner_exists) when one is already declared: a
// deployment has one organiser, changed afterwards through its profile.
func DeclareOwner(tx *db.Tx, p Profile) (int64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM owners`).Scan(&n); err != nil {
		return 0, fmt.Errorf("org: declare owner: %w", err)
	}
	if n > 0 {
		return 0, apperr.New(apperr.Conflict, "owner_exists", apperr.M("org.owner_exists"))
	}
	id, err := EnsureOwner(tx, Owner{Name: p.Name, ParentName: p.Parent, Place: p.Place})
	if err != nil {
		return 0, err
	}
	return id, writeProfile(tx, id, p)
}

// HasOwner reports whether the organiser has been declared.
func (s *Store) HasOwner(ctx context.Context) (bool, error) {
	var n int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM owners`).Scan(&n); err != nil {
		return false, fmt.Errorf("org: owner: %w", err)
	}
	return n > 0, nil
}
