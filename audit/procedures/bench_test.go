package procedures_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The scale of issue 13: a provincial catalogue against every unit of a
// province, about 1.2 million portal and one-stop rows.
const (
	benchProcedures = 2000
	benchUnits      = 300
)

// BenchmarkOverview reconciles every unit from the database: reading the
// catalogue and 1.2 million stored rows, running the engine, and laying
// out the gaps, as the owner's page and its downloads do. It also reports
// how long importing one list of 600,000 rows takes (s/import).
func BenchmarkOverview(b *testing.B) {
	d := webtest.OpenDB(b)
	ctx := context.Background()
	store := &procedures.Store{DB: d}
	cat := table{{"code", "name", "field", "level", "effective_date"}}
	for p := range benchProcedures {
		cat = append(cat, []string{fmt.Sprintf("1.%06d", p), fmt.Sprintf("Thủ tục số %d", p), "Hộ tịch", "Cấp xã", "01/01/2025"})
	}
	if _, err := store.ImportCatalogue(ctx, "bench.csv", cat.csv()); err != nil {
		b.Fatal(err)
	}
	err := d.Write(ctx, func(tx *db.Tx) error {
		owner, err := org.EnsureOwner(tx, org.Owner{Name: "UBND tỉnh"})
		if err != nil {
			return err
		}
		for u := range benchUnits {
			_, err := tx.Exec(`INSERT INTO units (owner_id, code, name, search_key, kind, cluster, created_at, updated_at)
				VALUES (?, ?, ?, '', 'commune', '', '', '')`, owner, fmt.Sprint(30000+u), fmt.Sprint("Xã ", u))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Each unit lacks a few procedures and lists one in twenty by name
	// only, without diacritics; both lists go through the import.
	list := table{{"unit", "code", "name"}}
	for u := range benchUnits {
		for p := range benchProcedures {
			if (p+u)%37 == 0 {
				continue
			}
			code, name := fmt.Sprintf("1.%06d", p), ""
			if (p+u)%20 == 0 {
				code, name = "", fmt.Sprintf("thu tuc so %d", p)
			}
			list = append(list, []string{fmt.Sprint(30000 + u), code, name})
		}
	}
	data := list.csv()
	start := time.Now()
	for _, kind := range []string{procedures.Portal, procedures.OneStop} {
		if _, err := store.ImportList(ctx, kind, kind+".csv", data, ""); err != nil {
			b.Fatal(err)
		}
	}
	perImport := time.Since(start).Seconds() / 2
	rows := 2 * (len(list) - 1)
	b.ResetTimer()
	for b.Loop() {
		ov, err := store.Overview(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(ov.Units) != benchUnits || ov.Totals[procedures.GapMissingOnPortal] == 0 {
			b.Fatalf("%d units, totals %v", len(ov.Units), ov.Totals)
		}
	}
	// Reported after the loop: ResetTimer clears extra metrics.
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(perImport, "s/import")
}
