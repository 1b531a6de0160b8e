package assign

import (
	"slices"
	"testing"
)

// A flagged pair is avoided when another assignment is as good on the
// earlier rules, and kept (and counted) rather than buying a repeat.
func TestFlaggedPairIsTheLastSoftRule(t *testing.T) {
	units := []Unit{{Code: "A"}, {Code: "B"}, {Code: "C"}}
	// Three units, K=1: the two cycles A→B→C→A and A→C→B→A. Flagging A→B
	// leaves the second.
	res, err := Solve(Problem{Units: units, PerUnit: 1, Flagged: []Pair{{"A", "B"}}})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(res.Pairs, Pair{"A", "B"}) || res.Stats.Flagged != 0 {
		t.Errorf("pairs %v, flagged %d: the flagged pair A→B was kept though A→C→B→A avoids it", res.Pairs, res.Stats.Flagged)
	}
	// The same round with A→C→B→A as the last round: avoiding A→B now
	// costs three repeats, so the flagged pair stays and is counted.
	hist := []HistoryPair{{Round: 1, Pair: Pair{"A", "C"}}, {Round: 1, Pair: Pair{"C", "B"}}, {Round: 1, Pair: Pair{"B", "A"}}}
	res, err = Solve(Problem{Units: units, PerUnit: 1, History: hist, Flagged: []Pair{{"A", "B"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Pairs, Pair{"A", "B"}) || res.Stats.Flagged != 1 || res.Stats.Repeats[0].Count != 0 {
		t.Errorf("pairs %v, stats %+v: want A→B kept rather than repeating the last round", res.Pairs, res.Stats)
	}
}
