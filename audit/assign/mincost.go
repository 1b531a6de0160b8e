package assign

import "math/bits"

// flowScratch computes minimum-cost flows on the small bipartite graphs of
// the exact search by successive shortest paths. Costs are vectors compared
// lexicographically (one entry per soft-rule level, bit l of an arc's mask
// adding 1 to entry l), which keeps the strict order of the rules without
// weights that could overflow. Bellman-Ford works unchanged in that ordered
// group, and starting from the empty flow with non-negative costs the
// residual graph never holds a negative cycle.
//
// Nodes 0..m-1 are auditors, m..2m-1 auditees.
type flowScratch struct {
	m, levels int
	dist      []int32 // dist[v*levels : (v+1)*levels]
	reach     [2 * maxExact]bool
	inQueue   [2 * maxExact]bool
	parent    [2 * maxExact]int
	queue     []int
}

func (f *flowScratch) init(m, levels int) {
	f.m, f.levels = m, levels
	f.dist = make([]int32, 2*m*levels)
	f.queue = make([]int, 0, 4*m)
}

// minCost adds arcs among free to x so that auditor i gets needOut[i] more
// of them and auditee j needIn[j] more, at least cost, by successive
// shortest paths; it returns false when that is impossible. x must be of
// least cost for what it already covers (no negative cycle in its residual
// graph).
func (f *flowScratch) minCost(free *[maxExact]uint16, pen *[maxExact][maxExact]uint64, x *[maxExact]uint16, needOut, needIn [maxExact]int) bool {
	total := 0
	for i := range f.m {
		total += needOut[i]
	}
	for ; total > 0; total-- {
		t := f.shortestPath(free, pen, x, &needOut, &needIn)
		if t < 0 {
			return false
		}
		needIn[t]--
		for r := t; ; {
			l := f.parent[f.m+r]
			x[l] |= 1 << r
			p := f.parent[l]
			if p < 0 {
				needOut[l]--
				break
			}
			x[l] &^= 1 << p // l gives up the auditee it was reached through
			r = p
		}
	}
	return true
}

// shortestPath runs Bellman-Ford (queue-based) from every auditor that
// still needs auditees and returns the nearest auditee that still needs
// auditors, or -1. parent holds the path: for an auditee node the auditor
// before it, for an auditor the auditee it was reached from (-1 at a start).
func (f *flowScratch) shortestPath(free *[maxExact]uint16, pen *[maxExact][maxExact]uint64, x *[maxExact]uint16, needOut, needIn *[maxExact]int) int {
	f.bellmanFord(free, pen, x, needOut)
	best := -1
	for j := range f.m {
		if needIn[j] > 0 && f.reach[f.m+j] && (best < 0 || f.less(f.m+j, f.m+best)) {
			best = j
		}
	}
	return best
}

// potentials returns node potentials of the residual graph of x (distances
// from a virtual source joined to every node at cost 0), flat like dist:
// with them every residual arc has a non-negative reduced cost.
func (f *flowScratch) potentials(free *[maxExact]uint16, pen *[maxExact][maxExact]uint64, x *[maxExact]uint16) []int32 {
	f.bellmanFord(free, pen, x, nil)
	return f.dist
}

// bellmanFord computes distances in the residual graph of x from the
// auditors with needOut > 0, or from every node when needOut is nil.
func (f *flowScratch) bellmanFord(free *[maxExact]uint16, pen *[maxExact][maxExact]uint64, x *[maxExact]uint16, needOut *[maxExact]int) {
	m := f.m
	f.queue = f.queue[:0]
	for v := range 2 * m {
		start := needOut == nil || v < m && needOut[v] > 0
		f.reach[v], f.inQueue[v], f.parent[v] = start, start, -1
		if start {
			clear(f.dist[v*f.levels : (v+1)*f.levels])
			f.queue = append(f.queue, v)
		}
	}
	for qi := 0; qi < len(f.queue); qi++ {
		u := f.queue[qi]
		f.inQueue[u] = false
		if u < m {
			for a := free[u] &^ x[u]; a != 0; a &= a - 1 {
				j := bits.TrailingZeros16(a)
				f.relax(u, m+j, pen[u][j], 1)
			}
			continue
		}
		j := u - m
		for i := range m {
			if x[i]&(1<<j) != 0 {
				f.relax(u, i, pen[i][j], -1)
			}
		}
	}
}

// relax tries the arc u→v whose cost is sign times the bits of mask.
func (f *flowScratch) relax(u, v int, mask uint64, sign int32) {
	L := f.levels
	du, dv := f.dist[u*L:(u+1)*L], f.dist[v*L:(v+1)*L]
	if f.reach[v] {
		better := false
		for l := range L {
			if c := du[l] + sign*int32(mask>>l&1); c != dv[l] {
				better = c < dv[l]
				break
			}
		}
		if !better {
			return
		}
	}
	for l := range L {
		dv[l] = du[l] + sign*int32(mask>>l&1)
	}
	f.reach[v] = true
	if u < f.m {
		f.parent[v] = u
	} else {
		f.parent[v] = u - f.m
	}
	if !f.inQueue[v] {
		f.inQueue[v] = true
		f.queue = append(f.queue, v)
	}
}

// less compares the distances of two nodes.
func (f *flowScratch) less(a, b int) bool {
	L := f.levels
	return lexLess(f.dist[a*L:(a+1)*L], f.dist[b*L:(b+1)*L])
}
