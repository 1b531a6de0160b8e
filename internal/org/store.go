package org

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Store reads and writes owners and units.
type Store struct{ DB *db.DB }

// Owner returns the owner, creating none: a deployment has one owner, set up
// by the demo or the first administrator. Returns apperr.NotFound when none.
func (s *Store) Owner(ctx context.Context) (Owner, error) {
	var o Owner
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, name, parent_name, place FROM owners ORDER BY id LIMIT 1`).
		Scan(&o.ID, &o.Name, &o.ParentName, &o.Place)
	if db.NoRows(err) {
		return o, apperr.New(apperr.NotFound, "not_found", apperr.M("error.not_found", "thing", apperr.M("thing.owner")))
	}
	if err != nil {
		return o, fmt.Errorf("org: owner: %w", err)
	}
	return o, nil
}

// EnsureOwner returns the owner's id, creating it inside tx when there is none.
func EnsureOwner(tx *db.Tx, o Owner) (int64, error) {
	var id int64
	err := tx.QueryRow(`SELECT id FROM owners ORDER BY id LIMIT 1`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !db.NoRows(err) {
		return 0, fmt.Errorf("org: owner: %w", err)
	}
	res, err := tx.Exec(`INSERT INTO owners (name, parent_name, place, created_at) VALUES (?, ?, ?, ?)`,
		text.Clean(o.Name), text.Clean(o.ParentName), text.Clean(o.Place), db.FormatTime(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("org: create owner: %w", err)
	}
	id, _ = res.LastInsertId()
	if err := tx.Record("owner", id, "create", map[string]string{"name": o.Name}); err != nil {
		return 0, err
	}
	return id, nil
}

// UnitFilter narrows ListUnits.
type UnitFilter struct {
	Query string // matched against code and the folded name
	All   bool   // include retired units
}

const unitColumns = `u.id, u.code, u.name, u.kind, u.cluster, u.place, u.chairman, u.retired_at IS NOT NULL, COALESCE(s.code, '')`

func scanUnit(row interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	err := row.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &u.Cluster, &u.Place, &u.Chairman, &u.Retired, &u.Successor)
	return u, err
}

// ListUnits returns the units matching f, ordered by code.
func (s *Store) ListUnits(ctx context.Context, f UnitFilter) ([]Unit, error) {
	var where []string
	var args []any
	if !f.All {
		where = append(where, "u.retired_at IS NULL")
	}
	if q := text.Fold(f.Query); q != "" {
		where = append(where, `(u.search_key LIKE ? ESCAPE '\' OR lower(u.code) LIKE ? ESCAPE '\')`)
		like := "%" + escapeLike(q) + "%"
		args = append(args, like, like)
	}
	query := `SELECT ` + unitColumns + ` FROM units u LEFT JOIN units s ON s.id = u.successor_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.DB.R.QueryContext(ctx, query+" ORDER BY u.code", args...)
	if err != nil {
		return nil, fmt.Errorf("org: list units: %w", err)
	}
	defer rows.Close()
	units := []Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("org: list units: %w", err)
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

// escapeLike makes a user's text literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UnitByCode returns one unit. Returns apperr.NotFound when there is none.
func (s *Store) UnitByCode(ctx context.Context, code string) (Unit, error) {
	return unitByCode(ctx, s.DB.R, code)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func unitByCode(ctx context.Context, q queryer, code string) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units u LEFT JOIN units s ON s.id = u.successor_id WHERE u.code = ?`, code))
	if db.NoRows(err) {
		return u, apperr.NotFoundThing("thing.unit")
	}
	if err != nil {
		return u, fmt.Errorf("org: unit %s: %w", code, err)
	}
	return u, nil
}

// UnitIDTx resolves the code of a live unit inside a transaction: people
// are put only into live units, since a merged unit is kept read-only.
// Returns apperr.NotFound when there is none, or it is retired.
func UnitIDTx(tx *db.Tx, code string) (int64, error) {
	u, err := unitByCode(tx.Context(), tx.Tx, code)
	if err == nil && u.Retired {
		return 0, apperr.NotFoundThing("thing.unit")
	}
	return u.ID, err
}

// CreateUnit validates and stores a unit. Returns apperr.Invalid for bad
// values and apperr.Conflict (code "duplicate_code") for a code in use.
func (s *Store) CreateUnit(ctx context.Context, in UnitInput) (Unit, error) {
	var u Unit
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var err error
		u, err = CreateUnitTx(tx, in)
		return err
	})
	return u, err
}

// CreateUnitTx is CreateUnit inside a caller's transaction (bulk imports,
// the demo). The owner must exist.
func CreateUnitTx(tx *db.Tx, in UnitInput) (Unit, error) {
	if err := in.Validate(); err != nil {
		return Unit{}, err
	}
	var ownerID int64
	if err := tx.QueryRow(`SELECT id FROM owners ORDER BY id LIMIT 1`).Scan(&ownerID); err != nil {
		if db.NoRows(err) {
			return Unit{}, apperr.New(apperr.Conflict, "no_owner", apperr.M("error.no_owner"))
		}
		return Unit{}, fmt.Errorf("org: create unit: %w", err)
	}
	now := db.FormatTime(tx.Now)
	res, err := tx.Exec(`INSERT INTO units (owner_id, code, name, search_key, kind, cluster, place, chairman, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ownerID, in.Code, in.Name, text.Fold(in.Name), in.Kind, in.Cluster, in.Place, in.Chairman, now, now)
	if db.IsUnique(err) {
		e := apperr.New(apperr.Conflict, "duplicate_code", apperr.M("error.duplicate_code", "code", in.Code))
		e.Fields = map[string]apperr.Msg{"code": apperr.M("validation.duplicate")}
		return Unit{}, e
	}
	if err != nil {
		return Unit{}, fmt.Errorf("org: create unit %s: %w", in.Code, err)
	}
	id, _ := res.LastInsertId()
	if err := tx.Record("unit", in.Code, "create", in); err != nil {
		return Unit{}, err
	}
	return Unit{ID: id, Code: in.Code, Name: in.Name, Kind: in.Kind, Cluster: in.Cluster}, nil
}

// CountUnits counts every unit, retired or not.
func (s *Store) CountUnits(ctx context.Context) (int, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&n)
	return n, err
}

// UnitNames maps every unit's code, retired ones included, to its name:
// what lists show beside the codes they hold.
func (s *Store) UnitNames(ctx context.Context) (map[string]string, error) {
	units, err := s.ListUnits(ctx, UnitFilter{All: true})
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(units))
	for _, u := range units {
		names[u.Code] = u.Name
	}
	return names, nil
}
