package assign

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// construct builds a first assignment from cyclic shifts of random orders.
// Arcs that break a hard rule, or that a previous layer already added, are
// left out; repair fills the gaps.
func (s *state) construct(rng *rand.Rand) {
	if s.cl == nil {
		// One random order and shifts 1..K: K-regular, no self-audit, no two
		// layers sharing an arc, and no reciprocal pair while 2K < m.
		order := s.shuffled(rng)
		for shift := 1; shift <= s.k && shift < s.m; shift++ {
			s.addCycle(order, shift)
		}
		return
	}
	// Across clusters, shifts of one order cannot all leave the cluster, so
	// each layer is the cycle through a fresh alternating layout instead.
	for range s.k {
		s.addCycle(s.alternating(rng), 1)
	}
}

// shuffled returns the local units in a random order.
func (s *state) shuffled(rng *rand.Rand) []int32 {
	order := make([]int32, s.m)
	for i := range order {
		order[i] = int32(i)
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

// addCycle adds order[i] → order[i+shift] for every i where that is allowed
// and new.
func (s *state) addCycle(order []int32, shift int) {
	m := len(order)
	for i, u := range order {
		v := order[(i+shift)%m]
		if s.outN[u] < int32(s.k) && s.inN[v] < int32(s.k) && s.allowed(u, v) && !s.has(u, v) {
			s.add(u, v)
		}
	}
}

// alternating lays the units out so that neighbours (cyclically) never share
// a cluster, provided no cluster holds more than half of the units, which
// the prechecks guarantee under ClustersAcross: the units grouped by
// cluster, largest cluster first, fill the even positions and then the odd
// ones. A cluster then spans at most m/2 consecutive entries of the grouped
// list, while neighbours are about m/2 entries apart in it.
func (s *state) alternating(rng *rand.Rand) []int32 {
	grouped := s.shuffled(rng)
	nc := len(s.in.clusters)
	size := make([]int, nc)
	rank := make([]int, nc) // random tie-break between equal sizes: first seen
	seen := 0
	for _, u := range grouped {
		c := s.cl[u]
		if size[c] == 0 {
			rank[c] = seen
			seen++
		}
		size[c]++
	}
	slices.SortStableFunc(grouped, func(a, b int32) int {
		ca, cb := s.cl[a], s.cl[b]
		return cmp.Or(cmp.Compare(size[cb], size[ca]), cmp.Compare(rank[ca], rank[cb]))
	})
	layout := make([]int32, s.m)
	half := (s.m + 1) / 2
	for i, u := range grouped {
		if i < half {
			layout[2*i] = u
		} else {
			layout[2*(i-half)+1] = u
		}
	}
	return layout
}
