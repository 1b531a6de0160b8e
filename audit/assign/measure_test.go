package assign

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Measure counts what the engine reports of its own answers: on random
// rounds with history the two agree on reciprocal pairs, repeats per
// earlier round and reversals.
func TestMeasureAgreesWithTheEngine(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	checked := 0
	for i := range 200 {
		o := genOptions{units: 2 + rng.IntN(30), perUnit: 1 + rng.IntN(3), forbid: []float64{0, 0.1, 0.3}[rng.IntN(3)], rounds: rng.IntN(4), mode: ClustersAny}
		p := randomProblem(rng, o)
		res, err := Solve(p)
		if err != nil {
			continue
		}
		checked++
		recip, repeats, rev := Measure(res.Pairs, p.History)
		if recip != res.Stats.Reciprocal || rev != res.Stats.Reversals || !slices.Equal(repeats, res.Stats.Repeats) {
			t.Fatalf("%d %+v: measured %d %v %d, engine %d %v %d", i, o, recip, repeats, rev,
				res.Stats.Reciprocal, res.Stats.Repeats, res.Stats.Reversals)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d feasible rounds checked", checked)
	}
}

// A hand-made round: A⇄B reciprocal, B→A reverses last round's A→B and
// repeats the round before.
func TestMeasureCountsByDefinition(t *testing.T) {
	hist := []HistoryPair{{Round: 2, Pair: Pair{"A", "B"}}, {Round: 1, Pair: Pair{"B", "A"}}, {Round: 1, Pair: Pair{"C", "A"}}}
	recip, repeats, rev := Measure([]Pair{{"A", "B"}, {"B", "A"}, {"C", "A"}}, hist)
	if recip != 1 || rev != 1 || !slices.Equal(repeats, []RoundCount{{Round: 2, Count: 1}, {Round: 1, Count: 2}}) {
		t.Errorf("reciprocal %d, repeats %v, reversals %d", recip, repeats, rev)
	}
}
