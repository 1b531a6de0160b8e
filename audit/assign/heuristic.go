package assign

import (
	"math/bits"
	"math/rand/v2"
)

const (
	// fullScan is the number of pairs up to which a bad pair is tried
	// against every other pair; beyond it, against random samples.
	fullScan = 4096
	// samples is how many random partners a bad pair tries per pass.
	samples = 96
	// maxPasses bounds the sweeps over the bad pairs.
	maxPasses = 12
	// improveWork is the number of exchanges improve may try per pair of
	// the component, so that rounds whose costly pairs cannot be removed
	// (dense history) still cost time proportional to their size.
	improveWork = 200
)

// improve lowers the score by exchanges (a→b, c→d) → (a→d, c→b), which keep
// every degree. It only starts from pairs that cost something (reciprocal,
// repeated or reversing), so on large, lightly constrained rounds it touches
// few pairs, and it accepts only strict improvements, so it terminates.
func (s *state) improve(rng *rand.Rand) {
	full := s.m*s.k <= fullScan
	limit := s.tries + improveWork*s.m*s.k
	for range maxPasses {
		changed := false
		for a := range int32(s.m) {
			for i := 0; i < int(s.outN[a]) && s.tries < limit; i++ {
				b := s.out[int(a)*s.k+i]
				if (s.reciprocal(a, b) || s.penalty(a, b) != 0) && s.fix(a, b, rng, full) {
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// fix tries to exchange the pair a→b with another one for a better score.
func (s *state) fix(a, b int32, rng *rand.Rand, full bool) bool {
	if !full {
		for range samples {
			c := int32(rng.IntN(s.m))
			if n := int(s.outN[c]); n > 0 && s.trySwap(a, b, c, s.outs(c)[rng.IntN(n)]) {
				return true
			}
		}
		return false
	}
	start := rng.IntN(s.m)
	for off := range s.m {
		c := int32((start + off) % s.m)
		for _, d := range s.outs(c) {
			if s.trySwap(a, b, c, d) {
				return true
			}
		}
	}
	return false
}

// trySwap replaces a→b and c→d by a→d and c→b when that is allowed and
// strictly better, and reports whether it did.
func (s *state) trySwap(a, b, c, d int32) bool {
	s.tries++
	if a == c || b == d || a == d || c == b {
		return false
	}
	if !s.allowed(a, d) || !s.allowed(c, b) || s.has(a, d) || s.has(c, b) {
		return false
	}
	// With the four units distinct in the way checked above, none of the
	// reverse pairs below is one of the four pairs being exchanged.
	recip := count(s.has(d, a)) + count(s.has(b, c)) - count(s.has(b, a)) - count(s.has(d, c))
	if recip > 0 || recip == 0 && !betterMasks(s.penalty(a, d), s.penalty(c, b), s.penalty(a, b), s.penalty(c, d)) {
		return false
	}
	s.remove(a, b)
	s.remove(c, d)
	s.add(a, d)
	s.add(c, b)
	return true
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// betterMasks says whether adding the pairs with masks x1, x2 and removing
// those with masks y1, y2 lowers the score. Bit 0 is the most significant
// level, so the lowest bit where the counts differ decides.
func betterMasks(x1, x2, y1, y2 uint64) bool {
	for all := x1 | x2 | y1 | y2; all != 0; all &= all - 1 {
		l := bits.TrailingZeros64(all)
		d := int(x1>>l&1) + int(x2>>l&1) - int(y1>>l&1) - int(y2>>l&1)
		if d != 0 {
			return d < 0
		}
	}
	return false
}

// recipLowerBound is a lower bound on the reciprocal pairs of any
// assignment of the component: a unit with N possible partners (in either
// direction) has 2K pairs to place on them, so at least 2K-N of its
// partners are reciprocal.
func (s *state) recipLowerBound() int {
	sum := 0
	for u := range int32(s.m) {
		partners := s.m - 1
		if s.cl != nil {
			partners = s.m - s.size[s.cl[u]]
		}
		outs := s.in.forbiddenOut(s.glob[u], nil)
		for _, g := range s.in.forbiddenIn(s.glob[u]) {
			v := s.local(g)
			if v >= 0 && v != u && !s.sameClusterForbidden(u, v) && contains(outs, g) {
				partners--
			}
		}
		sum += max(0, 2*s.k-partners)
	}
	return (sum + 1) / 2
}

func contains(sorted []int32, x int32) bool {
	for _, y := range sorted {
		if y == x {
			return true
		}
		if y > x {
			return false
		}
	}
	return false
}
