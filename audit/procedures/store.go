package procedures

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Store keeps the catalogue, the per-unit lists and the dossier figures.
// Reads use the reader pool; writes go through db.Write.
type Store struct {
	DB *db.DB
}

// Target returns the percentage below which rates are flagged.
func (s *Store) Target(ctx context.Context) (float64, error) {
	var t float64
	err := s.DB.R.QueryRowContext(ctx, `SELECT target FROM procedure_settings WHERE id = 1`).Scan(&t)
	if db.NoRows(err) {
		return DefaultTarget, nil
	}
	if err != nil {
		return 0, fmt.Errorf("procedures: target: %w", err)
	}
	return t, nil
}

// Catalogue returns the catalogue in force (the latest import) with its
// procedures sorted by code; nil info and no procedures before the first
// import.
func (s *Store) Catalogue(ctx context.Context) (*CatalogueInfo, []Procedure, error) {
	info := &CatalogueInfo{}
	var at string
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, file_name, imported_at, (SELECT COUNT(*) FROM procedure_catalogues)
		FROM procedure_catalogues ORDER BY id DESC LIMIT 1`).Scan(&info.ID, &info.FileName, &at, &info.Imports)
	if db.NoRows(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("procedures: catalogue: %w", err)
	}
	info.ImportedAt, _ = db.ParseTime(at)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.code, v.name, v.field, v.level, v.legal_basis, v.effective_date
		FROM procedure_catalogue_entries e JOIN procedure_versions v ON v.id = e.version_id
		WHERE e.catalogue_id = ? ORDER BY v.code`, info.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("procedures: catalogue: %w", err)
	}
	defer rows.Close()
	procs := []Procedure{}
	for rows.Next() {
		var p Procedure
		if err := rows.Scan(&p.Code, &p.Name, &p.Field, &p.Level, &p.LegalBasis, &p.EffectiveDate); err != nil {
			return nil, nil, fmt.Errorf("procedures: catalogue: %w", err)
		}
		procs = append(procs, p)
	}
	info.Procedures = len(procs)
	return info, procs, rows.Err()
}

// History returns every version of a procedure, the latest effective date
// first. Returns apperr.NotFound for a code never imported.
func (s *Store) History(ctx context.Context, code string) ([]Version, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.code, v.name, v.field, v.level, v.legal_basis, v.effective_date, c.imported_at,
			EXISTS (SELECT 1 FROM procedure_catalogue_entries e WHERE e.version_id = v.id
				AND e.catalogue_id = (SELECT MAX(id) FROM procedure_catalogues))
		FROM procedure_versions v JOIN procedure_catalogues c ON c.id = v.first_seen
		WHERE v.code = ? ORDER BY v.effective_date DESC`, code)
	if err != nil {
		return nil, fmt.Errorf("procedures: history %s: %w", code, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var at string
		if err := rows.Scan(&v.Code, &v.Name, &v.Field, &v.Level, &v.LegalBasis, &v.EffectiveDate, &at, &v.InForce); err != nil {
			return nil, fmt.Errorf("procedures: history %s: %w", code, err)
		}
		v.FirstSeen, _ = db.ParseTime(at)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.NotFoundThing("thing.procedure")
	}
	return out, nil
}

// unitRef is a live unit of the owner.
type unitRef struct {
	ID         int64
	Code, Name string
}

// units returns the live units by code, sorted, or only the one named.
func (s *Store) units(ctx context.Context, only string) ([]unitRef, error) {
	q := `SELECT id, code, name FROM units WHERE retired_at IS NULL AND (? = '' OR code = ?) ORDER BY code`
	rows, err := s.DB.R.QueryContext(ctx, q, only, only)
	if err != nil {
		return nil, fmt.Errorf("procedures: units: %w", err)
	}
	defer rows.Close()
	var out []unitRef
	for rows.Next() {
		var u unitRef
		if err := rows.Scan(&u.ID, &u.Code, &u.Name); err != nil {
			return nil, fmt.Errorf("procedures: units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// unitIDs maps every unit code, retired ones included, to its id: an
// import names units by code and a retired unit is still a unit.
func unitIDs(ctx context.Context, q *sql.DB) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, id FROM units`)
	if err != nil {
		return nil, fmt.Errorf("procedures: units: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, fmt.Errorf("procedures: units: %w", err)
		}
		out[code] = id
	}
	return out, rows.Err()
}

// listImports returns when each unit's lists were imported, by unit code
// and kind.
func (s *Store) listImports(ctx context.Context, only string) (map[string]map[string]ListImport, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.code, l.kind, l.file_name, l.rows, l.imported_at
		FROM procedure_lists l JOIN units u ON u.id = l.unit_id WHERE ? = '' OR u.code = ?`, only, only)
	if err != nil {
		return nil, fmt.Errorf("procedures: list imports: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]ListImport{}
	for rows.Next() {
		var unit, at string
		var li ListImport
		if err := rows.Scan(&unit, &li.Kind, &li.FileName, &li.Rows, &at); err != nil {
			return nil, fmt.Errorf("procedures: list imports: %w", err)
		}
		li.ImportedAt, _ = db.ParseTime(at)
		if out[unit] == nil {
			out[unit] = map[string]ListImport{}
		}
		out[unit][li.Kind] = li
	}
	return out, rows.Err()
}
