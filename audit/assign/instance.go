package assign

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

const (
	// maxRounds is how many earlier rounds the score distinguishes: one bit
	// each in an arc's mask, plus one for reversals, one for flagged pairs
	// and one for forbidden.
	maxRounds = 61
	// forbidBit marks a forbidden arc in an arc mask.
	forbidBit = uint64(1) << 63
)

// instance is a Problem turned into indices: units sorted by code, clusters
// numbered in name order, and every arc that is not plain (forbidden,
// repeated or reversing) kept in a compressed list per auditor. Plain arcs,
// the vast majority, are never stored.
type instance struct {
	units    []Unit
	k        int
	mode     ClusterMode
	rounds   []int   // earlier rounds, most recent first
	levels   int     // repeat levels, the reversal level, then the flagged level; 0 with neither history nor flags
	flagged  bool    // whether the flagged level is in use
	cluster  []int32 // cluster id per unit, ids in name order
	clusters []string
	comps    [][]int32 // units per component, ascending
	compOf   []int32
	loc      []int32 // index of a unit inside its component

	arcStart []int32 // special arcs by auditor: arcTo/arcMask[arcStart[u]:arcStart[u+1]]
	arcTo    []int32
	arcMask  []uint64
	fbStart  []int32 // forbidden arcs by auditee: fbFrom[fbStart[v]:fbStart[v+1]]
	fbFrom   []int32
}

// rawArc is an arc mask before the per-auditor lists are built.
type rawArc struct {
	from, to int32
	mask     uint64
}

func newInstance(p Problem) (*instance, error) {
	if p.PerUnit < 1 {
		return nil, fmt.Errorf("assign: units per auditor must be at least 1, got %d", p.PerUnit)
	}
	mode, err := ParseClusterMode(string(p.Clusters))
	if err != nil {
		return nil, err
	}
	in := &instance{k: p.PerUnit, mode: mode}
	if err := in.setUnits(p.Units); err != nil {
		return nil, err
	}
	index := make(map[string]int32, len(in.units))
	for i, u := range in.units {
		index[u.Code] = int32(i)
	}
	in.setComponents()
	arcs := in.historyArcs(p.History, index, len(p.Forbidden)+len(p.Flagged))
	arcs = in.flaggedArcs(arcs, p.Flagged, index)
	for _, f := range p.Forbidden {
		a, okA := index[f.Auditor]
		b, okB := index[f.Auditee]
		if okA && okB && a != b {
			arcs = append(arcs, rawArc{a, b, forbidBit})
		}
	}
	in.setArcs(arcs)
	return in, nil
}

// setUnits copies the units sorted by code and numbers the clusters.
func (in *instance) setUnits(units []Unit) error {
	in.units = slices.Clone(units)
	slices.SortFunc(in.units, func(a, b Unit) int { return cmp.Compare(a.Code, b.Code) })
	for i, u := range in.units {
		if u.Code == "" {
			return errors.New("assign: a unit has an empty code")
		}
		if i > 0 && in.units[i-1].Code == u.Code {
			return fmt.Errorf("assign: duplicate unit code %q", u.Code)
		}
		in.clusters = append(in.clusters, u.Cluster)
	}
	slices.Sort(in.clusters)
	in.clusters = slices.Compact(in.clusters)
	in.cluster = make([]int32, len(in.units))
	for i, u := range in.units {
		c, _ := slices.BinarySearch(in.clusters, u.Cluster)
		in.cluster[i] = int32(c)
	}
	return nil
}

// setComponents splits the units into independent parts: one per cluster
// when pairs stay within clusters, a single one otherwise.
func (in *instance) setComponents() {
	n := len(in.units)
	in.compOf = make([]int32, n)
	in.loc = make([]int32, n)
	if n == 0 {
		return
	}
	if in.mode != ClustersWithin {
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
			in.loc[i] = int32(i)
		}
		in.comps = [][]int32{all}
		return
	}
	in.comps = make([][]int32, len(in.clusters))
	for u, c := range in.cluster {
		in.compOf[u] = c
		in.loc[u] = int32(len(in.comps[c]))
		in.comps[c] = append(in.comps[c], int32(u))
	}
}

