package assign

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// ductrong is the 15 units of Đức Trọng before 2025, in three clusters.
var ductrong = []Unit{
	{"24958", "Thị trấn Liên Nghĩa", "Cụm 2"},
	{"24961", "Xã Hiệp An", "Cụm 1"},
	{"24964", "Xã Liên Hiệp", "Cụm 1"},
	{"24967", "Xã Hiệp Thạnh", "Cụm 1"},
	{"24970", "Xã Bình Thạnh", "Cụm 2"},
	{"24973", "Xã N'Thol Hạ", "Cụm 1"},
	{"24976", "Xã Tân Hội", "Cụm 1"},
	{"24979", "Xã Tân Thành", "Cụm 1"},
	{"24982", "Xã Phú Hội", "Cụm 2"},
	{"24985", "Xã Ninh Gia", "Cụm 2"},
	{"24988", "Xã Tà Năng", "Cụm 3"},
	{"24989", "Xã Đa Quyn", "Cụm 3"},
	{"24991", "Xã Tà Hine", "Cụm 3"},
	{"24994", "Xã Đà Loan", "Cụm 3"},
	{"24997", "Xã Ninh Loan", "Cụm 3"},
}

func TestSolveDuctrong(t *testing.T) {
	// Last year's round: a cycle in code order, so that repeats and
	// reversals are possible and must be avoided.
	var hist []HistoryPair
	for i, u := range ductrong {
		hist = append(hist, HistoryPair{Round: 1, Pair: Pair{u.Code, ductrong[(i+1)%len(ductrong)].Code}})
	}
	for _, mode := range []ClusterMode{ClustersAny, ClustersWithin, ClustersAcross} {
		for k := 1; k <= 3; k++ {
			t.Run(fmt.Sprintf("%s/K=%d", mode, k), func(t *testing.T) {
				p := Problem{Units: ductrong, History: hist, PerUnit: k, Clusters: mode, Seed: 7}
				res, err := Solve(p)
				if err != nil {
					t.Fatal(err)
				}
				checkResult(t, p, res)
				// Within clusters of 4, 5 and 6 units, K ≥ 2 forces reciprocal
				// pairs (a unit has 2K pairs and fewer than 2K partners).
				if mode != ClustersWithin || k == 1 {
					if got, want := statsVector(p, res.Stats), []int{0, 0, 0}; !slices.Equal(got, want) {
						t.Errorf("reciprocal, repeats, reversals = %v, want %v", got, want)
					}
				}
				if mode == ClustersWithin {
					if got, want := res.Stats.Method, MethodExact; got != want {
						t.Errorf("method = %q, want %q (clusters of at most 6 units)", got, want)
					}
					if !res.Stats.Optimal {
						t.Errorf("optimal = false after the exact search")
					}
				}
			})
		}
	}
}

// TestSolveProperties runs many random instances through Solve and checks
// the hard rules, K-regularity, the stats, determinism, and that an
// instance is declared infeasible exactly when a plain max-flow says so.
func TestSolveProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	modes := []ClusterMode{ClustersAny, ClustersWithin, ClustersAcross}
	feasibleRuns, infeasibleRuns := 0, 0
	for i := range 400 {
		o := genOptions{
			units:    1 + rng.IntN(40),
			perUnit:  1 + rng.IntN(3),
			clusters: rng.IntN(5),
			forbid:   []float64{0, 0.05, 0.2, 0.5, 0.8}[rng.IntN(5)],
			rounds:   rng.IntN(4),
			mode:     modes[rng.IntN(3)],
		}
		if i%40 == 0 {
			o.units = 100 + rng.IntN(200)
			o.forbid /= 10
		}
		p := randomProblem(rng, o)
		name := fmt.Sprintf("%d/%+v", i, o)
		res, err := Solve(p)
		var inf *InfeasibleError
		switch {
		case errors.As(err, &inf):
			infeasibleRuns++
			if feasible(p) {
				t.Fatalf("%s: declared infeasible (%v) but an assignment exists", name, err)
			}
			if len(inf.Units) == 0 || inf.Kind == "" || inf.Reason == "" {
				t.Fatalf("%s: explanation incomplete: %+v", name, inf)
			}
			continue
		case err != nil:
			t.Fatalf("%s: %v", name, err)
		}
		feasibleRuns++
		checkResult(t, p, res)
		again, err := Solve(p)
		if err != nil || !reflect.DeepEqual(res, again) {
			t.Fatalf("%s: a second run differs", name)
		}
	}
	if feasibleRuns < 100 || infeasibleRuns < 20 {
		t.Errorf("generator unbalanced: %d feasible, %d infeasible runs", feasibleRuns, infeasibleRuns)
	}
}

