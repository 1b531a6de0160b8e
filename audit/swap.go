package audit

import (
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Rules are what a round's pairs must respect, for checking a hand-made swap
// the way the engine checks its own assignment.
type Rules struct {
	Mode      assign.ClusterMode
	Cluster   map[string]string // unit code → cluster
	Forbidden map[assign.Pair]bool
	// Last holds the most recent earlier round's pairs; Earlier every
	// earlier round's.
	Last    map[assign.Pair]bool
	Earlier map[assign.Pair]bool
	// Names are the units' names, so that a refusal names each unit
	// beside its code, as the swap form shows them.
	Names map[string]string
}

// label writes a unit the way the swap form shows it: its name with its
// code, or the code alone when the name is unknown.
func (r Rules) label(code string) string {
	if n := r.Names[code]; n != "" {
		return n + " (" + code + ")"
	}
	return code
}

// HardViolation returns the catalogue key of the hard rule p breaks, or "".
func (r Rules) HardViolation(p assign.Pair) string {
	switch {
	case p.Auditor == p.Auditee:
		return "round.rule.self"
	case r.Forbidden[p]:
		return "round.rule.forbidden"
	case r.Mode == assign.ClustersWithin && r.Cluster[p.Auditor] != r.Cluster[p.Auditee]:
		return "round.rule.within"
	case r.Mode == assign.ClustersAcross && r.Cluster[p.Auditor] == r.Cluster[p.Auditee]:
		return "round.rule.across"
	}
	return ""
}

// softCounts counts, in order, reciprocal pairs, repeats of the last round,
// repeats of any earlier round, and reversals of the last round.
func (r Rules) softCounts(pairs []assign.Pair) [4]int {
	in := make(map[assign.Pair]bool, len(pairs))
	for _, p := range pairs {
		in[p] = true
	}
	var c [4]int
	for _, p := range pairs {
		rev := assign.Pair{Auditor: p.Auditee, Auditee: p.Auditor}
		if in[rev] {
			c[0]++
		}
		if r.Last[p] {
			c[1]++
		}
		if r.Earlier[p] {
			c[2]++
		}
		if r.Last[rev] {
			c[3]++
		}
	}
	return c
}

var softKeys = [4]string{"round.rule.reciprocal", "round.rule.repeat_last", "round.rule.repeat_earlier", "round.rule.reversal"}

// Swap exchanges the auditees of two pairs of a round (A→B, C→D becomes
// A→D, C→B), which keeps every unit's load. A broken hard rule refuses the
// swap (apperr.Invalid); the soft rules it newly breaks are returned as
// catalogue keys, for which the caller demands a written reason.
func Swap(r Rules, pairs []assign.Pair, a, b assign.Pair) ([]assign.Pair, []string, error) {
	ia, ib := indexOf(pairs, a), indexOf(pairs, b)
	if ia < 0 || ib < 0 || ia == ib {
		field := "a"
		if ia >= 0 {
			field = "b"
		}
		return nil, nil, apperr.InvalidFields(map[string]apperr.Msg{field: apperr.M("round.swap.not_in_round")})
	}
	out := append([]assign.Pair(nil), pairs...)
	out[ia] = assign.Pair{Auditor: a.Auditor, Auditee: b.Auditee}
	out[ib] = assign.Pair{Auditor: b.Auditor, Auditee: a.Auditee}
	f := apperr.Fields{}
	for i, p := range []assign.Pair{out[ia], out[ib]} {
		if key := r.HardViolation(p); key != "" {
			f.Add([]string{"a", "b"}[i], apperr.M(key, "auditor", r.label(p.Auditor), "auditee", r.label(p.Auditee)))
		}
	}
	if indexOf(out[:ia], out[ia]) >= 0 || indexOf(out[ia+1:], out[ia]) >= 0 {
		f.Add("a", apperr.M("round.rule.duplicate"))
	}
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	before, after := r.softCounts(pairs), r.softCounts(out)
	var soft []string
	for i := range before {
		if after[i] > before[i] {
			soft = append(soft, softKeys[i])
		}
	}
	return out, soft, nil
}

func indexOf(pairs []assign.Pair, p assign.Pair) int {
	for i, q := range pairs {
		if q == p {
			return i
		}
	}
	return -1
}
