package assign

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteForce enumerates every K-regular assignment of p that keeps the hard
// rules and returns the least score vector in the soft rules' order, or nil
// when there is none. It shares nothing with the engine but the Problem:
// the cost of each pair comes from scoreVector, and the reciprocal pairs are
// counted as the pairs are placed.
func bruteForce(p Problem) []int {
	n, k := len(p.Units), p.PerUnit
	forbidden := forbiddenSet(p)
	levels := len(scoreVector(p, nil)) - 1
	cost := make([][][]int, n) // cost[i][j]: score of the single pair i→j
	for i, a := range p.Units {
		cost[i] = make([][]int, n)
		for j, b := range p.Units {
			cost[i][j] = scoreVector(p, []Pair{{a.Code, b.Code}})
		}
	}
	var best []int
	cur := make([]int, 1+levels)
	used := make([][]bool, n)
	for i := range used {
		used[i] = make([]bool, n)
	}
	inDeg := make([]int, n)
	var auditor func(i int)
	var auditee func(i, from, left int)
	auditor = func(i int) {
		if i == n {
			if best == nil || slices.Compare(cur, best) < 0 {
				best = slices.Clone(cur)
			}
			return
		}
		auditee(i, 0, k)
	}
	// auditee picks the remaining `left` auditees of unit i among units
	// from, from+1, …, so that each set is enumerated once.
	auditee = func(i, from, left int) {
		if left == 0 {
			auditor(i + 1)
			return
		}
		for j := from; j < n; j++ {
			if inDeg[j] == k || !allowedPair(p, p.Units[i], p.Units[j], forbidden) {
				continue
			}
			inDeg[j]++
			used[i][j] = true
			add(cur, cost[i][j], 1)
			if used[j][i] {
				cur[0]++
			}
			auditee(i, j+1, left-1)
			if used[j][i] {
				cur[0]--
			}
			add(cur, cost[i][j], -1)
			used[i][j] = false
			inDeg[j]--
		}
	}
	auditor(0)
	return best
}

func add(dst, v []int, sign int) {
	for i := range v {
		dst[i] += sign * v[i]
	}
}

// TestSolveMatchesBruteForce compares the engine with exhaustive search on
// small instances: same feasibility, and the same optimal counts.
func TestSolveMatchesBruteForce(t *testing.T) {
	matchBruteForce(t, rand.New(rand.NewPCG(5, 6)), 1000, 0)
}

// TestRowSearchMatchesBruteForce does the same with the flow-based search
// given no nodes at all, so that the row search alone solves every
// component exactly.
func TestRowSearchMatchesBruteForce(t *testing.T) {
	saved := flowBudget
	flowBudget = 0
	defer func() { flowBudget = saved }()
	matchBruteForce(t, rand.New(rand.NewPCG(7, 8)), 800, 0)
}

func matchBruteForce(t *testing.T, rng *rand.Rand, runs int, flag float64) {
	t.Helper()
	modes := []ClusterMode{ClustersAny, ClustersWithin, ClustersAcross}
	sizes := map[int][2]int{1: {1, 8}, 2: {3, 6}, 3: {4, 6}, 4: {5, 6}}
	feasibleRuns := 0
	for i := range runs {
		k := 1 + i%4
		lo, hi := sizes[k][0], sizes[k][1]
		o := genOptions{
			units:    lo + rng.IntN(hi-lo+1),
			perUnit:  k,
			clusters: rng.IntN(4),
			forbid:   []float64{0, 0.05, 0.15, 0.3}[rng.IntN(4)],
			rounds:   1 + rng.IntN(3),
			mode:     modes[rng.IntN(3)],
			flag:     flag,
		}
		p := randomProblem(rng, o)
		want := bruteForce(p)
		res, err := Solve(p)
		name := fmt.Sprintf("%d/%+v", i, o)
		var inf *InfeasibleError
		switch {
		case want == nil && errors.As(err, &inf):
			continue
		case want == nil:
			t.Fatalf("%s: brute force finds no assignment, Solve returns %v, %v", name, res.Pairs, err)
		case err != nil:
			t.Fatalf("%s: brute force finds %v, Solve fails: %v", name, want, err)
		}
		feasibleRuns++
		checkResult(t, p, res)
		if got := statsVector(p, res.Stats); !slices.Equal(got, want) {
			t.Fatalf("%s: score %v, optimum %v", name, got, want)
		}
		if !res.Stats.Optimal || res.Stats.Method != MethodExact {
			t.Fatalf("%s: method %q optimal %v, want exact and optimal", name, res.Stats.Method, res.Stats.Optimal)
		}
	}
	if feasibleRuns < runs/3 {
		t.Errorf("only %d feasible instances out of %d", feasibleRuns, runs)
	}
}

// TestFlaggedMatchesBruteForce adds flagged pairs, the last soft rule: the
// engine still reaches the optimum under the whole order, with both exact
// searches.
func TestFlaggedMatchesBruteForce(t *testing.T) {
	matchBruteForce(t, rand.New(rand.NewPCG(11, 12)), 400, 0.2)
	saved := flowBudget
	flowBudget = 0
	defer func() { flowBudget = saved }()
	matchBruteForce(t, rand.New(rand.NewPCG(13, 14)), 300, 0.2)
}
