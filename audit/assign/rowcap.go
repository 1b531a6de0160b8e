package assign

// capped strengthens the bounds of node t when the star minima count too
// few reciprocal pairs. The star bound is lexicographic, so its cost part
// only holds for assignments with as few reciprocal pairs as the stars
// have; when an assignment with fewer reciprocal pairs cannot exist, that
// part is wasted. capped computes a better lower bound on the reciprocal
// pairs: with d_u the least number of partners unit u shares both ways (its
// star minimum) and D the units with d_u > 0, a reciprocal pair counts for
// two units of D only when both ends are in D and may audit each other, so
// R ≥ Σ d_u − ⌊Σ min(d_u, a_u) / 2⌋ where a_u counts such partners of u.
// When that exceeds the best score's count it sets r.pruned. When it equals
// it, a better assignment has exactly best[0] reciprocal pairs, so unit u
// shares at most β_u = 2·best[0] − Σ_{v≠u} d_v partners both ways; capped
// then replaces the star entries of the later units by their least cost
// with at most β_v reciprocal partners, ignoring the reciprocal count, and
// reports true: the caller compares costs only.
func (r *rowSearch) capped(t int, lv *rowLevel) bool {
	r.pruned = false
	L, m, k := r.L, r.m, r.k
	var d [maxExact]int
	for u := range t {
		for w := range m {
			if w != u && r.stateFrom(u, w) == pairBoth {
				d[u]++
			}
		}
	}
	r.starExcept(t, -1)
	if !r.ok[k*(k+1)+k] {
		r.pruned = true // t cannot get K auditees and K auditors
		return false
	}
	d[t] = int(r.dp[(k*(k+1)+k)*L])
	for v := t + 1; v < m; v++ {
		d[v] = k + 1
		for s := range 4 {
			cell := v*4 + s
			if lv.starOK[cell] {
				c := int(lv.star[cell*L])
				if s == pairBoth {
					c -= 2 // counted once for v and once for t
					c++    // v's own
				}
				d[v] = min(d[v], c)
			}
		}
	}
	sum, half := 0, 0
	for u := range m {
		if d[u] == 0 {
			continue
		}
		sum += d[u]
		a := 0
		for w := range m {
			if w == u || d[w] == 0 {
				continue
			}
			switch st := r.stateFrom(u, w); {
			case st == pairBoth,
				st == pairOpen && r.allow[u]>>w&1 != 0 && r.allow[w]>>u&1 != 0:
				a++
			}
		}
		half += min(d[u], a)
	}
	lb := sum - half/2
	best := int(r.best[0])
	if lb > best {
		r.pruned = true
		return false
	}
	if lb < best || 2*best == sum {
		return false // the plain star bound already holds for costs
	}
	for v := t + 1; v < m; v++ {
		beta := 2*best - (sum - d[v])
		r.starCapped(v, t, beta)
		for s := int8(0); s < 4; s++ {
			cell := v*4 + int(s)
			if !lv.starOK[cell] {
				continue
			}
			sv := s
			if s == pairOut || s == pairIn {
				sv ^= pairOut | pairIn
			}
			add := make([]int32, L)
			do, di := r.option(v, t, sv, add)
			both := 0
			if s == pairBoth {
				both = 1
			}
			dst := lv.star[cell*L : (cell+1)*L]
			starR := dst[0]
			found := false
			for b := 0; b+both <= beta && b <= k; b++ {
				from := ((k-do)*(k+1)+k-di)*(k+1) + b
				if !r.bok[from] {
					continue
				}
				src := r.bdp[from*L : (from+1)*L]
				if !found || lexLessFrom(src, add, dst) {
					for l := range L {
						dst[l] = src[l] + add[l]
					}
					found = true
				}
			}
			if !found {
				lv.starOK[cell] = false
				continue
			}
			r.option(t, v, s, dst)
			dst[0] = starR
		}
	}
	return true
}

// lexLessFrom says whether a + b < c, the reciprocal level aside.
func lexLessFrom(a, b, c []int32) bool {
	for l := 1; l < len(c); l++ {
		if x := a[l] + b[l]; x != c[l] {
			return x < c[l]
		}
	}
	return false
}

// starCapped runs v's star programme over all partners but skip, with the
// number of partners used both ways as a third coordinate (up to k) and
// the reciprocal level left at zero, into r.bdp/r.bok.
func (r *rowSearch) starCapped(v, skip, beta int) {
	L, k := r.L, r.k
	cells := (k + 1) * (k + 1) * (k + 1)
	if len(r.bok) < cells {
		r.bdp, r.bnd = make([]int32, cells*L), make([]int32, cells*L)
		r.bok, r.bnok = make([]bool, cells), make([]bool, cells)
	}
	clear(r.bok)
	r.bok[0] = true
	clear(r.bdp[:L])
	add := make([]int32, L)
	for w := range r.m {
		if w == v || w == skip {
			continue
		}
		clear(r.bnok)
		fixed := r.stateFrom(v, w)
		for s := int8(0); s < 4; s++ {
			if fixed != pairOpen && s != fixed || fixed == pairOpen && !r.possible(v, w, s) {
				continue
			}
			clear(add)
			do, di := r.option(v, w, s, add)
			add[0] = 0
			db := 0
			if s == pairBoth {
				db = 1
			}
			for o := 0; o+do <= k; o++ {
				for i := 0; i+di <= k; i++ {
					for b := 0; b+db <= min(k, max(beta, 0)+1); b++ {
						from := (o*(k+1)+i)*(k+1) + b
						if !r.bok[from] {
							continue
						}
						to := ((o+do)*(k+1)+i+di)*(k+1) + b + db
						src, dst := r.bdp[from*L:(from+1)*L], r.bnd[to*L:(to+1)*L]
						if r.bnok[to] && !lexLessFrom(src, add, dst) {
							continue
						}
						r.bnok[to] = true
						for l := range L {
							dst[l] = src[l] + add[l]
						}
					}
				}
			}
		}
		r.bdp, r.bnd = r.bnd, r.bdp
		r.bok, r.bnok = r.bnok, r.bok
	}
}
