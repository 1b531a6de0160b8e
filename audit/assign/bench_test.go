package assign

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchProblem builds a round of n units in clusters of about 15, with five
// forbidden pairs per unit on average and three earlier K-regular rounds.
func benchProblem(n, k int) Problem {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(k)))
	p := Problem{PerUnit: k, Seed: 1}
	for i := range n {
		p.Units = append(p.Units, Unit{Code: fmt.Sprintf("%05d", i), Name: fmt.Sprintf("Unit %d", i), Cluster: fmt.Sprintf("C%d", i%max(1, n/15))})
	}
	for range 5 * n {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			p.Forbidden = append(p.Forbidden, Pair{p.Units[a].Code, p.Units[b].Code})
		}
	}
	for r := range 3 {
		order := rng.Perm(n)
		for i, a := range order {
			for s := 1; s <= k; s++ {
				b := order[(i+s)%n]
				p.History = append(p.History, HistoryPair{Round: 2022 + r, Pair: Pair{p.Units[a].Code, p.Units[b].Code}})
			}
		}
	}
	return p
}

func BenchmarkSolve(b *testing.B) {
	for _, n := range []int{15, 300, 10000} {
		for _, k := range []int{1, 2} {
			p := benchProblem(n, k)
			b.Run(fmt.Sprintf("units=%d/K=%d", n, k), func(b *testing.B) {
				var res Result
				for b.Loop() {
					var err error
					if res, err = Solve(p); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(res.Stats.Reciprocal), "reciprocal")
				b.ReportMetric(float64(res.Stats.Reversals), "reversals")
				repeats := 0
				for _, r := range res.Stats.Repeats {
					repeats += r.Count
				}
				b.ReportMetric(float64(repeats), "repeats")
			})
		}
	}
}

// BenchmarkExactTwelve times the exact step: ten random 12-unit rounds per
// K (10% forbidden pairs, three earlier rounds of K pairs per unit), all
// solved to proven optimality. One op solves all ten. K = 5 is left out:
// some of its rounds take seconds (see the package comment).
func BenchmarkExactTwelve(b *testing.B) {
	for k := 1; k <= 4; k++ {
		rng := rand.New(rand.NewPCG(12, uint64(k)))
		var probs []Problem
		for len(probs) < 10 {
			p := randomProblem(rng, genOptions{units: 12, perUnit: k, forbid: 0.1, rounds: 3, mode: ClustersAny})
			if _, err := Solve(p); err == nil {
				probs = append(probs, p)
			}
		}
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			for b.Loop() {
				for _, p := range probs {
					res, err := Solve(p)
					if err != nil || !res.Stats.Optimal {
						b.Fatalf("err %v, optimal %v", err, res.Stats.Optimal)
					}
				}
			}
		})
	}
}
