package assign

import (
	"math/bits"
	"slices"
)

// Pair states of the row search, for a pair {a, b} with a < b, seen from a.
const (
	pairNone = iota // neither audits the other
	pairOut         // a audits b
	pairIn          // b audits a
	pairBoth        // a reciprocal pair
	pairOpen        // not decided yet
)

// rowSearch is the exact search of one small component (at most maxExact
// units). It decides the units one at a time, in index order: for unit t
// it chooses the state of every pair {t, v} with v > t (the pairs with
// earlier units are already decided), so that t gets exactly K auditees
// and K auditors.
//
// Its bound is the star bound: every unit on its own picks, among the
// states its undecided pairs can still take, K auditees and K auditors at
// the least cost, counting the full cost of each of its arcs and one
// reciprocal pair per partner used both ways. Every arc is then counted at
// both ends, so the sum of these per-unit minima is at most twice the score
// of any assignment of the node; all comparisons are made against twice the
// best score. Per unit the minimum is a small dynamic programme over its
// partners with states (auditees so far, auditors so far); vector costs
// compared lexicographically keep the soft rules' strict order exactly.
//
// The bound of a child (a choice of states for t's pairs) is the cost of
// the decided units, plus t's cost, plus for every later unit v its star
// minimum given the state of {t, v}. Those minima are computed once per
// node for each of the four states, so a child's bound costs a few vector
// additions; the children are enumerated depth-first with the least
// possible completion as a cut-off, sorted by bound, and explored best
// first. The search is exhaustive up to those bounds, so it is exact: it
// ends with an optimal assignment, or proves that the component's starting
// assignment already is one.
type rowSearch struct {
	m, k, L int // L = 1 + levels: reciprocal pairs, then the cost levels
	allow   [maxExact]uint16
	pen     [maxExact][maxExact]uint64
	st      [maxExact][maxExact]int8 // st[a][b], a < b
	best    []int32
	bestSol [maxExact]uint16
	best2   []int32 // 2·best
	levels  []rowLevel
	dp, nd  []int32 // star programme: [(k+1)²][L]
	ok, nok []bool
	// The same with a count of reciprocal partners, for capped.
	bdp, bnd  []int32
	bok, bnok []bool
	pruned    bool // set by capped: the node cannot beat the best score
}

// rowLevel is the scratch space of one level of the search.
type rowLevel struct {
	star     []int32 // star[(v*4+s)*L:]: v's minimum when {t, v} has state s
	starOK   []bool
	minRest  []int32 // least completion from partner index i on
	children []rowChild
	bounds   []int32
	choice   [maxExact]int8
	partial  []int32
	// capMode: the star entries hold the reciprocal count of the star and
	// the costs of capped, two separate bounds (see below).
	capMode bool
	sum     []int32
}

// rowChild is one choice of states for the pairs {t, v}, v > t; the bound
// of children[i] is at bounds[i*L:].
type rowChild struct {
	states [maxExact]int8
}

func newRowSearch(m, k, levels int) *rowSearch {
	r := &rowSearch{m: m, k: k, L: 1 + levels}
	L, cells := r.L, (k+1)*(k+1)
	r.dp, r.nd = make([]int32, cells*L), make([]int32, cells*L)
	r.ok, r.nok = make([]bool, cells), make([]bool, cells)
	r.levels = make([]rowLevel, m+1)
	for t := range r.levels {
		lv := &r.levels[t]
		lv.star = make([]int32, m*4*L)
		lv.starOK = make([]bool, m*4)
		lv.minRest = make([]int32, (m+1)*L)
		lv.partial = make([]int32, L)
		lv.sum = make([]int32, L)
	}
	for a := range m {
		for b := range m {
			r.st[a][b] = pairOpen
		}
	}
	return r
}

// solve runs the search from the assignment bestSol with score best and
// leaves an optimal assignment there.
func (r *rowSearch) solve() {
	r.best2 = make([]int32, r.L)
	r.setBest(r.best, r.bestSol)
	r.search(0, make([]int32, r.L))
}

func (r *rowSearch) setBest(sc []int32, sol [maxExact]uint16) {
	r.best, r.bestSol = sc, sol
	for l := range sc {
		r.best2[l] = 2 * sc[l]
	}
}

// option returns, seen from unit a, how many auditees and auditors the state
// s of pair {a, b} (seen from a) gives a, and adds its cost to c.
func (r *rowSearch) option(a, b int, s int8, c []int32) (out, in int) {
	if s&pairOut != 0 {
		out = 1
		addPen(c, r.pen[a][b])
	}
	if s&pairIn != 0 {
		in = 1
		addPen(c, r.pen[b][a])
	}
	if s == pairBoth {
		c[0]++
	}
	return out, in
}

