package dashboard

import (
	"slices"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
)

func fig(unit, period string, received, onTime, late, paper, electronic int) procedures.Figures {
	return procedures.Figures{Unit: unit, Period: period, Received: received, OnTime: onTime, Late: late, Paper: paper, Electronic: electronic}
}

// A year's figures count every dossier once: the whole year when stored
// as such, else its quarters, else the months of a quarter; other years and
// units are left out.
func TestYearFiguresCountEachDossierOnce(t *testing.T) {
	all := []procedures.Figures{
		fig("A", "2026", 1000, 990, 10, 600, 600),
		fig("A", "2026-Q1", 250, 240, 10, 150, 150), // inside the year already stored whole
		fig("B", "2026-Q1", 100, 100, 0, 60, 60),
		fig("B", "2026-01", 40, 40, 0, 20, 20), // inside Q1, stored as a quarter
		fig("B", "2026-04", 30, 29, 1, 20, 18),
		fig("B", "2026-05", 30, 30, 0, 20, 20),
		fig("B", "2025", 999, 999, 0, 999, 999), // another year
		fig("C", "2026-Q2", 10, 10, 0, 10, 10),
	}
	for _, tc := range []struct {
		unit    string
		want    procedures.Figures
		periods []string
	}{
		{"A", fig("A", "2026", 1000, 990, 10, 600, 600), []string{"2026"}},
		{"B", fig("B", "2026", 160, 159, 1, 100, 98), []string{"2026-04", "2026-05", "2026-Q1"}},
		{"D", fig("D", "2026", 0, 0, 0, 0, 0), nil},
	} {
		got, periods := yearFigures(all, tc.unit, 2026)
		if got != tc.want || !slices.Equal(periods, tc.periods) {
			t.Errorf("%s: %+v over %v, want %+v over %v", tc.unit, got, periods, tc.want, tc.periods)
		}
	}
}

// Rates are computed from the summed counts and flagged below the target;
// a unit without figures, or without a dossier to divide by, has no rate
// (and no division by zero); a successor sums its family, marked.
func TestDossierRows(t *testing.T) {
	all := []procedures.Figures{
		fig("A", "2026", 1000, 990, 10, 600, 600), // 99 %, 100 %
		fig("B", "2026-Q1", 100, 90, 10, 50, 40),  // 90 %, 80 %
		fig("E", "2026-Q1", 0, 0, 0, 0, 0),        // nothing received
		fig("S", "2026-Q3", 100, 100, 0, 100, 100),
		fig("P", "2026-Q1", 100, 94, 6, 100, 100),
	}
	family := func(u string) []string {
		if u == "S" {
			return []string{"S", "P"}
		}
		return []string{u}
	}
	d := dossiers(all, []string{"A", "B", "C", "E", "S"}, family, 2026, 98)
	byUnit := map[string]DossierRow{}
	for _, r := range d.Units {
		byUnit[r.Unit] = r
	}
	if a := byUnit["A"]; !a.HasFigures || a.OnTimeRate.Pct != 99 || a.OnTimeRate.Below || a.Parity.Pct != 100 || a.Flagged() || a.MergedFrom != nil {
		t.Errorf("A: %+v", a)
	}
	if b := byUnit["B"]; b.OnTimeRate.Pct != 90 || !b.OnTimeRate.Below || b.Parity.Pct != 80 || !b.Parity.Below || !b.Flagged() {
		t.Errorf("B: %+v", b)
	}
	if c := byUnit["C"]; c.HasFigures || c.OnTimeRate.Known || c.Parity.Known || c.Flagged() || len(c.Periods) != 0 {
		t.Errorf("C, without figures: %+v", c)
	}
	if e := byUnit["E"]; !e.HasFigures || e.OnTimeRate.Known || e.Parity.Known || e.Flagged() {
		t.Errorf("E, with nothing received: %+v", e)
	}
	s := byUnit["S"]
	if s.Received != 200 || s.OnTime != 194 || s.Late != 6 || s.OnTimeRate.Pct != 97 || !s.OnTimeRate.Below ||
		!slices.Equal(s.MergedFrom, []string{"P", "S"}) || !slices.Equal(s.Periods, []string{"2026-Q1", "2026-Q3"}) {
		t.Errorf("S, summed with its predecessor: %+v", s)
	}
	if d.Below != 2 || d.Missing != 1 || d.Target != 98 || d.Year != 2026 {
		t.Errorf("below %d, missing %d, target %v, year %d", d.Below, d.Missing, d.Target, d.Year)
	}
	if got := unitDossiers(all, "S", []string{"S", "P"}, 98); len(got) != 1 || got[0].Year != 2026 || got[0].Received != 200 {
		t.Errorf("S's own years: %+v", got)
	}
}
