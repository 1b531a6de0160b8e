package procedures

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/crossaudit/crossaudit/audit/reconcile"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// CatalogueResult is what a catalogue import did.
type CatalogueResult struct {
	Procedures  int `json:"procedures"`   // procedures in the catalogue now in force
	NewVersions int `json:"new_versions"` // versions not seen before (new procedures or new effective dates)
	Dropped     int `json:"dropped"`      // procedures of the previous catalogue absent from this one
}

// ImportCatalogue makes a CSV or XLSX file (code, name, field, level,
// effective_date, optionally legal_basis) the catalogue in force. The
// previous catalogues stay as history: a procedure with a new effective
// date gets a new version; one with a date already stored corrects that
// version's texts. A bad file stores nothing and is reported by line and
// column (apperr.Invalid; apperr.Unsupported for a file of the wrong type).
func (s *Store) ImportCatalogue(ctx context.Context, file string, data []byte) (CatalogueResult, error) {
	procs, err := reconcile.ReadCatalogue(bytes.NewReader(data), file)
	if err != nil {
		return CatalogueResult{}, fileError(err)
	}
	if len(procs) == 0 {
		return CatalogueResult{}, rejected(file, apperr.Fields{"file": apperr.M("import.no_rows")})
	}
	var res CatalogueResult
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		r, err := importCatalogueTx(tx, file, procs)
		res = r
		return err
	})
	return res, err
}

func importCatalogueTx(tx *db.Tx, file string, procs []reconcile.Procedure) (CatalogueResult, error) {
	res := CatalogueResult{Procedures: len(procs)}
	var prev int64
	if err := tx.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM procedure_catalogues`).Scan(&prev); err != nil {
		return res, fmt.Errorf("procedures: import catalogue: %w", err)
	}
	r, err := tx.Exec(`INSERT INTO procedure_catalogues (file_name, imported_at, imported_by) VALUES (?, ?, ?)`,
		file, db.FormatTime(tx.Now), actor(tx))
	if err != nil {
		return res, fmt.Errorf("procedures: import catalogue: %w", err)
	}
	catID, _ := r.LastInsertId()
	for _, p := range procs {
		vid, isNew, err := upsertVersion(tx, catID, p)
		if err != nil {
			return res, err
		}
		if isNew {
			res.NewVersions++
		}
		if _, err := tx.Exec(`INSERT OR IGNORE INTO procedure_catalogue_entries (catalogue_id, version_id) VALUES (?, ?)`, catID, vid); err != nil {
			return res, fmt.Errorf("procedures: import catalogue: %w", err)
		}
	}
	if prev > 0 {
		err := tx.QueryRow(`SELECT COUNT(*) FROM procedure_catalogue_entries e JOIN procedure_versions v ON v.id = e.version_id
			WHERE e.catalogue_id = ? AND v.code NOT IN (SELECT v2.code FROM procedure_catalogue_entries e2
				JOIN procedure_versions v2 ON v2.id = e2.version_id WHERE e2.catalogue_id = ?)`, prev, catID).Scan(&res.Dropped)
		if err != nil {
			return res, fmt.Errorf("procedures: import catalogue: %w", err)
		}
	}
	return res, tx.Record("procedure_catalogue", catID, "import", map[string]any{"file": file, "procedures": res.Procedures,
		"new_versions": res.NewVersions, "dropped": res.Dropped})
}

// upsertVersion finds the version of p by code and effective date,
// correcting its texts, or adds it. It reports whether it was added.
func upsertVersion(tx *db.Tx, catID int64, p reconcile.Procedure) (int64, bool, error) {
	eff := day(p.EffectiveDate)
	var id int64
	err := tx.QueryRow(`SELECT id FROM procedure_versions WHERE code = ? AND effective_date = ?`, p.Code, eff).Scan(&id)
	switch {
	case err == nil:
		_, err = tx.Exec(`UPDATE procedure_versions SET name = ?, field = ?, level = ?, legal_basis = ? WHERE id = ?`,
			p.Name, p.Field, p.Level, p.LegalBasis, id)
		if err != nil {
			return 0, false, fmt.Errorf("procedures: version %s: %w", p.Code, err)
		}
		return id, false, nil
	case !db.NoRows(err):
		return 0, false, fmt.Errorf("procedures: version %s: %w", p.Code, err)
	}
	r, err := tx.Exec(`INSERT INTO procedure_versions (code, name, field, level, legal_basis, effective_date, first_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.Code, p.Name, p.Field, p.Level, p.LegalBasis, eff, catID)
	if err != nil {
		return 0, false, fmt.Errorf("procedures: version %s: %w", p.Code, err)
	}
	id, _ = r.LastInsertId()
	return id, true, nil
}

