package assign

import (
	"cmp"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Solve computes the assignment of one round. It returns an
// *InfeasibleError when no assignment satisfies the hard rules, and another
// error when the problem itself is malformed (K below 1, an empty or
// duplicate unit code, an unknown cluster mode). History and forbidden pairs
// naming unknown units are ignored. No units give an empty assignment.
//
// The result depends only on the problem and its seed: not on the order of
// units, history or forbidden pairs, nor on map iteration.
func Solve(p Problem) (Result, error) {
	in, err := newInstance(p)
	if err != nil {
		return Result{}, err
	}
	if err := in.sizeCheck(); err != nil {
		return Result{}, err
	}
	states := make([]*state, len(in.comps))
	for ci := range in.comps {
		states[ci] = newState(in, ci)
	}
	if err := in.degreeCheck(states); err != nil {
		return Result{}, err
	}
	method, optimal := MethodExact, true
	for ci, s := range states {
		// A stream per component, so that a cluster's result does not
		// depend on the clusters solved before it.
		rng := rand.New(rand.NewPCG(p.Seed, uint64(ci)))
		s.construct(rng)
		if err := s.repair(); err != nil {
			return Result{}, err
		}
		s.improve(rng)
		s.polish(rng)
		if s.m <= maxExact {
			s.solveExact()
			continue
		}
		method = MethodHeuristic
		optimal = optimal && s.atLowerBound(s.score())
	}
	return in.result(states, method, optimal, p.Seed), nil
}

// score returns [reciprocal pairs, count per level] of the assignment.
func (s *state) score() []int32 {
	sc := make([]int32, 1+s.in.levels)
	for u := range int32(s.m) {
		for _, v := range s.outs(u) {
			if u < v && s.has(v, u) {
				sc[0]++
			}
			for p := s.penalty(u, v); p != 0; p &= p - 1 {
				sc[1+bits.TrailingZeros64(p)]++
			}
		}
	}
	return sc
}

// result collects the pairs of every component, sorted, and the stats.
func (in *instance) result(states []*state, method string, optimal bool, seed uint64) Result {
	res := Result{
		Pairs: make([]Pair, 0, len(in.units)*in.k),
		Stats: Stats{
			Units: len(in.units), PerUnit: in.k, Clusters: in.mode, Seed: seed,
			Repeats: make([]RoundCount, len(in.rounds)),
			Method:  method, Optimal: optimal,
		},
	}
	for i, r := range in.rounds {
		res.Stats.Repeats[i].Round = r
	}
	for _, s := range states {
		sc := s.score()
		res.Stats.Reciprocal += int(sc[0])
		for i := range in.rounds {
			res.Stats.Repeats[i].Count += int(sc[1+i])
		}
		if in.levels > 0 {
			res.Stats.Reversals += int(sc[1+len(in.rounds)])
		}
		if in.flagged {
			res.Stats.Flagged += int(sc[2+len(in.rounds)])
		}
		for u := range int32(s.m) {
			for _, v := range s.outs(u) {
				res.Pairs = append(res.Pairs, Pair{in.units[s.glob[u]].Code, in.units[s.glob[v]].Code})
			}
		}
	}
	slices.SortFunc(res.Pairs, func(a, b Pair) int {
		return cmp.Or(cmp.Compare(a.Auditor, b.Auditor), cmp.Compare(a.Auditee, b.Auditee))
	})
	return res
}