// TestSolveExactUpTo12 checks that components of 9 to 12 units, beyond
// what the brute force can check, are solved exactly and proven optimal
// for every K from 1 to 5, however dense the history and the forbidden
// pairs, under every cluster mode. With K = 4 or 5 on 9 to 12 units, the
// dense history and forbidden pairs force repeats, reversals and
// reciprocal pairs: the cases the flow-based search alone could not
// settle within its budget.
func TestSolveExactUpTo12(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	modes := []ClusterMode{ClustersAny, ClustersWithin, ClustersAcross}
	runs := 100
	if testing.Short() {
		runs = 40
	}
	solved := make(map[int]int)
	for i := range runs {
		o := genOptions{
			units:    9 + rng.IntN(4),
			perUnit:  1 + i%5,
			clusters: rng.IntN(3),
			forbid:   []float64{0, 0.1, 0.3}[rng.IntN(3)],
			rounds:   rng.IntN(4),
			mode:     modes[rng.IntN(3)],
		}
		p := randomProblem(rng, o)
		res, err := Solve(p)
		if err != nil {
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("%d/%+v: %v", i, o, err)
			}
			continue
		}
		checkResult(t, p, res)
		if res.Stats.Method != MethodExact || !res.Stats.Optimal {
			t.Fatalf("%d/%+v: method %q optimal %v, want exact and optimal", i, o, res.Stats.Method, res.Stats.Optimal)
		}
		solved[o.perUnit]++
	}
	for k := 1; k <= 5; k++ {
		if solved[k] < runs/5/3 {
			t.Errorf("K=%d: only %d feasible instances", k, solved[k])
		}
	}
}

// TestSolveInputOrder checks that the order of the input rows does not
// change the result, and that the seed does.
func TestSolveInputOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := randomProblem(rng, genOptions{units: 60, perUnit: 2, clusters: 4, forbid: 0.05, rounds: 3, mode: ClustersAcross})
	want, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	q := p
	q.Units = reversed(p.Units)
	q.History = reversed(p.History)
	q.Forbidden = reversed(p.Forbidden)
	got, err := Solve(q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reordered input gives another assignment")
	}
	q.Seed++
	other, err := Solve(q)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(other.Pairs, want.Pairs) {
		t.Errorf("another seed gives the same 120 pairs")
	}
}

func reversed[T any](s []T) []T {
	r := make([]T, len(s))
	for i, x := range s {
		r[len(s)-1-i] = x
	}
	return r
}

func TestSolveEmptyAndInvalid(t *testing.T) {
	res, err := Solve(Problem{PerUnit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.Pairs), 0; got != want || res.Pairs == nil {
		t.Errorf("pairs = %v, want an empty, non-nil list", res.Pairs)
	}
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"K zero", Problem{Units: ductrong, PerUnit: 0}, "at least 1"},
		{"empty code", Problem{Units: []Unit{{Code: ""}}, PerUnit: 1}, "empty code"},
		{"duplicate", Problem{Units: []Unit{{Code: "A"}, {Code: "A"}}, PerUnit: 1}, `duplicate unit code "A"`},
		{"mode", Problem{Units: ductrong, PerUnit: 1, Clusters: "nearby"}, "unknown cluster mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Solve(tt.p)
			var inf *InfeasibleError
			if err == nil || errors.As(err, &inf) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a plain error containing %q", err, tt.want)
			}
		})
	}
}

func TestSolveIgnoresUnknownUnits(t *testing.T) {
	p := Problem{
		Units:     ductrong[:5],
		History:   []HistoryPair{{Round: 1, Pair: Pair{"99999", "24958"}}},
		Forbidden: []Pair{{"24958", "99999"}},
		PerUnit:   1,
	}
	res, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, Problem{Units: p.Units, PerUnit: 1}, res)
	if got, want := len(res.Stats.Repeats), 0; got != want {
		t.Errorf("rounds = %d, want %d: the only history row names an unknown unit", got, want)
	}
}
