package assign

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// This file holds what the tests share: a random instance generator and
// checks written independently of the engine, on plain maps and loops.

// genOptions shape a random problem.
type genOptions struct {
	units    int
	perUnit  int
	clusters int     // number of cluster names to draw from (0: none)
	forbid   float64 // probability that a pair is forbidden
	rounds   int     // earlier rounds of history
	mode     ClusterMode
	flag     float64 // probability that a pair is flagged (drawn only when above 0)
}

func randomProblem(rng *rand.Rand, o genOptions) Problem {
	p := Problem{PerUnit: o.perUnit, Clusters: o.mode, Seed: rng.Uint64()}
	for i := range o.units {
		u := Unit{Code: fmt.Sprintf("U%03d", i), Name: fmt.Sprintf("Unit %d", i)}
		if o.clusters > 0 {
			u.Cluster = fmt.Sprintf("C%d", rng.IntN(o.clusters))
		}
		p.Units = append(p.Units, u)
	}
	rng.Shuffle(len(p.Units), func(i, j int) { p.Units[i], p.Units[j] = p.Units[j], p.Units[i] })
	for _, a := range p.Units {
		for _, b := range p.Units {
			if a.Code != b.Code && rng.Float64() < o.forbid {
				p.Forbidden = append(p.Forbidden, Pair{a.Code, b.Code})
			}
		}
	}
	if o.flag > 0 {
		for _, a := range p.Units {
			for _, b := range p.Units {
				if a.Code != b.Code && rng.Float64() < o.flag {
					p.Flagged = append(p.Flagged, Pair{a.Code, b.Code})
				}
			}
		}
	}
	// Each earlier round is a random K-regular-ish set of pairs: every unit
	// audits K random others. Exact regularity does not matter here.
	for r := range o.rounds {
		for _, a := range p.Units {
			for range o.perUnit {
				b := p.Units[rng.IntN(len(p.Units))]
				if a.Code != b.Code {
					p.History = append(p.History, HistoryPair{Round: 2020 + r, Pair: Pair{a.Code, b.Code}})
				}
			}
		}
	}
	return p
}

// allowedPair is the hard rules, restated for the tests.
func allowedPair(p Problem, a, b Unit, forbidden map[Pair]bool) bool {
	if a.Code == b.Code || forbidden[Pair{a.Code, b.Code}] {
		return false
	}
	switch p.Clusters {
	case ClustersWithin:
		return a.Cluster == b.Cluster
	case ClustersAcross:
		return a.Cluster != b.Cluster
	}
	return true
}

func forbiddenSet(p Problem) map[Pair]bool {
	f := make(map[Pair]bool)
	for _, x := range p.Forbidden {
		f[x] = true
	}
	return f
}

// scoreVector computes [reciprocal, repeats per round (most recent first),
// reversals] of pairs, directly from the problem.
func scoreVector(p Problem, pairs []Pair) []int {
	var rounds []int
	byRound := make(map[int]map[Pair]bool)
	for _, h := range p.History {
		if byRound[h.Round] == nil {
			byRound[h.Round] = make(map[Pair]bool)
			rounds = append(rounds, h.Round)
		}
		byRound[h.Round][h.Pair] = true
	}
	slices.SortFunc(rounds, func(a, b int) int { return cmp.Compare(b, a) })
	set := make(map[Pair]bool)
	for _, x := range pairs {
		set[x] = true
	}
	v := make([]int, 1, 2+len(rounds))
	for _, x := range pairs {
		if x.Auditor < x.Auditee && set[Pair{x.Auditee, x.Auditor}] {
			v[0]++
		}
	}
	for _, r := range rounds {
		n := 0
		for _, x := range pairs {
			if byRound[r][x] {
				n++
			}
		}
		v = append(v, n)
	}
	flagged := hasFlagged(p)
	if len(rounds) > 0 || flagged {
		n := 0
		for _, x := range pairs {
			if len(rounds) > 0 && byRound[rounds[0]][Pair{x.Auditee, x.Auditor}] {
				n++
			}
		}
		v = append(v, n)
	}
	if flagged {
		n := 0
		for _, x := range pairs {
			if slices.Contains(p.Flagged, x) {
				n++
			}
		}
		v = append(v, n)
	}
	return v
}

