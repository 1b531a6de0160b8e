package assign

import (
	"math/bits"
	"slices"
)

// maxExact is the largest component solved exactly; units are then bits of
// a uint16.
const maxExact = 12

// flowBudget bounds the nodes of the flow-based branch and bound, the first
// of the two exact searches (a few hundredths of a second). It settles
// almost every component, K ≤ 2 always in our runs; when it runs out, the
// row search (rows.go) takes over from its best assignment and finishes
// the proof. A variable so that tests can send every component to the row
// search.
var flowBudget = 20000

// exact is the branch and bound of one small component. Arcs are bits:
// allow[i] has bit j when i may audit j.
type exact struct {
	m, k, levels int
	allow        [maxExact]uint16
	pen          [maxExact][maxExact]uint64
	best         []int32 // score of the incumbent
	bestSol      [maxExact]uint16
	nodes        int
	flow         flowScratch
	// potFresh says that flow's potentials belong to the current node as
	// it stands, so that branching need not compute them again.
	potFresh bool
}

// node is a subproblem: arcs still allowed, arcs the assignment must hold
// (forced is a subset of allow), and x, a least-cost choice of the other
// arcs, possibly short of some: search completes it with a few augmenting
// paths. A child inherits its parent's x minus the arcs the branch drops or
// forces, which keeps x optimal for what it covers (its residual graph only
// loses arcs, so it gains no negative cycle); so a child costs at most one
// shortest-path search instead of a whole flow.
type node struct {
	allow, forced, x [maxExact]uint16
}

// solveExact replaces the component's assignment with an optimal one: the
// flow-based branch and bound below first, within flowBudget nodes, then,
// if it ran out, the row search, which always finishes.
func (s *state) solveExact() {
	e := &exact{m: s.m, k: s.k, levels: s.in.levels}
	var start [maxExact]uint16
	for i := range int32(s.m) {
		for j := range int32(s.m) {
			if s.allowed(i, j) {
				e.allow[i] |= 1 << j
				e.pen[i][j] = s.penalty(i, j)
			}
		}
		for _, j := range s.outs(i) {
			start[i] |= 1 << j
		}
	}
	e.bestSol, e.best = start, e.score(&start)
	e.flow.init(e.m, e.levels)
	if !e.search(&node{allow: e.allow}) {
		r := newRowSearch(e.m, e.k, e.levels)
		r.allow, r.pen = e.allow, e.pen
		r.best, r.bestSol = e.best, e.bestSol
		r.solve()
		e.best, e.bestSol = r.best, r.bestSol
	}
	s.reset()
	for i := range int32(s.m) {
		for sol := e.bestSol[i]; sol != 0; sol &= sol - 1 {
			s.add(i, int32(bits.TrailingZeros16(sol)))
		}
	}
}

// search explores a node and reports whether it did so completely.
func (e *exact) search(n *node) bool {
	e.nodes++
	if e.nodes > flowBudget {
		return false
	}
	sol, open := e.evaluate(n)
	if !open {
		return true
	}
	i, j := e.freeReciprocal(&sol, n)
	bi, bj := uint16(1)<<i, uint16(1)<<j
	complete := true
	if n.forced[i]&bj == 0 { // without i→j
		c := *n
		c.allow[i] &^= bj
		c.x[i] &^= bj
		complete = e.search(&c)
	}
	if complete && n.forced[j]&bi == 0 { // with i→j, without j→i
		c := *n
		c.forced[i] |= bj
		c.x[i] &^= bj
		c.allow[j] &^= bi
		c.x[j] &^= bi
		complete = e.search(&c)
	}
	if complete { // with both
		c := *n
		c.forced[i] |= bj
		c.forced[j] |= bi
		c.x[i] &^= bj
		c.x[j] &^= bi
		complete = e.search(&c)
	}
	return complete
}

// evaluate completes the node's assignment, keeps it when it is the best so
// far, and tightens the node by reduced-cost fixing until nothing changes.
// It returns the node's assignment and whether the node may still hold a
// better one, which then has a reciprocal pair to branch on.
func (e *exact) evaluate(n *node) ([maxExact]uint16, bool) {
	var sol [maxExact]uint16
	for {
		e.potFresh = false
		lb := e.recipBound(n)
		if lb > int(e.best[0]) || !e.complete(n) {
			return sol, false // nothing better here, or nothing at all
		}
		for i := range e.m {
			sol[i] = n.forced[i] | n.x[i]
		}
		sc := e.score(&sol)
		if lexLess(sc, e.best) {
			e.best, e.bestSol = sc, sol
		}
		if int(sc[0]) == lb {
			return sol, false // no assignment of this node beats sol
		}
		bound := slices.Clone(sc) // sc may now be e.best
		bound[0] = int32(lb)
		if !lexLess(bound, e.best) {
			return sol, false
		}
		if lb != int(e.best[0]) || !e.fix(n, bound[1:]) {
			return sol, true
		}
	}
}

