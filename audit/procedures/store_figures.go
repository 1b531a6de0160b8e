package procedures

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// FigureColumns are the columns of a dossier-figures file.
var FigureColumns = []string{"unit", "period", "received", "on_time", "late", "paper", "electronic"}

// Figures returns the stored figures, of every unit or only the one named,
// by unit and then the latest period first.
func (s *Store) Figures(ctx context.Context, unit string) ([]Figures, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.code, f.period, f.received, f.on_time, f.late, f.paper, f.electronic
		FROM dossier_figures f JOIN units u ON u.id = f.unit_id WHERE ? = '' OR u.code = ?`, unit, unit)
	if err != nil {
		return nil, fmt.Errorf("procedures: figures: %w", err)
	}
	defer rows.Close()
	out := []Figures{}
	for rows.Next() {
		var f Figures
		if err := rows.Scan(&f.Unit, &f.Period, &f.Received, &f.OnTime, &f.Late, &f.Paper, &f.Electronic); err != nil {
			return nil, fmt.Errorf("procedures: figures: %w", err)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Figures) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), -comparePeriods(a.Period, b.Period))
	})
	return out, rows.Err()
}

// periodEnd is the last month a period covers as yyyy-mm, and its length
// in months, so that periods of different grains compare by when they end.
func periodEnd(p string) (string, int) {
	year, rest, _ := strings.Cut(p, "-")
	switch {
	case rest == "":
		return year + "-12", 12
	case strings.HasPrefix(rest, "Q"):
		q, _ := strconv.Atoi(rest[1:])
		return fmt.Sprintf("%s-%02d", year, 3*q), 3
	}
	return p, 1
}

// comparePeriods orders periods by when they end; of two ending together
// the longer counts as later, since it covers more dossiers.
func comparePeriods(a, b string) int {
	ea, la := periodEnd(a)
	eb, lb := periodEnd(b)
	return cmp.Or(cmp.Compare(ea, eb), cmp.Compare(la, lb))
}

// latestFigures returns each unit's latest figures, by unit code.
func latestFigures(all []Figures) map[string]Figures {
	out := map[string]Figures{}
	for _, f := range all {
		if prev, ok := out[f.Unit]; !ok || comparePeriods(f.Period, prev.Period) > 0 {
			out[f.Unit] = f
		}
	}
	return out
}

const upsertFigures = `INSERT INTO dossier_figures (unit_id, period, received, on_time, late, paper, electronic, updated_at, updated_by)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (unit_id, period) DO UPDATE SET received = excluded.received, on_time = excluded.on_time, late = excluded.late,
		paper = excluded.paper, electronic = excluded.electronic, updated_at = excluded.updated_at, updated_by = excluded.updated_by`

// SaveFigures stores a unit's figures for a period, replacing any stored.
// Returns apperr.Invalid naming each field (the unit when it does not
// exist).
func (s *Store) SaveFigures(ctx context.Context, f Figures) error {
	if err := f.Validate(); err != nil {
		return err
	}
	ids, err := unitIDs(ctx, s.DB.R)
	if err != nil {
		return err
	}
	id, ok := ids[f.Unit]
	if !ok {
		return apperr.InvalidFields(map[string]apperr.Msg{"unit": apperr.M("procedures.file.unknown_unit", "unit", f.Unit)})
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if err := saveFiguresTx(tx, id, f); err != nil {
			return err
		}
		return tx.Record("dossier_figures", f.Unit+"/"+f.Period, "save", f)
	})
}

func saveFiguresTx(tx *db.Tx, unitID int64, f Figures) error {
	_, err := tx.Exec(upsertFigures, unitID, f.Period, f.Received, f.OnTime, f.Late, f.Paper, f.Electronic, db.FormatTime(tx.Now), actor(tx))
	if err != nil {
		return fmt.Errorf("procedures: save figures %s %s: %w", f.Unit, f.Period, err)
	}
	return nil
}

// actor is the acting user for a column that may be NULL.
func actor(tx *db.Tx) any {
	if tx.Actor == 0 {
		return nil
	}
	return tx.Actor
}

// ImportFigures stores every row of a CSV or XLSX file (FigureColumns) or
// none, reporting every problem at once keyed "row:N:column". A unit and
// period already stored are replaced. Returns the number of rows stored.
func (s *Store) ImportFigures(ctx context.Context, file string, data []byte) (int, error) {
	t, err := tabular.Read(bytes.NewReader(data), FigureColumns...)
	if err != nil {
		e := apperr.As(tabular.AppError(err))
		if e.Kind == apperr.Invalid {
			e.Message = apperr.M("procedures.file_rejected", "file", file)
		}
		return 0, e
	}
	ids, err := unitIDs(ctx, s.DB.R)
	if err != nil {
		return 0, err
	}
	fields := apperr.Fields{}
	var all []Figures
	seen := map[string]int{}
	for _, row := range t.Rows {
		f, ok := figuresRow(row, fields)
		if _, known := ids[f.Unit]; !known {
			fields.Add(tabular.RowKey(row.Line, "unit"), apperr.M("procedures.file.unknown_unit", "unit", f.Unit))
			ok = false
		}
		if prev, dup := seen[f.Unit+"/"+f.Period]; dup {
			fields.Add(tabular.RowKey(row.Line, "period"), apperr.M("import.duplicate_in_file", "line", prev))
		}
		seen[f.Unit+"/"+f.Period] = row.Line
		if ok {
			for col, m := range apperr.As(f.Validate()).Fields {
				fields.Add(tabular.RowKey(row.Line, col), m)
			}
		}
		all = append(all, f)
	}
	if len(t.Rows) == 0 {
		fields.Add("file", apperr.M("import.no_rows"))
	}
	if err := rejected(file, fields); err != nil {
		return 0, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		for _, f := range all {
			if err := saveFiguresTx(tx, ids[f.Unit], f); err != nil {
				return err
			}
		}
		return tx.Record("dossier_figures", file, "import", map[string]any{"rows": len(all)})
	})
	if err != nil {
		return 0, err
	}
	return len(all), nil
}

// figuresRow reads one row of a figures file; counts that are not whole
// numbers are reported in fields.
func figuresRow(row tabular.Row, fields apperr.Fields) (Figures, bool) {
	f := Figures{Unit: row.Get("unit"), Period: StoredPeriod(row.Get("period"))}
	ok := true
	for _, c := range []struct {
		col string
		dst *int
	}{{"received", &f.Received}, {"on_time", &f.OnTime}, {"late", &f.Late}, {"paper", &f.Paper}, {"electronic", &f.Electronic}} {
		// Spreadsheets written under a Vietnamese locale group thousands
		// with dots or spaces, others with commas; a count has no decimals, so
		// all of them can go.
		v := strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(row.Get(c.col))
		n, err := strconv.Atoi(v)
		if err != nil {
			fields.Add(tabular.RowKey(row.Line, c.col), apperr.M("procedures.file.not_a_count", "value", row.Get(c.col)))
			ok = false
			continue
		}
		*c.dst = n
	}
	return f, ok
}

// SetTarget changes the percentage below which rates are flagged. Returns
// apperr.Invalid for a target outside (0, 100].
func (s *Store) SetTarget(ctx context.Context, target float64) error {
	if !(target > 0 && target <= 100) {
		return apperr.InvalidFields(map[string]apperr.Msg{"target": apperr.M("procedures.bad_target")})
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(`UPDATE procedure_settings SET target = ? WHERE id = 1`, target); err != nil {
			return fmt.Errorf("procedures: target: %w", err)
		}
		return tx.Record("procedure_settings", 1, "target", map[string]float64{"target": target})
	})
}