func addPen(c []int32, p uint64) {
	for ; p != 0; p &= p - 1 {
		c[1+bits.TrailingZeros64(p)]++
	}
}

// stateFrom returns the decided state of {a, b} seen from a, or pairOpen.
func (r *rowSearch) stateFrom(a, b int) int8 {
	if a < b {
		return r.st[a][b]
	}
	s := r.st[b][a]
	if s == pairOut || s == pairIn {
		return s ^ (pairOut | pairIn)
	}
	return s
}

// possible says whether state s (seen from a) of an open pair {a, b} keeps
// the hard rules.
func (r *rowSearch) possible(a, b int, s int8) bool {
	if s&pairOut != 0 && r.allow[a]>>b&1 == 0 {
		return false
	}
	return s&pairIn == 0 || r.allow[b]>>a&1 != 0
}

// starExcept runs v's star programme over all its partners but skip and
// leaves its table in r.dp/r.ok.
func (r *rowSearch) starExcept(v, skip int) {
	L, k := r.L, r.k
	clear(r.ok)
	r.ok[0] = true
	clear(r.dp[:L])
	add := make([]int32, L)
	for w := range r.m {
		if w == v || w == skip {
			continue
		}
		clear(r.nok)
		fixed := r.stateFrom(v, w)
		for s := int8(0); s < 4; s++ {
			if fixed != pairOpen && s != fixed || fixed == pairOpen && !r.possible(v, w, s) {
				continue
			}
			clear(add)
			do, di := r.option(v, w, s, add)
			for o := 0; o+do <= k; o++ {
				for i := 0; i+di <= k; i++ {
					from := o*(k+1) + i
					if !r.ok[from] {
						continue
					}
					to := (o+do)*(k+1) + i + di
					r.relaxCell(from, to, add)
				}
			}
		}
		r.dp, r.nd = r.nd, r.dp
		r.ok, r.nok = r.nok, r.ok
	}
}

// relaxCell keeps in nd[to] the lesser of itself and dp[from] + add.
func (r *rowSearch) relaxCell(from, to int, add []int32) {
	L := r.L
	src, dst := r.dp[from*L:(from+1)*L], r.nd[to*L:(to+1)*L]
	if r.nok[to] {
		better := false
		for l := range L {
			if x := src[l] + add[l]; x != dst[l] {
				better = x < dst[l]
				break
			}
		}
		if !better {
			return
		}
	}
	r.nok[to] = true
	for l := range L {
		dst[l] = src[l] + add[l]
	}
}