// fix applies reduced-cost fixing to a node whose better assignments, if
// any, have exactly as many reciprocal pairs as the best one so far and so
// must have a lower cost than its cost best[1:]. With the potentials of the
// node's least-cost flow (cost lin), an assignment that uses a free arc
// outside the flow costs at least lin plus the arc's reduced cost, and one
// that drops an arc of the flow at least lin minus it: such arcs are
// removed or forced when that reaches the best cost. Without reciprocal
// pairs in the best assignment, the reverse of a forced arc goes too. It
// reports whether the node changed.
func (e *exact) fix(n *node, lin []int32) bool {
	var free [maxExact]uint16
	for i := range e.m {
		free[i] = n.allow[i] &^ n.forced[i]
	}
	pot := e.flow.potentials(&free, &e.pen, &n.x)
	bestLin := e.best[1:]
	t := make([]int32, e.levels)
	changed := false
	for i := range e.m {
		for a := free[i]; a != 0; a &= a - 1 {
			j := bits.TrailingZeros16(a)
			bj := uint16(1) << j
			used := n.x[i]&bj != 0
			sign := int32(1)
			if used {
				sign = -1
			}
			for l := range e.levels {
				r := int32(e.pen[i][j]>>l&1) + pot[i*e.levels+l] - pot[(e.m+j)*e.levels+l]
				t[l] = lin[l] + sign*r
			}
			if lexLess(t, bestLin) {
				continue
			}
			changed = true
			if used {
				n.forced[i] |= bj
				n.x[i] &^= bj
			} else {
				n.allow[i] &^= bj
			}
		}
	}
	if e.best[0] == 0 {
		for i := range e.m {
			for f := n.forced[i]; f != 0; f &= f - 1 {
				j := bits.TrailingZeros16(f)
				if n.allow[j]&(1<<i) != 0 {
					n.allow[j] &^= 1 << i
					n.x[j] &^= 1 << i
					changed = true
				}
			}
		}
	}
	e.potFresh = !changed
	return changed
}

// complete adds to n.x the least-cost arcs that give every unit K pairs,
// reciprocity aside, and reports false when the node has no assignment.
func (e *exact) complete(n *node) bool {
	var needOut, needIn [maxExact]int
	var free [maxExact]uint16
	for i := range e.m {
		needOut[i] = e.k - bits.OnesCount16(n.forced[i]|n.x[i])
		free[i] = n.allow[i] &^ n.forced[i]
		for f := n.forced[i] | n.x[i]; f != 0; f &= f - 1 {
			needIn[bits.TrailingZeros16(f)]++
		}
	}
	for i := range e.m {
		needIn[i] = e.k - needIn[i]
		if needOut[i] < 0 || needIn[i] < 0 {
			return false
		}
	}
	return e.flow.minCost(&free, &e.pen, &n.x, needOut, needIn)
}

// recipBound is a lower bound on the reciprocal pairs of the node's
// assignments: each unit places 2K pairs on its possible partners, at most
// two on each, and keeps its forced reciprocal pairs; and all m·K pairs
// fit on the unordered pairs of units only by doubling up.
func (e *exact) recipBound(n *node) int {
	var in, forcedIn [maxExact]uint16
	for i := range e.m {
		for a := n.allow[i]; a != 0; a &= a - 1 {
			in[bits.TrailingZeros16(a)] |= 1 << i
		}
		for f := n.forced[i]; f != 0; f &= f - 1 {
			forcedIn[bits.TrailingZeros16(f)] |= 1 << i
		}
	}
	sum, partners := 0, 0
	for v := range e.m {
		nb := bits.OnesCount16(n.allow[v] | in[v])
		forced := bits.OnesCount16(n.forced[v] & forcedIn[v])
		sum += max(forced, 2*e.k-nb)
		partners += nb
	}
	return max((sum+1)/2, e.m*e.k-partners/2)
}

// freeReciprocal returns the reciprocal pair i<j of sol to branch on,
// among those the node does not force in both directions (the caller knows
// one exists: sol has more reciprocal pairs than the node forces). It takes
// the pair whose cheaper side costs most to drop, judged by reduced costs,
// so that both children's bounds rise as much as possible.
func (e *exact) freeReciprocal(sol *[maxExact]uint16, n *node) (int, int) {
	pot := e.flow.dist
	if !e.potFresh {
		var free [maxExact]uint16
		for i := range e.m {
			free[i] = n.allow[i] &^ n.forced[i]
		}
		pot = e.flow.potentials(&free, &e.pen, &n.x)
	}
	bi, bj := -1, -1
	var best []int32
	for i := range e.m {
		for j := i + 1; j < e.m; j++ {
			if sol[i]&(1<<j) == 0 || sol[j]&(1<<i) == 0 {
				continue
			}
			ci, cj := e.dropCost(n, pot, i, j), e.dropCost(n, pot, j, i)
			c := ci
			switch {
			case ci == nil && cj == nil:
				continue // forced both ways: nothing to branch on
			case ci == nil || cj != nil && lexLess(cj, ci):
				c = cj
			}
			if best == nil || lexLess(best, c) {
				bi, bj, best = i, j, c
			}
		}
	}
	if bi < 0 {
		panic("assign: no free reciprocal pair") // unreachable, see recipBound
	}
	return bi, bj
}

// dropCost is the least cost increase of dropping the flow arc i→j, minus
// its reduced cost, or nil when the node forces i→j.
func (e *exact) dropCost(n *node, pot []int32, i, j int) []int32 {
	if n.forced[i]&(1<<j) != 0 {
		return nil
	}
	L := e.levels
	cost := make([]int32, L)
	for l := range L {
		cost[l] = -(int32(e.pen[i][j]>>l&1) + pot[i*L+l] - pot[(e.m+j)*L+l])
	}
	return cost
}

// score returns [reciprocal pairs, count per level] of an assignment.
func (e *exact) score(sol *[maxExact]uint16) []int32 {
	sc := make([]int32, 1+e.levels)
	for i := range e.m {
		for a := sol[i]; a != 0; a &= a - 1 {
			j := bits.TrailingZeros16(a)
			if j > i && sol[j]&(1<<i) != 0 {
				sc[0]++
			}
			for p := e.pen[i][j]; p != 0; p &= p - 1 {
				sc[1+bits.TrailingZeros64(p)]++
			}
		}
	}
	return sc
}

// lexLess compares two scores in the soft rules' order.
func lexLess(a, b []int32) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
