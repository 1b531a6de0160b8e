package reconcile_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

// The benchmark's scale: a provincial catalogue against every unit of a
// province, about 1.2 million portal and one-stop rows in all.
const (
	benchProcedures = 2000
	benchUnits      = 300
)

// benchData builds the catalogue and both lists. Each unit skips a few
// procedures on each list, writes one in twenty by name only (with the
// diacritics stripped, so that folding is exercised) and lists one repealed
// code.
func benchData() reconcile.Input {
	in := reconcile.Input{HasProcesses: true}
	names := make([]string, benchProcedures)
	for p := range benchProcedures {
		names[p] = fmt.Sprintf("Thủ tục đăng ký hộ tịch số %d", p)
		in.Catalogue = append(in.Catalogue, reconcile.Procedure{
			Code: fmt.Sprintf("1.%06d", p), Name: names[p], Field: "Hộ tịch", Level: "Cấp xã",
			EffectiveDate: time.Date(2025, 1, 1+p%365, 0, 0, 0, 0, time.UTC),
		})
	}
	for u := range benchUnits {
		unit := strconv.Itoa(20000 + u)
		for p := range benchProcedures {
			code, name := in.Catalogue[p].Code, names[p]
			if (p+u)%20 == 0 {
				code, name = "", fmt.Sprintf("thu tuc dang ky ho tich so %d", p)
			}
			if (p+u)%37 != 0 {
				in.Portal = append(in.Portal, reconcile.Listing{Unit: unit, Code: code, Name: name})
			}
			if (p+u)%101 != 0 {
				in.OneStop = append(in.OneStop, reconcile.Listing{Unit: unit, Code: code, Name: name})
			}
		}
		in.Portal = append(in.Portal, reconcile.Listing{Unit: unit, Code: "9.999999", Name: "Thủ tục đã bãi bỏ"})
	}
	return in
}

func BenchmarkReconcile(b *testing.B) {
	in := benchData()
	for b.Loop() {
		rep := reconcile.Reconcile(in)
		if rep.Stats.Units != benchUnits {
			b.Fatalf("got %d units", rep.Stats.Units)
		}
	}
	// After the loop: b.Loop resets the timer and with it any extra metric.
	b.ReportMetric(float64(len(in.Portal)+len(in.OneStop)), "rows")
}

// listingsCSV writes listings as a CSV file.
func listingsCSV(list []reconcile.Listing) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"unit", "code", "name"})
	for _, l := range list {
		_ = w.Write([]string{l.Unit, l.Code, l.Name})
	}
	w.Flush()
	return buf.Bytes()
}

func BenchmarkReadListingsCSV(b *testing.B) {
	data := listingsCSV(benchData().Portal)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := reconcile.ReadListings(bytes.NewReader(data), "portal.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadCatalogueCSV(b *testing.B) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"code", "name", "field", "level", "effective_date"})
	for _, p := range benchData().Catalogue {
		_ = w.Write([]string{p.Code, p.Name, p.Field, p.Level, p.EffectiveDate.Format("02/01/2006")})
	}
	w.Flush()
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := reconcile.ReadCatalogue(bytes.NewReader(data), "catalogue.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEndToEndCSV reads both lists and the catalogue from CSV and
// reconciles them, as `crossaudit reconcile` does.
func BenchmarkEndToEndCSV(b *testing.B) {
	in := benchData()
	portal, onestop := listingsCSV(in.Portal), listingsCSV(in.OneStop)
	var cat bytes.Buffer
	w := csv.NewWriter(&cat)
	_ = w.Write([]string{"code", "name", "field", "level", "effective_date"})
	for _, p := range in.Catalogue {
		_ = w.Write([]string{p.Code, p.Name, p.Field, p.Level, p.EffectiveDate.Format("2006-01-02")})
	}
	w.Flush()
	b.ResetTimer()
	for b.Loop() {
		var got reconcile.Input
		var err error
		if got.Catalogue, err = reconcile.ReadCatalogue(bytes.NewReader(cat.Bytes()), "catalogue.csv"); err != nil {
			b.Fatal(err)
		}
		if got.Portal, err = reconcile.ReadListings(bytes.NewReader(portal), "portal.csv"); err != nil {
			b.Fatal(err)
		}
		if got.OneStop, err = reconcile.ReadListings(bytes.NewReader(onestop), "onestop.csv"); err != nil {
			b.Fatal(err)
		}
		_ = reconcile.Reconcile(got)
	}
}
