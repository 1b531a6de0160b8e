package assign

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds of InfeasibleError, for programs that want to react to the cause
// or translate the message.
const (
	// KindSingletonCluster: audits stay within clusters and a cluster has a
	// single unit.
	KindSingletonCluster = "singleton_cluster"
	// KindKTooLarge: K is larger than the number of units a unit may audit
	// even before forbidden pairs are taken into account.
	KindKTooLarge = "k_too_large"
	// KindClusterTooLarge: audits go across clusters and one cluster holds
	// more than half of the units.
	KindClusterTooLarge = "cluster_too_large"
	// KindAllForbidden: every unit a unit could audit (or be audited by) is
	// forbidden for it.
	KindAllForbidden = "all_forbidden"
	// KindHallViolation: a group of units may audit (or be audited by) too
	// few units between them.
	KindHallViolation = "hall_violation"
)

// InfeasibleError says why no assignment satisfies the hard rules. Reason
// is an English sentence for a clerk, naming the units concerned.
type InfeasibleError struct {
	Kind   string
	Reason string
	// Units are the codes of the units concerned, sorted.
	Units []string
}

// Error returns the reason, prefixed so that it reads on its own.
func (e *InfeasibleError) Error() string { return "no assignment is possible: " + e.Reason }

// maxListed is how many units a reason names before it says "and N more";
// InfeasibleError.Units always lists every one.
const maxListed = 12

func (in *instance) infeasible(kind string, units []int32, format string, args ...any) *InfeasibleError {
	codes := make([]string, len(units))
	for i, u := range units {
		codes[i] = in.units[u].Code
	}
	slices.Sort(codes)
	return &InfeasibleError{Kind: kind, Reason: fmt.Sprintf(format, args...), Units: codes}
}

// unitList names units as "24961 (Xã Hiệp An), 24964 (Xã Liên Hiệp) and …".
func (in *instance) unitList(units []int32) string {
	names := make([]string, 0, min(len(units), maxListed))
	for i, u := range units {
		if i == maxListed-1 && len(units) > maxListed {
			names = append(names, fmt.Sprintf("%d more", len(units)-i))
			break
		}
		names = append(names, in.unitName(u))
	}
	return joinAnd(names)
}

func (in *instance) unitName(u int32) string {
	if in.units[u].Name == "" {
		return in.units[u].Code
	}
	return in.units[u].Code + " (" + in.units[u].Name + ")"
}

func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func clusterLabel(name string) string {
	if name == "" {
		return "the cluster of units without a cluster name"
	}
	return fmt.Sprintf("cluster %q", name)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// modeNote reminds the reader of the cluster rule behind a shortage.
func (in *instance) modeNote() string {
	switch in.mode {
	case ClustersWithin:
		return " (audits stay within clusters)"
	case ClustersAcross:
		return " (audits go across clusters)"
	}
	return ""
}

// hallError explains a group of units (local indices) that cannot get their
// K pairs each: as auditors when rev is false, as auditees when it is true.
func (s *state) hallError(rev bool, set []int32) *InfeasibleError {
	partners, capacity := s.partnersOf(rev, set)
	glob := s.globals(set)
	who, others := s.in.unitList(glob), s.in.unitList(s.globals(partners))
	k, need := s.k, s.k*len(set)
	var reason string
	switch {
	case len(partners) == 0: // the prechecks catch this first; kept for safety
		reason = fmt.Sprintf("units %s have no possible partner", who)
	case len(set) == 1 && !rev:
		reason = fmt.Sprintf("unit %s must audit %s but may audit only %s", who, plural(k, "unit", "units"), others)
	case len(set) == 1:
		reason = fmt.Sprintf("unit %s must be audited by %s but only %s may audit it", who, plural(k, "unit", "units"), others)
	case !rev:
		reason = fmt.Sprintf("units %s must carry out %d audits between them (%d each), but %s, which can receive at most %d of these audits",
			who, need, k, onlyPartners(len(partners), "they may audit", others), capacity)
	default:
		reason = fmt.Sprintf("units %s must be audited %d times between them (%d each), but %s, which can carry out at most %d of these audits",
			who, need, k, onlyPartners(len(partners), "that may audit them", others), capacity)
	}
	return s.in.infeasible(KindHallViolation, glob, "%s%s", reason, s.in.modeNote())
}

// onlyPartners says "the only units <clause> are A and B", in the singular
// for one unit.
func onlyPartners(n int, clause, list string) string {
	if n == 1 {
		return "the only unit " + clause + " is " + list
	}
	return "the only units " + clause + " are " + list
}

func (s *state) globals(local []int32) []int32 {
	g := make([]int32, len(local))
	for i, u := range local {
		g[i] = s.glob[u]
	}
	return g
}

// partnersOf returns the units that some unit of set may pair with, and how
// many pairs they can take from the set: Σ min(K, pairs allowed with the
// set). It counts instead of testing every pair, so that it stays linear.
func (s *state) partnersOf(rev bool, set []int32) ([]int32, int) {
	// allowed[v] = |set| - members that v's cluster (or v itself) rules out
	// - members for which v is forbidden.
	blocked := make([]int, s.m)
	inSet := make([]int, s.m)
	bySize := make([]int, len(s.in.clusters))
	for _, u := range set {
		inSet[u]++
		if s.cl != nil {
			bySize[s.cl[u]]++
		}
		for _, g := range s.forbiddenOf(rev, u) {
			if v := s.local(g); v >= 0 && v != u && !s.sameClusterForbidden(u, v) {
				blocked[v]++
			}
		}
	}
	var partners []int32
	capacity := 0
	for v := range int32(s.m) {
		n := len(set) - blocked[v] - inSet[v]
		if s.cl != nil {
			n = len(set) - blocked[v] - bySize[s.cl[v]]
		}
		if n > 0 {
			partners = append(partners, v)
			capacity += min(n, s.k)
		}
	}
	return partners, capacity
}

// forbiddenOf lists the global units u may not audit (rev false) or that
// may not audit u (rev true).
func (s *state) forbiddenOf(rev bool, u int32) []int32 {
	if rev {
		return s.in.forbiddenIn(s.glob[u])
	}
	s.buf = s.in.forbiddenOut(s.glob[u], s.buf)
	return s.buf
}

// allowedCount is the number of units u may audit (rev false) or be audited
// by (rev true).
func (s *state) allowedCount(rev bool, u int32) int {
	n := s.m - 1
	if s.cl != nil {
		n = s.m - s.size[s.cl[u]]
	}
	for _, g := range s.forbiddenOf(rev, u) {
		if v := s.local(g); v >= 0 && v != u && !s.sameClusterForbidden(u, v) {
			n--
		}
	}
	return n
}
