package dashboard

import (
	"math"
	"slices"
	"testing"
)

var (
	plantedProgramme = synth{units: 60, rounds: 5, items: 59, lenient: [2]int{7, 23}, factor: 0.1}
	fairProgramme    = synth{units: 60, rounds: 5, items: 59}
)

// The planted pair find a tenth of what others find in them. The test has
// about 94% power at this size, so a few of 20 seeds may miss it; every
// flag it raises must carry the pair's audits as evidence.
func TestPlantedLenientPairIsFlagged(t *testing.T) {
	found := 0
	for seed := range uint64(20) {
		obs, items := plantedProgramme.generate(seed)
		l := Analyse(DefaultConfig, obs, items)
		for _, p := range l.FlaggedPairs() {
			if p.A != "U007" || p.B != "U023" {
				continue
			}
			found++
			if p.Audits < 5 || len(p.Evidence) != p.Audits || *p.High >= 1 || *p.Index > 0.5 {
				t.Errorf("seed %d: pair evidence %d audits, index %.2f [%.2f, %.2f]", seed, p.Audits, *p.Index, *p.Low, *p.High)
			}
		}
	}
	if found < 18 {
		t.Errorf("the planted pair was flagged in %d of 20 programmes, want at least 18", found)
	}
}

// Fair programmes of the same size: every auditor grades by the same rule,
// so a flag is a false alarm. At most 5 of 100 seeds may raise one.
func TestFairProgrammesFlagNothing(t *testing.T) {
	for _, s := range []synth{fairProgramme, {units: 300, rounds: 5, items: 59}} {
		seeds := 100
		if s.units == 300 && testing.Short() {
			continue
		}
		alarms := 0
		for seed := range uint64(seeds) {
			obs, items := s.generate(seed + 1000)
			l := Analyse(DefaultConfig, obs, items)
			if len(l.Flagged()) > 0 || len(l.FlaggedPairs()) > 0 {
				alarms++
			}
		}
		if alarms > 5 {
			t.Errorf("%d units: %d of %d fair programmes raised a flag, want at most 5", s.units, alarms, seeds)
		}
	}
}

func TestSmallSamplesAreNeverFlagged(t *testing.T) {
	// One round: each auditor has a single audit, however lenient.
	s := synth{units: 15, rounds: 1, items: 59}
	obs, items := s.generate(1)
	for i := range obs {
		if obs[i].Auditor == "U003" {
			obs[i].NC = 0
		}
	}
	l := Analyse(DefaultConfig, obs, items)
	if u := l.Units["U003"]; u.Tested || u.Lenient || u.Reason != ReasonFewAudits {
		t.Errorf("a single audit was tested: %+v", u.Severity)
	}
	// Two audits of a short checklist: too few items.
	short := synth{units: 15, rounds: 2, items: 20}
	obs, items = short.generate(2)
	for i := range obs {
		if obs[i].Auditor == "U003" {
			obs[i].NC = 0
		}
	}
	l = Analyse(DefaultConfig, obs, items)
	if u := l.Units["U003"]; u.Tested || u.Lenient || u.Reason != ReasonFewItems {
		t.Errorf("38 items were tested: %+v", u.Severity)
	}
	// Enough items, but so few nonconformities expected that finding none
	// means nothing.
	obs = []Obs{{1, "1", "A", "B", 58, 0}, {2, "1", "B", "C", 58, 1}, {3, "1", "C", "A", 58, 0}, {4, "2", "A", "C", 58, 0}, {5, "2", "C", "B", 58, 2}, {6, "2", "B", "A", 58, 0}}
	l = Analyse(DefaultConfig, obs, nil)
	if len(l.Flagged()) > 0 || len(l.FlaggedPairs()) > 0 {
		t.Errorf("flags on a handful of findings: %v %v", l.Flagged(), l.FlaggedPairs())
	}
	if u := l.Units["A"]; u.Reason != ReasonFewExpected {
		t.Errorf("unit A: reason %q, want %q", u.Reason, ReasonFewExpected)
	}
}

func TestNoDataNoDivisionByZero(t *testing.T) {
	for _, obs := range [][]Obs{nil, {{1, "1", "A", "B", 0, 0}}, {{1, "1", "A", "B", 58, 0}, {2, "1", "B", "A", 58, 0}}} {
		l := Analyse(DefaultConfig, obs, []ItemObs{{Item: "C01", Applicable: 0}})
		if math.IsNaN(l.Rate) || math.IsNaN(l.UnitZ) || math.IsInf(l.UnitZ, 0) || len(l.Flagged()) > 0 {
			t.Errorf("%v: rate %v, threshold %v, flagged %v", obs, l.Rate, l.UnitZ, l.Flagged())
		}
		for code, u := range l.Units {
			if math.IsNaN(u.Z) || (u.Index != nil && math.IsNaN(*u.Index)) {
				t.Errorf("%s: NaN in %+v", code, u.Severity)
			}
		}
	}
}

func TestRareItemsAndQuantile(t *testing.T) {
	items := []ItemObs{{Item: "C01", Applicable: 40, NC: 0}, {Item: "C02", Applicable: 40, NC: 5}, {Item: "C03", Applicable: 5, NC: 0}, {Item: "C04", Applicable: 60, NC: 1}}
	var got []string
	for _, it := range rareItems(DefaultConfig, items) {
		got = append(got, it.Item)
	}
	if want := []string{"C01", "C04"}; !slices.Equal(got, want) {
		t.Errorf("rare items %v, want %v", got, want)
	}
	for _, tc := range []struct{ p, z float64 }{{0.025, 1.959964}, {0.05, 1.644854}, {0.001, 3.090232}} {
		if got := normalQuantile(tc.p); math.Abs(got-tc.z) > 1e-5 {
			t.Errorf("quantile(%v) = %v, want %v", tc.p, got, tc.z)
		}
	}
}