// historyArcs gives each arc of the kept rounds the bit of its round, and
// each reverse of an arc of the most recent round the reversal bit.
// Room is left for the forbidden arcs, appended by the caller.
func (in *instance) historyArcs(hist []HistoryPair, index map[string]int32, forbidden int) []rawArc {
	type known struct {
		round int
		a, b  int32
	}
	rows := make([]known, 0, len(hist))
	level := make(map[int]int) // round → level; only looked up, never ranged over
	for _, h := range hist {
		a, okA := index[h.Auditor]
		b, okB := index[h.Auditee]
		if okA && okB && a != b {
			rows = append(rows, known{h.Round, a, b})
			if _, ok := level[h.Round]; !ok {
				level[h.Round] = -1
				in.rounds = append(in.rounds, h.Round)
			}
		}
	}
	slices.SortFunc(in.rounds, func(a, b int) int { return cmp.Compare(b, a) })
	if len(in.rounds) > maxRounds {
		in.rounds = in.rounds[:maxRounds]
	}
	for l, r := range in.rounds {
		level[r] = l
	}
	if len(in.rounds) > 0 {
		in.levels = len(in.rounds) + 1
	}
	reversal := uint64(1) << len(in.rounds)
	arcs := make([]rawArc, 0, len(rows)*3/2+forbidden)
	for _, r := range rows {
		level := level[r.round]
		if level < 0 {
			continue // older than the rounds kept
		}
		arcs = append(arcs, rawArc{r.a, r.b, 1 << level})
		if level == 0 {
			arcs = append(arcs, rawArc{r.b, r.a, reversal})
		}
	}
	return arcs
}

// flaggedArcs gives each flagged pair between known units the flagged bit,
// the last level: the least important soft rule, after the reversals, so
// that avoiding a flagged pair never costs a repeat or a reversal more.
// The level is used only when some flagged pair is known, which leaves the
// score of a round without flags as it was.
func (in *instance) flaggedArcs(arcs []rawArc, flagged []Pair, index map[string]int32) []rawArc {
	bit := uint64(1) << (len(in.rounds) + 1)
	for _, f := range flagged {
		a, okA := index[f.Auditor]
		b, okB := index[f.Auditee]
		if okA && okB && a != b {
			arcs = append(arcs, rawArc{a, b, bit})
			in.flagged = true
		}
	}
	if in.flagged {
		in.levels = len(in.rounds) + 2
	}
	return arcs
}

// setArcs merges the raw arcs into the per-auditor and per-auditee lists.
// A counting sort by auditor, then a sort of each auditor's few arcs, keeps
// this linear in the number of arcs.
func (in *instance) setArcs(arcs []rawArc) {
	n := len(in.units)
	start := make([]int32, n+1)
	for _, a := range arcs {
		start[a.from+1]++
	}
	for u := range n {
		start[u+1] += start[u]
	}
	sorted := make([]rawArc, len(arcs))
	fill := slices.Clone(start[:n])
	for _, a := range arcs {
		sorted[fill[a.from]] = a
		fill[a.from]++
	}
	in.arcStart = make([]int32, n+1)
	for u := range n {
		own := sorted[start[u]:start[u+1]]
		slices.SortFunc(own, func(x, y rawArc) int { return cmp.Compare(x.to, y.to) })
		for i, a := range own {
			if i > 0 && own[i-1].to == a.to {
				in.arcMask[len(in.arcMask)-1] |= a.mask
				continue
			}
			in.arcTo = append(in.arcTo, a.to)
			in.arcMask = append(in.arcMask, a.mask)
		}
		in.arcStart[u+1] = int32(len(in.arcTo))
	}
	in.setForbiddenIn()
}

// setForbiddenIn builds the lists of forbidden arcs by auditee.
func (in *instance) setForbiddenIn() {
	n := len(in.units)
	fill := make([]int32, n+1)
	for i, mask := range in.arcMask {
		if mask&forbidBit != 0 {
			fill[in.arcTo[i]+1]++
		}
	}
	for v := range n {
		fill[v+1] += fill[v]
	}
	in.fbStart = slices.Clone(fill)
	in.fbFrom = make([]int32, fill[n])
	for u := range n { // auditors ascending, so each auditee's list is sorted
		for i := in.arcStart[u]; i < in.arcStart[u+1]; i++ {
			if in.arcMask[i]&forbidBit != 0 {
				v := in.arcTo[i]
				in.fbFrom[fill[v]] = int32(u)
				fill[v]++
			}
		}
	}
}

// mask returns the special bits of the arc u→v (global indices), 0 for a
// plain arc.
func (in *instance) mask(u, v int32) uint64 {
	to := in.arcTo[in.arcStart[u]:in.arcStart[u+1]]
	if i, ok := slices.BinarySearch(to, v); ok {
		return in.arcMask[int(in.arcStart[u])+i]
	}
	return 0
}

// forbiddenOut lists the units u may not audit (global indices, sorted).
func (in *instance) forbiddenOut(u int32, buf []int32) []int32 {
	buf = buf[:0]
	for i := in.arcStart[u]; i < in.arcStart[u+1]; i++ {
		if in.arcMask[i]&forbidBit != 0 {
			buf = append(buf, in.arcTo[i])
		}
	}
	return buf
}

// forbiddenIn lists the units that may not audit v (global indices, sorted).
func (in *instance) forbiddenIn(v int32) []int32 {
	return in.fbFrom[in.fbStart[v]:in.fbStart[v+1]]
}