// ListResult is what a list import did.
type ListResult struct {
	Units []string `json:"units"` // the units whose list was replaced, sorted
	Rows  int      `json:"rows"`
}

// ImportList replaces, for every unit the file names, that unit's list of
// one kind (Portal, OneStop or Processes) with the file's rows. The file
// has the engine's columns: unit, code, name for the portal and one-stop
// lists; unit, code, process_code, version, effective_date (and optionally
// name) for processes. When only is set, every row must be of that unit.
// A bad file, or one naming a unit that does not exist, stores nothing:
// apperr.Invalid naming file, line and column; apperr.Unsupported for a
// file of the wrong type; apperr.NotFound for an unknown kind.
func (s *Store) ImportList(ctx context.Context, kind, file string, data []byte, only string) (ListResult, error) {
	if !validKind(kind) {
		return ListResult{}, apperr.NotFoundThing("thing.procedure_list")
	}
	rows, err := readList(kind, file, data)
	if err != nil {
		return ListResult{}, err
	}
	ids, err := unitIDs(ctx, s.DB.R)
	if err != nil {
		return ListResult{}, err
	}
	fields := apperr.Fields{}
	perUnit := map[string]bool{}
	for _, l := range rows {
		switch _, known := ids[l.Unit]; {
		case !known:
			fields.Add(tabular.RowKey(l.Line, "unit"), apperr.M("procedures.file.unknown_unit", "unit", l.Unit))
		case only != "" && l.Unit != only:
			fields.Add(tabular.RowKey(l.Line, "unit"), apperr.M("procedures.file.other_unit", "unit", l.Unit, "want", only))
		}
		perUnit[l.Unit] = true
	}
	if len(rows) == 0 {
		fields.Add("file", apperr.M("import.no_rows"))
	}
	if err := rejected(file, fields); err != nil {
		return ListResult{}, err
	}
	res := ListResult{Rows: len(rows)}
	for u := range perUnit {
		res.Units = append(res.Units, u)
	}
	slices.Sort(res.Units)
	byUnit := map[string][]listRow{}
	for _, l := range rows {
		byUnit[l.Unit] = append(byUnit[l.Unit], l)
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		for _, u := range res.Units {
			if err := replaceListTx(tx, ids[u], kind, file, byUnit[u]); err != nil {
				return err
			}
		}
		return tx.Record("procedure_list", kind, "import", map[string]any{"file": file, "units": res.Units, "rows": res.Rows})
	})
	if err != nil {
		return ListResult{}, err
	}
	return res, nil
}

// replaceListTx stores a unit's list of a kind in place of the previous.
func replaceListTx(tx *db.Tx, unitID int64, kind, file string, rows []listRow) error {
	_, err := tx.Exec(`INSERT INTO procedure_lists (unit_id, kind, file_name, rows, body, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (unit_id, kind) DO UPDATE SET file_name = excluded.file_name, rows = excluded.rows, body = excluded.body,
			imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
		unitID, kind, file, len(rows), encodeList(rows), db.FormatTime(tx.Now), actor(tx))
	if err != nil {
		return fmt.Errorf("procedures: import %s: %w", kind, err)
	}
	return nil
}

// listRow is a row of any per-unit file, as stored.
type listRow struct {
	Unit, Code, Name, ProcessCode, Version, EffectiveDate string
	Line                                                  int
}

// readList reads a per-unit file with the engine's reader of its kind.
func readList(kind, file string, data []byte) ([]listRow, error) {
	if kind == Processes {
		procs, err := reconcile.ReadProcesses(bytes.NewReader(data), file)
		if err != nil {
			return nil, fileError(err)
		}
		out := make([]listRow, 0, len(procs))
		for _, p := range procs {
			out = append(out, listRow{Unit: p.Unit, Code: p.Code, Name: p.Name, ProcessCode: p.ProcessCode, Version: p.Version,
				EffectiveDate: day(p.EffectiveDate), Line: p.Line})
		}
		return out, nil
	}
	list, err := reconcile.ReadListings(bytes.NewReader(data), file)
	if err != nil {
		return nil, fileError(err)
	}
	// Sized up front: a province's list has hundreds of thousands of rows.
	out := make([]listRow, 0, len(list))
	for _, l := range list {
		out = append(out, listRow{Unit: l.Unit, Code: l.Code, Name: l.Name, Line: l.Line})
	}
	return out, nil
}