// hasFlagged says whether a flagged pair joins two units of the problem: the
// flagged level of the score exists only then.
func hasFlagged(p Problem) bool {
	known := map[string]bool{}
	for _, u := range p.Units {
		known[u.Code] = true
	}
	for _, f := range p.Flagged {
		if f.Auditor != f.Auditee && known[f.Auditor] && known[f.Auditee] {
			return true
		}
	}
	return false
}

// statsVector is the same vector as reported by the engine for p.
func statsVector(p Problem, s Stats) []int {
	v := []int{s.Reciprocal}
	for _, r := range s.Repeats {
		v = append(v, r.Count)
	}
	flagged := hasFlagged(p)
	if len(s.Repeats) > 0 || flagged {
		v = append(v, s.Reversals)
	}
	if flagged {
		v = append(v, s.Flagged)
	}
	return v
}

// checkResult verifies the hard rules, K-regularity, the order of the pairs
// and the stats of a result.
func checkResult(t *testing.T, p Problem, res Result) {
	t.Helper()
	forbidden := forbiddenSet(p)
	byCode := make(map[string]Unit)
	for _, u := range p.Units {
		byCode[u.Code] = u
	}
	k := p.PerUnit
	out, in := make(map[string]int), make(map[string]int)
	seen := make(map[Pair]bool)
	for i, x := range res.Pairs {
		a, okA := byCode[x.Auditor]
		b, okB := byCode[x.Auditee]
		if !okA || !okB {
			t.Fatalf("pair %v names an unknown unit", x)
		}
		if !allowedPair(p, a, b, forbidden) {
			t.Fatalf("pair %v breaks a hard rule (mode %q)", x, p.Clusters)
		}
		if seen[x] {
			t.Fatalf("pair %v appears twice", x)
		}
		seen[x] = true
		if i > 0 && cmp.Or(cmp.Compare(res.Pairs[i-1].Auditor, x.Auditor), cmp.Compare(res.Pairs[i-1].Auditee, x.Auditee)) >= 0 {
			t.Fatalf("pairs not sorted at %d: %v then %v", i, res.Pairs[i-1], x)
		}
		out[x.Auditor]++
		in[x.Auditee]++
	}
	for _, u := range p.Units {
		if got, want := out[u.Code], k; got != want {
			t.Fatalf("unit %s audits %d units, want %d", u.Code, got, want)
		}
		if got, want := in[u.Code], k; got != want {
			t.Fatalf("unit %s is audited by %d units, want %d", u.Code, got, want)
		}
	}
	if got, want := statsVector(p, res.Stats), scoreVector(p, res.Pairs); !slices.Equal(got, want) {
		t.Fatalf("stats say %v, pairs have %v", got, want)
	}
	if got, want := res.Stats.Units, len(p.Units); got != want {
		t.Fatalf("stats.units = %d, want %d", got, want)
	}
}

// feasible decides by a plain max-flow on the full bipartite graph whether
// a K-regular assignment exists.
func feasible(p Problem) bool {
	n, k := len(p.Units), p.PerUnit
	forbidden := forbiddenSet(p)
	ok := make([][]bool, n)
	for i, a := range p.Units {
		ok[i] = make([]bool, n)
		for j, b := range p.Units {
			ok[i][j] = allowedPair(p, a, b, forbidden)
		}
	}
	used := make([][]bool, n)
	for i := range used {
		used[i] = make([]bool, n)
	}
	inDeg := make([]int, n)
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool { // augmenting path from auditor i
		for j := range n {
			if !ok[i][j] || used[i][j] || seen[j] {
				continue
			}
			seen[j] = true
			if inDeg[j] < k {
				used[i][j] = true
				inDeg[j]++
				return true
			}
			for i2 := range n {
				if used[i2][j] && try(i2, seen) {
					used[i2][j] = false
					used[i][j] = true
					return true
				}
			}
		}
		return false
	}
	for i := range n {
		for range k {
			if !try(i, make([]bool, n)) {
				return false
			}
		}
	}
	return true
}

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }
