package dashboard_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// world is a district made directly in the database: units with
// Vietnamese names, and programmes whose rounds rotate who audits whom
// (unit i audits unit i+r+1), every audit answered and submitted.
type world struct {
	units  int
	years  []int
	rounds int
	// nc says how many nonconformities the auditor finds in the auditee.
	nc func(year, round, auditor, auditee int) int
}

func code(i int) string { return fmt.Sprintf("U%03d", i) }

func name(i int) string { return fmt.Sprintf("Xã Đức Thạnh số %d", i) }

// newApp starts the dashboard on a fresh database with the owner and the
// built-in checklist.
func newApp(tb testing.TB) *webtest.App {
	tb.Helper()
	a := webtest.New(tb, func(s *web.Server, r *web.Router, d *db.DB) { dashboard.Mount(s, r, &dashboard.Store{DB: d}) })
	a.Owner()
	if err := checklist.Seed(context.Background(), a.DB); err != nil {
		tb.Fatal(err)
	}
	return a
}

// build writes the world and returns each year's programme id.
func (w world) build(tb testing.TB, a *webtest.App) map[int]int64 {
	tb.Helper()
	ctx := context.Background()
	for i := range w.units {
		var n int
		if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM units WHERE code = ?`, code(i)).Scan(&n); err != nil || n > 0 {
			continue // made earlier, for a user of the unit
		}
		if _, err := (&org.Store{DB: a.DB}).CreateUnit(ctx, org.UnitInput{Code: code(i), Name: name(i), Cluster: "Cụm 1"}); err != nil {
			tb.Fatal(err)
		}
	}
	version, items := builtinItems(tb, a.DB)
	ids := map[int]int64{}
	err := a.DB.Write(ctx, func(tx *db.Tx) error {
		ans, err := tx.Tx.Prepare(`INSERT INTO answers (audit_id, item_code, result, note, version, updated_at) VALUES (?, ?, ?, ?, 1, ?)`)
		if err != nil {
			return err
		}
		defer ans.Close()
		now := db.FormatTime(tx.Now)
		for _, year := range w.years {
			res, err := tx.Exec(`INSERT INTO programmes (owner_id, year, name, checklist_version_id, status, created_at, updated_at)
				VALUES ((SELECT MIN(id) FROM owners), ?, ?, ?, 'active', ?, ?)`, year, fmt.Sprintf("Chương trình đánh giá chéo năm %d", year), version, now, now)
			if err != nil {
				return err
			}
			pid, _ := res.LastInsertId()
			ids[year] = pid
			if _, err := tx.Exec(`INSERT INTO programme_units (programme_id, unit_id) SELECT ?, id FROM units`, pid); err != nil {
				return err
			}
			for r := range w.rounds {
				if err := w.round(tx, ans, pid, year, r, version, items, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

type item struct{ code, clause string }

func builtinItems(tb testing.TB, d *db.DB) (int64, []item) {
	tb.Helper()
	id, err := checklist.BuiltinID(context.Background(), d)
	if err != nil {
		tb.Fatal(err)
	}
	var version int64
	if err := d.R.QueryRow(`SELECT id FROM checklist_versions WHERE checklist_id = ? AND number = 1`, id).Scan(&version); err != nil {
		tb.Fatal(err)
	}
	rows, err := d.R.Query(`SELECT code, clause_code FROM checklist_items WHERE version_id = ? ORDER BY position`, version)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.code, &it.clause); err != nil {
			tb.Fatal(err)
		}
		out = append(out, it)
	}
	return version, out
}

func (w world) round(tx *db.Tx, ans *sql.Stmt, pid int64, year, r int, version int64, items []item, now string) error {
	res, err := tx.Exec(`INSERT INTO rounds (programme_id, n, status, starts_on, ends_on, confirmed_at) VALUES (?, ?, 'confirmed', ?, ?, ?)`,
		pid, r+1, fmt.Sprintf("%d-03-01", year), fmt.Sprintf("%d-12-01", year), now)
	if err != nil {
		return err
	}
	rid, _ := res.LastInsertId()
	for i := range w.units {
		j := (i + r + 1) % w.units
		res, err := tx.Exec(`INSERT INTO audits (round_id, auditor_unit_id, auditee_unit_id, checklist_version_id, status, planned_date, created_at, updated_at, submitted_at)
			VALUES (?, (SELECT id FROM units WHERE code = ?), (SELECT id FROM units WHERE code = ?), ?, 'submitted', ?, ?, ?, ?)`,
			rid, code(i), code(j), version, fmt.Sprintf("%d-06-%02d", year, 1+i%28), now, now, now)
		if err != nil {
			return err
		}
		aid, _ := res.LastInsertId()
		nc := w.nc(year, r, i, j)
		for k, it := range items {
			result := "conform"
			switch {
			case it.code == "C04":
				result = "na"
			case k < nc && k%4 == 3:
				result = "major"
			case k < nc:
				result = "minor"
			}
			if _, err := ans.Exec(aid, it.code, result, "Ghi chú: đã kiểm tra hồ sơ một cửa", now); err != nil {
				return err
			}
			if result == "minor" || result == "major" {
				status, due := "open", fmt.Sprintf("%d-01-15", year+1)
				if k == 1 {
					status, due = "closed", fmt.Sprintf("%d-12-31", year+1)
				}
				if _, err := tx.Exec(`INSERT INTO findings (audit_id, item_code, clause, grade, statement, evidence, status, plan_due, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, 'Bằng chứng', ?, ?, ?, ?)`, aid, it.code, it.clause, result,
					fmt.Sprintf("Hồ sơ lĩnh vực hộ tịch chưa đúng quy trình (%s)", it.code), status, due, now, now); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
