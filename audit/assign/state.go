package assign

// state is the assignment of one component under construction. Units are
// numbered locally 0..m-1; glob maps them back to the instance.
type state struct {
	in   *instance
	ci   int32
	glob []int32
	cl   []int32 // cluster id per local unit under ClustersAcross, else nil
	size []int   // units per cluster id under ClustersAcross
	m, k int
	buf  []int32

	// out[u*k : u*k+outN[u]] are the auditees of u; in likewise the auditors.
	out, inn  []int32
	outN, inN []int32
	search    *searcher // scratch space of the augmenting-path search
	tries     int       // exchanges tried, the work measure of polish
	recipLB   int       // recipLowerBound, once computed; -1 before
}

func newState(in *instance, ci int) *state {
	glob := in.comps[ci]
	m, k := len(glob), in.k
	s := &state{
		in: in, ci: int32(ci), glob: glob, m: m, k: k,
		out: make([]int32, m*k), inn: make([]int32, m*k),
		outN: make([]int32, m), inN: make([]int32, m),
		recipLB: -1,
	}
	if in.mode == ClustersAcross {
		s.cl = make([]int32, m)
		s.size = make([]int, len(in.clusters))
		for u, g := range glob {
			s.cl[u] = in.cluster[g]
			s.size[s.cl[u]]++
		}
	}
	return s
}

// local returns the local index of global unit g, or -1 when g belongs to
// another component.
func (s *state) local(g int32) int32 {
	if s.in.compOf[g] != s.ci {
		return -1
	}
	return s.in.loc[g]
}

// sameClusterForbidden says whether the cluster mode alone rules out u→v.
func (s *state) sameClusterForbidden(u, v int32) bool {
	return s.cl != nil && s.cl[u] == s.cl[v]
}

// allowed says whether u may audit v under the hard rules.
func (s *state) allowed(u, v int32) bool {
	return u != v && !s.sameClusterForbidden(u, v) && s.in.mask(s.glob[u], s.glob[v])&forbidBit == 0
}

// penalty returns the soft-rule bits of u→v: one per earlier round that
// holds it, and the reversal bit.
func (s *state) penalty(u, v int32) uint64 {
	return s.in.mask(s.glob[u], s.glob[v]) &^ forbidBit
}

func (s *state) outs(u int32) []int32 { return s.out[int(u)*s.k : int(u)*s.k+int(s.outN[u])] }
func (s *state) ins(v int32) []int32  { return s.inn[int(v)*s.k : int(v)*s.k+int(s.inN[v])] }

// has says whether u audits v.
func (s *state) has(u, v int32) bool {
	for _, w := range s.outs(u) {
		if w == v {
			return true
		}
	}
	return false
}

// add records u→v; the caller guarantees room on both sides.
func (s *state) add(u, v int32) {
	s.out[int(u)*s.k+int(s.outN[u])] = v
	s.outN[u]++
	s.inn[int(v)*s.k+int(s.inN[v])] = u
	s.inN[v]++
}

// remove deletes u→v, which must exist.
func (s *state) remove(u, v int32) {
	drop(s.out[int(u)*s.k:], &s.outN[u], v)
	drop(s.inn[int(v)*s.k:], &s.inN[v], u)
}

// drop removes x from the first *n entries of list, moving the last one
// into its place.
func drop(list []int32, n *int32, x int32) {
	for i := range *n {
		if list[i] == x {
			list[i] = list[*n-1]
			*n--
			return
		}
	}
}

// reset removes every arc.
func (s *state) reset() {
	clear(s.outN)
	clear(s.inN)
}

// reciprocal says whether u→v has its reverse v→u in the assignment.
func (s *state) reciprocal(u, v int32) bool { return s.has(v, u) }
