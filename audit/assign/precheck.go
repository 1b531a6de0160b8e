package assign

import (
	"fmt"
	"slices"
)

// The prechecks report the impossibilities that can be told without a
// search, so that the most common mistakes get the plainest explanation.

// degreeCheck finds units with no possible auditee or auditor at all, then
// units with fewer than K.
func (in *instance) degreeCheck(states []*state) error {
	for _, rev := range []bool{false, true} {
		var none []int32
		for _, s := range states {
			for u := range int32(s.m) {
				if s.allowedCount(rev, u) == 0 {
					none = append(none, s.glob[u])
				}
			}
		}
		if len(none) > 0 {
			slices.Sort(none) // components may interleave codes
			return in.allForbidden(rev, none)
		}
	}
	for _, rev := range []bool{false, true} {
		for _, s := range states {
			for u := range int32(s.m) {
				if s.allowedCount(rev, u) < s.k {
					return s.hallError(rev, []int32{u})
				}
			}
		}
	}
	return nil
}

// sizeCheck compares K and the cluster rule with the sizes of the clusters.
// It runs before any per-unit storage is allocated, so a huge K costs
// nothing.
func (in *instance) sizeCheck() error {
	n := len(in.units)
	if n == 0 {
		return nil
	}
	switch in.mode {
	case ClustersWithin:
		return in.withinSizes()
	case ClustersAcross:
		return in.acrossSizes()
	}
	if n == 1 {
		return in.infeasible(KindKTooLarge, []int32{0},
			"there is only one unit, %s, and it cannot audit itself", in.unitName(0))
	}
	if in.k > n-1 {
		return in.infeasible(KindKTooLarge, in.comps[0],
			"each unit must audit %d others, but there are only %d units, so each can audit at most %d: %s",
			in.k, n, n-1, in.unitList(in.comps[0]))
	}
	return nil
}

func (in *instance) withinSizes() error {
	var alone []int32
	var where []string
	for c, units := range in.comps {
		if len(units) == 1 {
			alone = append(alone, units[0])
			where = append(where, fmt.Sprintf("%s in %s", in.unitName(units[0]), clusterLabel(in.clusters[c])))
		}
	}
	switch {
	case len(alone) == 1:
		return in.infeasible(KindSingletonCluster, alone,
			"unit %s is the only unit of %s; audits stay within clusters, so it has no one to audit and no one to audit it",
			in.unitName(alone[0]), clusterLabel(in.clusters[in.compOf[alone[0]]]))
	case len(alone) > 1:
		return in.infeasible(KindSingletonCluster, alone,
			"these units are each alone in their cluster: %s; audits stay within clusters, so they have no one to audit and no one to audit them",
			joinAnd(where))
	}
	for c, units := range in.comps {
		if m := len(units); in.k > m-1 {
			return in.infeasible(KindKTooLarge, units,
				"%s has only %d units, so within it each unit can audit at most %d others, fewer than the %d asked: %s",
				clusterLabel(in.clusters[c]), m, m-1, in.k, in.unitList(units))
		}
	}
	return nil
}

func (in *instance) acrossSizes() error {
	n := len(in.units)
	size := make([]int, len(in.clusters))
	big := 0
	for _, c := range in.cluster {
		if size[c]++; size[c] > size[big] || size[c] == size[big] && int(c) < big {
			big = int(c)
		}
	}
	var members []int32
	for u, c := range in.cluster {
		if int(c) == big {
			members = append(members, int32(u))
		}
	}
	m := size[big]
	switch {
	case m == n:
		return in.infeasible(KindClusterTooLarge, members,
			"every unit is in %s; audits go across clusters, so no unit has anyone to audit: %s",
			clusterLabel(in.clusters[big]), in.unitList(members))
	case m > n-m:
		return in.infeasible(KindClusterTooLarge, members,
			"%s holds %d of the %d units; audits go across clusters, so its units can be audited only by the %s of other clusters, which can carry out at most %d audits while %d are needed: %s",
			clusterLabel(in.clusters[big]), m, n, plural(n-m, "unit", "units"), in.k*(n-m), in.k*m, in.unitList(members))
	case in.k > n-m:
		return in.infeasible(KindKTooLarge, members,
			"%s holds %d of the %d units; audits go across clusters, so each of its units can audit only the %s outside it, fewer than the %d asked: %s",
			clusterLabel(in.clusters[big]), m, n, plural(n-m, "unit", "units"), in.k, in.unitList(members))
	}
	return nil
}

func (in *instance) allForbidden(rev bool, units []int32) error {
	one := len(units) == 1
	switch {
	case !rev && one:
		return in.infeasible(KindAllForbidden, units,
			"unit %s may audit no one: every unit it could audit is forbidden for it%s", in.unitList(units), in.modeNote())
	case !rev:
		return in.infeasible(KindAllForbidden, units,
			"units %s may audit no one: every unit they could audit is forbidden for them%s", in.unitList(units), in.modeNote())
	case one:
		return in.infeasible(KindAllForbidden, units,
			"no unit may audit unit %s: every unit that could audit it is forbidden to%s", in.unitList(units), in.modeNote())
	}
	return in.infeasible(KindAllForbidden, units,
		"no unit may audit units %s: every unit that could audit them is forbidden to%s", in.unitList(units), in.modeNote())
}
