package assign

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func units(spec ...string) []Unit {
	var us []Unit
	for _, s := range spec {
		code, cluster, _ := strings.Cut(s, "/")
		us = append(us, Unit{Code: code, Name: "Unit " + code, Cluster: cluster})
	}
	return us
}

// forbid lists pairs as "A>B".
func forbid(spec ...string) []Pair {
	var ps []Pair
	for _, s := range spec {
		a, b, _ := strings.Cut(s, ">")
		ps = append(ps, Pair{a, b})
	}
	return ps
}

func TestSolveInfeasible(t *testing.T) {
	tests := []struct {
		name  string
		p     Problem
		kind  string
		units []string
		says  string // a fragment of the reason
	}{
		{"alone in a cluster", Problem{Units: units("A/1", "B/1", "C/2"), PerUnit: 1, Clusters: ClustersWithin},
			KindSingletonCluster, []string{"C"}, `only unit of cluster "2"`},
		{"several alone", Problem{Units: units("A/1", "B/2", "C/3", "D/3"), PerUnit: 1, Clusters: ClustersWithin},
			KindSingletonCluster, []string{"A", "B"}, "each alone in their cluster"},
		{"K above the units", Problem{Units: units("A", "B", "C"), PerUnit: 3},
			KindKTooLarge, []string{"A", "B", "C"}, "only 3 units"},
		{"huge K", Problem{Units: units("A", "B", "C"), PerUnit: 1 << 40},
			KindKTooLarge, []string{"A", "B", "C"}, "only 3 units"},
		{"one unit", Problem{Units: units("A"), PerUnit: 1},
			KindKTooLarge, []string{"A"}, "only one unit"},
		{"K above a cluster", Problem{Units: units("A/1", "B/1", "C/1", "D/2", "E/2", "F/2", "G/2"), PerUnit: 3, Clusters: ClustersWithin},
			KindKTooLarge, []string{"A", "B", "C"}, `cluster "1" has only 3 units`},
		{"cluster over half", Problem{Units: units("A/1", "B/1", "C/1", "D/2", "E/3"), PerUnit: 1, Clusters: ClustersAcross},
			KindClusterTooLarge, []string{"A", "B", "C"}, "holds 3 of the 5 units"},
		{"a single cluster across", Problem{Units: units("A/1", "B/1"), PerUnit: 1, Clusters: ClustersAcross},
			KindClusterTooLarge, []string{"A", "B"}, "every unit is in"},
		{"K above the other clusters", Problem{Units: units("A/1", "B/1", "C/2", "D/2", "E/3", "F/3"), PerUnit: 5, Clusters: ClustersAcross},
			KindKTooLarge, []string{"A", "B"}, "only the 4 units outside it"},
		{"may audit no one", Problem{Units: units("A", "B", "C", "D"), PerUnit: 1, Forbidden: forbid("A>B", "A>C", "A>D")},
			KindAllForbidden, []string{"A"}, "unit A (Unit A) may audit no one"},
		{"may audit no one, in two clusters", Problem{Units: units("A/2", "B/1", "C/1", "D/2", "E/1"), PerUnit: 1,
			Clusters: ClustersWithin, Forbidden: forbid("A>D", "B>C", "B>E")},
			KindAllForbidden, []string{"A", "B"}, "units A (Unit A) and B (Unit B) may audit no one"},
		{"no one may audit", Problem{Units: units("A", "B", "C", "D"), PerUnit: 1, Forbidden: forbid("B>A", "C>A", "D>A")},
			KindAllForbidden, []string{"A"}, "no unit may audit unit A"},
		{"too few auditees", Problem{Units: units("A", "B", "C", "D"), PerUnit: 2, Forbidden: forbid("A>C", "A>D")},
			KindHallViolation, []string{"A"}, "must audit 2 units but may audit only B (Unit B)"},
		{"a group short of auditees", Problem{Units: units("A", "B", "C", "D", "E"), PerUnit: 1,
			Forbidden: forbid("A>B", "A>C", "B>A", "B>C", "C>A", "C>B")},
			KindHallViolation, []string{"A", "B", "C"}, "the only units they may audit are D (Unit D) and E (Unit E), which can receive at most 2"},
		{"a group short of auditors", Problem{Units: units("A", "B", "C", "D", "E"), PerUnit: 1,
			Forbidden: forbid("A>B", "B>A", "C>A", "C>B", "E>A", "E>B")},
			KindHallViolation, []string{"A", "B"}, "must be audited 2 times between them (1 each), but the only unit that may audit them is D (Unit D), which can carry out at most 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Solve(tt.p)
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("err = %v, want an *InfeasibleError", err)
			}
			if got, want := inf.Kind, tt.kind; got != want {
				t.Errorf("kind = %q, want %q (%s)", got, want, inf.Reason)
			}
			if got, want := inf.Units, tt.units; !slices.Equal(got, want) {
				t.Errorf("units = %v, want %v (%s)", got, want, inf.Reason)
			}
			if !strings.Contains(inf.Reason, tt.says) {
				t.Errorf("reason %q does not say %q", inf.Reason, tt.says)
			}
			for _, code := range inf.Units {
				if !strings.Contains(inf.Reason, code) {
					t.Errorf("reason %q does not name unit %s", inf.Reason, code)
				}
			}
			if got, want := err.Error(), "no assignment is possible: "+inf.Reason; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
}

// TestHallExplanationIsValid checks on random infeasible instances that
// the group named breaks Hall's condition: its units need more audits than
// the units they may pair with can take.
func TestHallExplanationIsValid(t *testing.T) {
	found := 0
	for seed := range uint64(300) {
		p := randomProblem(newTestRand(seed), genOptions{units: 6 + int(seed%20), perUnit: 1 + int(seed%3), forbid: 0.55, clusters: 3})
		_, err := Solve(p)
		var inf *InfeasibleError
		if !errors.As(err, &inf) || inf.Kind != KindHallViolation {
			continue
		}
		found++
		asAuditors := !strings.Contains(inf.Reason, "must be audited")
		if got, need := hallCapacity(p, inf.Units, asAuditors), p.PerUnit*len(inf.Units); got >= need {
			t.Fatalf("seed %d: %v can take %d audits, %d needed: no violation (%s)", seed, inf.Units, got, need, inf.Reason)
		}
	}
	if found < 20 {
		t.Errorf("only %d Hall violations among 300 instances", found)
	}
}

// hallCapacity is Σ over the other side of min(K, pairs allowed with set).
func hallCapacity(p Problem, set []string, asAuditors bool) int {
	forbidden := forbiddenSet(p)
	byCode := make(map[string]Unit)
	for _, u := range p.Units {
		byCode[u.Code] = u
	}
	total := 0
	for _, v := range p.Units {
		n := 0
		for _, code := range set {
			a, b := byCode[code], v
			if !asAuditors {
				a, b = v, byCode[code]
			}
			if allowedPair(p, a, b, forbidden) {
				n++
			}
		}
		total += min(n, p.PerUnit)
	}
	return total
}
