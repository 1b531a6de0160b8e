package assign

// This file holds the augmenting-path search of the flow network
// auditors → auditees (capacity K per unit, 1 per allowed pair) without
// building the network: forward arcs are "every unit except the forbidden
// ones, yourself and your own cluster when pairs go across", so the search
// keeps the not-yet-visited units in one list per cluster and, from each
// unit, takes every unvisited unit it may pair with. A unit is skipped only
// for a forbidden pair, a pair already used or itself, so one search costs
// O(m + forbidden pairs + K·m).
//
// The same search runs in either direction. With rev false it looks from an
// auditor short of auditees for an auditee short of auditors; with rev true
// the roles swap, and "left" units are auditees. The helpers below named v…
// translate between the two views.

// searcher is the scratch space of the search, reused between searches.
type searcher struct {
	grouped []int32 // local units grouped by bucket (cluster under across)
	bStart  []int32
	bSize   []int32
	pool    []int32 // unvisited units: pool[bStart[b] : bStart[b]+bLen[b]]
	bLen    []int32
	act     []int32 // buckets that still hold unvisited units
	markL   []int32 // search stamp per left unit reached
	parentR []int32 // for a right unit, the left unit it was reached from
	parentL []int32 // for a left unit, the right unit it was reached from
	queue   []int32
	stamp   int32
}

func (s *state) newSearcher() *searcher {
	nb := 1
	if s.cl != nil {
		nb = len(s.in.clusters)
	}
	sr := &searcher{
		grouped: make([]int32, s.m), pool: make([]int32, s.m),
		bStart: make([]int32, nb+1), bSize: make([]int32, nb), bLen: make([]int32, nb),
		markL: make([]int32, s.m), parentR: make([]int32, s.m), parentL: make([]int32, s.m),
	}
	for u := range int32(s.m) {
		sr.bSize[s.bucket(u)]++
	}
	for b := range nb {
		sr.bStart[b+1] = sr.bStart[b] + sr.bSize[b]
	}
	fill := make([]int32, nb)
	for u := range int32(s.m) {
		b := s.bucket(u)
		sr.grouped[sr.bStart[b]+fill[b]] = u
		fill[b]++
	}
	return sr
}

func (s *state) bucket(u int32) int32 {
	if s.cl == nil {
		return 0
	}
	return s.cl[u]
}

func (s *state) vAllowed(rev bool, l, r int32) bool {
	if rev {
		return s.allowed(r, l)
	}
	return s.allowed(l, r)
}

func (s *state) vHas(rev bool, l, r int32) bool {
	if rev {
		return s.has(r, l)
	}
	return s.has(l, r)
}

// vShort says whether the right unit r can take one more pair.
func (s *state) vShort(rev bool, r int32) bool {
	if rev {
		return s.outN[r] < int32(s.k)
	}
	return s.inN[r] < int32(s.k)
}

// vPartners lists the left units paired with the right unit r.
func (s *state) vPartners(rev bool, r int32) []int32 {
	if rev {
		return s.outs(r)
	}
	return s.ins(r)
}

func (s *state) vAdd(rev bool, l, r int32) {
	if rev {
		s.add(r, l)
	} else {
		s.add(l, r)
	}
}

func (s *state) vRemove(rev bool, l, r int32) {
	if rev {
		s.remove(r, l)
	} else {
		s.remove(l, r)
	}
}

// augment looks for an augmenting path from the left unit root, which must
// be short of pairs, and applies it. It returns false when there is none:
// then no assignment exists, and reached() gives the group to blame.
func (s *state) augment(root int32, rev bool) bool {
	if s.search == nil {
		s.search = s.newSearcher()
	}
	sr := s.search
	sr.stamp++
	copy(sr.pool, sr.grouped)
	copy(sr.bLen, sr.bSize)
	sr.act = sr.act[:0]
	for b, n := range sr.bSize {
		if n > 0 {
			sr.act = append(sr.act, int32(b))
		}
	}
	sr.markL[root] = sr.stamp
	sr.queue = append(sr.queue[:0], root)
	for qi := 0; qi < len(sr.queue); qi++ {
		if r := s.expand(sr.queue[qi], rev); r >= 0 {
			s.applyPath(root, r, rev)
			return true
		}
	}
	return false
}

// expand visits every unvisited right unit that l may pair with and queues
// the left units paired with them. It returns a right unit short of pairs
// as soon as it meets one, else -1.
func (s *state) expand(l int32, rev bool) int32 {
	sr := s.search
	for ai := 0; ai < len(sr.act); {
		b := sr.act[ai]
		if s.cl != nil && b == s.cl[l] {
			ai++
			continue
		}
		start := sr.bStart[b]
		for i := int32(0); i < sr.bLen[b]; {
			r := sr.pool[start+i]
			if r == l || !s.vAllowed(rev, l, r) || s.vHas(rev, l, r) {
				i++
				continue
			}
			sr.bLen[b]--
			sr.pool[start+i] = sr.pool[start+sr.bLen[b]]
			sr.parentR[r] = l
			if s.vShort(rev, r) {
				return r
			}
			for _, w := range s.vPartners(rev, r) {
				if sr.markL[w] != sr.stamp {
					sr.markL[w] = sr.stamp
					sr.parentL[w] = r
					sr.queue = append(sr.queue, w)
				}
			}
		}
		if sr.bLen[b] == 0 {
			sr.act[ai] = sr.act[len(sr.act)-1]
			sr.act = sr.act[:len(sr.act)-1]
		} else {
			ai++
		}
	}
	return -1
}

// applyPath flips the pairs along the path found from root to r: every
// left unit on it trades the pair it was reached through for the next one.
func (s *state) applyPath(root, r int32, rev bool) {
	sr := s.search
	for {
		l := sr.parentR[r]
		if l == root {
			s.vAdd(rev, l, r)
			return
		}
		// Remove before adding: the lists have room for exactly K pairs.
		next := sr.parentL[l]
		s.vRemove(rev, l, next)
		s.vAdd(rev, l, r)
		r = next
	}
}

// reached lists the left units the last search reached, ascending.
func (s *state) reached() []int32 {
	var set []int32
	for u := range int32(s.m) {
		if s.search.markL[u] == s.search.stamp {
			set = append(set, u)
		}
	}
	return set
}

// repair completes the assignment with augmenting paths. When a unit cannot
// be completed, it looks for the smallest group it can find that breaks
// Hall's condition and returns it as an InfeasibleError.
func (s *state) repair() error {
	for u := range int32(s.m) {
		for s.outN[u] < int32(s.k) {
			if !s.augment(u, false) {
				return s.explainShortage()
			}
		}
	}
	return nil
}

// explainShortage runs a few more searches from units still short of pairs,
// on both sides, after a failed one, and blames the smallest group found.
// Every failed search proves infeasibility on its own; the others only
// offer a shorter explanation.
func (s *state) explainShortage() error {
	best, bestRev := s.reached(), false
	const tries = 8
	for _, rev := range []bool{false, true} {
		n := 0
		for u := int32(0); u < int32(s.m) && n < tries; u++ {
			short := s.outN[u] < int32(s.k)
			if rev {
				short = s.inN[u] < int32(s.k)
			}
			if !short {
				continue
			}
			n++
			if !s.augment(u, rev) {
				if set := s.reached(); len(set) < len(best) {
					best, bestRev = set, rev
				}
			}
		}
	}
	return s.hallError(bestRev, best)
}
