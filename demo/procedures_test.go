package demo_test

import (
	"context"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
)

// TestDemoProcedures checks what the demo guarantees of procedure
// reconciliation (CONTRACT.md): a catalogue of about a hundred procedures
// with history, portal, one-stop and process lists for every unit, gaps of
// every kind, and dossier figures with rates on both sides of the target.
func TestDemoProcedures(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	store := &procedures.Store{DB: d}
	ov, err := store.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ov.Catalogue == nil || ov.Catalogue.Procedures < 90 || ov.Catalogue.Procedures > 120 || ov.Catalogue.Imports < 2 {
		t.Fatalf("catalogue %+v: want about 100 procedures imported at least twice", ov.Catalogue)
	}
	units, err := demo.Units()
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Units) != len(units) {
		t.Fatalf("%d units reconciled, want %d", len(ov.Units), len(units))
	}
	below := map[string]int{}
	for _, u := range ov.Units {
		for _, k := range procedures.ListKinds {
			if !u.Imported(k) {
				t.Errorf("unit %s: no %s list", u.Unit, k)
			}
		}
		if u.Missing() == 0 {
			t.Errorf("unit %s has no gap", u.Unit)
		}
		if u.Figures == nil {
			t.Errorf("unit %s has no dossier figures", u.Unit)
			continue
		}
		if u.Figures.OnTimeRate.Below {
			below["on_time"]++
		}
		if u.Figures.Parity.Below {
			below["parity"]++
		}
	}
	for _, k := range []string{procedures.GapMissingOnPortal, procedures.GapMissingOnOneStop, procedures.GapMissingProcess,
		procedures.GapStaleProcess, procedures.GapNotInForce, procedures.GapMatchedByName, procedures.GapUnmatchedByName} {
		if ov.Totals[k] == 0 {
			t.Errorf("no %s gap in the demo", k)
		}
	}
	for _, k := range []string{"on_time", "parity"} {
		if below[k] == 0 || below[k] == len(units) {
			t.Errorf("%d units below target on %s: want some, not all", below[k], k)
		}
	}
	// The unit the demo logins of the sweep belong to shows gaps beside the
	// audit items.
	ev, err := store.UnitEvidence(ctx, "24961")
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, ie := range ev {
		for _, l := range ie.Lines {
			if l.Flag {
				flagged++
			}
		}
	}
	if flagged == 0 {
		t.Error("no flagged evidence for unit 24961")
	}
	vs, err := store.History(ctx, "1.004120")
	if err != nil || len(vs) != 2 {
		t.Errorf("history of 1.004120: %d versions, %v; want 2 (changed this year)", len(vs), err)
	}
	t.Logf("totals %v, below target %v", ov.Totals, below)
}