// search decides unit t's pairs with later units; base is the cost of the
// units before t, counted as the star bound counts it.
func (r *rowSearch) search(t int, base []int32) {
	L, k := r.L, r.k
	if t == r.m {
		r.leaf()
		return
	}
	lv := &r.levels[t]
	// Unit t's own decided pairs, and the star minima of later units.
	own := slices.Clone(base)
	needOut, needIn := k, k
	for w := range t {
		do, di := r.option(t, w, r.stateFrom(t, w), own)
		needOut -= do
		needIn -= di
	}
	if needOut < 0 || needIn < 0 {
		return
	}
	add := make([]int32, L)
	for v := t + 1; v < r.m; v++ {
		r.starExcept(v, t)
		for s := int8(0); s < 4; s++ {
			// s is seen from t; from v, out and in swap.
			sv := s
			if s == pairOut || s == pairIn {
				sv ^= pairOut | pairIn
			}
			cell := v*4 + int(s)
			lv.starOK[cell] = false
			if !r.possible(t, v, s) {
				continue
			}
			clear(add)
			do, di := r.option(v, t, sv, add)
			from := (k-do)*(k+1) + k - di
			if k-do < 0 || k-di < 0 || !r.ok[from] {
				continue
			}
			dst := lv.star[cell*L : (cell+1)*L]
			src := r.dp[from*L : (from+1)*L]
			for l := range L {
				dst[l] = src[l] + add[l]
			}
			// t's own cost of the state, counted in the child's bound.
			r.option(t, v, s, dst)
			lv.starOK[cell] = true
		}
	}
	lv.capMode = r.capped(t, lv)
	if r.pruned {
		return
	}
	// Least completion from each later unit on.
	rest := lv.minRest
	clear(rest[r.m*L:])
	for v := r.m - 1; v > t; v-- {
		var m []int32
		minR := int32(-1)
		for s := range 4 {
			cell := v*4 + s
			if !lv.starOK[cell] {
				continue
			}
			c := lv.star[cell*L : (cell+1)*L]
			if m == nil || lv.capMode && lexLess(c[1:], m[1:]) || !lv.capMode && lexLess(c, m) {
				m = c
			}
			if minR < 0 || c[0] < minR {
				minR = c[0]
			}
		}
		if m == nil {
			return // v cannot be completed whatever t does
		}
		for l := range L {
			rest[v*L+l] = rest[(v+1)*L+l] + m[l]
		}
		if lv.capMode {
			rest[v*L] = rest[(v+1)*L] + minR
		}
	}
	lv.children = lv.children[:0]
	lv.bounds = lv.bounds[:0]
	copy(lv.partial, own)
	r.enumerate(t, t+1, needOut, needIn)
	order := make([]int, len(lv.children))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if lv.capMode {
			return slices.Compare(lv.bounds[a*L+1:(a+1)*L], lv.bounds[b*L+1:(b+1)*L])
		}
		return slices.Compare(lv.bounds[a*L:(a+1)*L], lv.bounds[b*L:(b+1)*L])
	})
	// Deeper levels have their own scratch space, so these stay put.
	children, bounds := lv.children, lv.bounds
	for _, ci := range order {
		bound := bounds[ci*L : (ci+1)*L]
		if !r.below(lv, bound) {
			if lv.capMode {
				continue // sorted by cost only
			}
			break // sorted: no later child does better either
		}
		c := &children[ci]
		for v := t + 1; v < r.m; v++ {
			r.st[t][v] = c.states[v]
		}
		// The child's base: the decided units and t, now decided too.
		childBase := slices.Clone(own)
		for v := t + 1; v < r.m; v++ {
			r.option(t, v, c.states[v], childBase)
		}
		r.search(t+1, childBase)
	}
	for v := t + 1; v < r.m; v++ {
		r.st[t][v] = pairOpen
	}
}

// enumerate chooses the states of t's pairs with units v, v+1, … so that
// t gets needOut more auditees and needIn more auditors, keeping every
// choice whose bound is below twice the best score.
func (r *rowSearch) enumerate(t, v, needOut, needIn int) {
	lv := &r.levels[t]
	L := r.L
	if needOut > r.m-v || needIn > r.m-v {
		return
	}
	rest := lv.minRest[v*L : (v+1)*L]
	sum := lv.sum
	for l := range L {
		sum[l] = lv.partial[l] + rest[l]
	}
	if !r.below(lv, sum) {
		return
	}
	if v == r.m {
		if needOut == 0 && needIn == 0 {
			lv.children = append(lv.children, rowChild{states: lv.choice})
			lv.bounds = append(lv.bounds, lv.partial...) // rest is zero here
		}
		return
	}
	for s := int8(0); s < 4; s++ {
		cell := v*4 + int(s)
		do, di := int(s&pairOut), int(s&pairIn)>>1
		if !lv.starOK[cell] || do > needOut || di > needIn {
			continue
		}
		star := lv.star[cell*L : (cell+1)*L]
		for l := range L {
			lv.partial[l] += star[l]
		}
		lv.choice[v] = s
		r.enumerate(t, v+1, needOut-do, needIn-di)
		for l := range L {
			lv.partial[l] -= star[l]
		}
	}
}

// leaf records a complete assignment when it beats the best one.
func (r *rowSearch) leaf() {
	var sol [maxExact]uint16
	sc := make([]int32, r.L)
	for a := range r.m {
		for b := a + 1; b < r.m; b++ {
			s := r.st[a][b]
			if s&pairOut != 0 {
				sol[a] |= 1 << b
			}
			if s&pairIn != 0 {
				sol[b] |= 1 << a
			}
			r.option(a, b, s, sc)
		}
	}
	for a := range r.m {
		if bits.OnesCount16(sol[a]) != r.k {
			return
		}
	}
	if lexLess(sc, r.best) {
		r.setBest(sc, sol)
	}
}

// below says whether a bound (twice the score, see rowSearch) leaves room
// for an assignment better than the best one. In capMode the reciprocal
// count and the costs are separate bounds: a better assignment has exactly
// best[0] reciprocal pairs and a lower cost.
func (r *rowSearch) below(lv *rowLevel, bound []int32) bool {
	if !lv.capMode {
		return lexLess(bound, r.best2)
	}
	return bound[0] <= r.best2[0] && lexLess(bound[1:], r.best2[1:])
}
