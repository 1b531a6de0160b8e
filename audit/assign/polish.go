package assign

import (
	"math/rand/v2"
	"slices"
)

const (
	// polishArcs is the largest component, in pairs, that polish works on;
	// larger rounds leave few conflicts that improve cannot remove.
	polishArcs = 5000
	// polishWork is the number of exchanges polish may try per pair of the
	// component, which keeps its cost proportional to the component.
	polishWork = 400
)

// polish is an iterated local search for the components where improve can
// get stuck (small and medium ones with many constraints): it perturbs the
// assignment around a costly pair with a few exchanges that ignore the
// score, improves again, and keeps the best assignment seen. It stops at a
// proven optimum (see atLowerBound) or when its budget of tried exchanges
// is spent.
func (s *state) polish(rng *rand.Rand) {
	arcs := s.m * s.k
	if arcs > polishArcs {
		return
	}
	best := s.score()
	saved := s.snapshot()
	limit := s.tries + polishWork*arcs
	for s.tries < limit && !s.atLowerBound(best) {
		if !s.kick(rng) {
			return // no costly pair left to start from
		}
		s.improve(rng)
		switch sc := s.score(); {
		case lexLess(sc, best):
			best, saved = sc, s.snapshot()
		case lexLess(best, sc):
			s.restore(saved)
		}
	}
	s.restore(saved)
}

// kick applies up to three exchanges, whatever they cost, to a random
// costly pair, and reports whether there was one.
func (s *state) kick(rng *rand.Rand) bool {
	var bad [][2]int32
	for a := range int32(s.m) {
		for _, b := range s.outs(a) {
			if s.reciprocal(a, b) || s.penalty(a, b) != 0 {
				bad = append(bad, [2]int32{a, b})
			}
		}
	}
	if len(bad) == 0 {
		return false
	}
	arc := bad[rng.IntN(len(bad))]
	a, b := arc[0], arc[1]
	for done, tries := 0, 0; done < 3 && tries < 50; tries++ {
		c := int32(rng.IntN(s.m))
		d := s.outs(c)[rng.IntN(s.k)]
		if s.swapIfValid(a, b, c, d) {
			done++
			a = c // go on from the new pair c→b
		}
	}
	return true
}

// swapIfValid replaces a→b and c→d by a→d and c→b when the hard rules
// allow it, whatever it costs.
func (s *state) swapIfValid(a, b, c, d int32) bool {
	if a == c || b == d || a == d || c == b || !s.allowed(a, d) || !s.allowed(c, b) || s.has(a, d) || s.has(c, b) {
		return false
	}
	s.remove(a, b)
	s.remove(c, d)
	s.add(a, d)
	s.add(c, b)
	return true
}

// atLowerBound says whether a score is provably optimal: no repeats or
// reversals, and no more reciprocal pairs than the units' degrees force.
func (s *state) atLowerBound(sc []int32) bool {
	if slices.ContainsFunc(sc[1:], func(c int32) bool { return c != 0 }) {
		return false
	}
	if sc[0] == 0 {
		return true
	}
	if s.recipLB < 0 {
		s.recipLB = s.recipLowerBound()
	}
	return int(sc[0]) == s.recipLB
}

// snapshot is a copy of the assignment that restore can bring back.
type snapshot struct{ out, inn, outN, inN []int32 }

func (s *state) snapshot() snapshot {
	return snapshot{slices.Clone(s.out), slices.Clone(s.inn), slices.Clone(s.outN), slices.Clone(s.inN)}
}

func (s *state) restore(sn snapshot) {
	copy(s.out, sn.out)
	copy(s.inn, sn.inn)
	copy(s.outN, sn.outN)
	copy(s.inN, sn.inN)
}
