package assign

import "fmt"

// Unit is one organisational unit (a commune, ward or town) of a round.
type Unit struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Cluster string `json:"cluster"`
}

// Pair is one audit: Auditor audits Auditee. Units are named by code.
type Pair struct {
	Auditor string `json:"auditor"`
	Auditee string `json:"auditee"`
}

// HistoryPair is a pair of an earlier round; a higher Round is more recent.
type HistoryPair struct {
	Round int `json:"round"`
	Pair
}

// ClusterMode says how clusters constrain the pairs of a round.
type ClusterMode string

// The cluster modes. The zero value "" means ClustersAny.
const (
	// ClustersAny ignores clusters.
	ClustersAny ClusterMode = "any"
	// ClustersWithin keeps every pair inside one cluster.
	ClustersWithin ClusterMode = "within"
	// ClustersAcross keeps every pair between two different clusters.
	ClustersAcross ClusterMode = "across"
)

// ParseClusterMode turns "any", "within" or "across" into a ClusterMode; the
// empty string means ClustersAny.
func ParseClusterMode(s string) (ClusterMode, error) {
	switch m := ClusterMode(s); m {
	case "", ClustersAny:
		return ClustersAny, nil
	case ClustersWithin, ClustersAcross:
		return m, nil
	}
	return "", fmt.Errorf("assign: unknown cluster mode %q (want any, within or across)", s)
}

// Problem is everything Solve needs. History and Forbidden may name units
// that are not in Units (merged or renamed units): such pairs are ignored.
type Problem struct {
	Units     []Unit
	History   []HistoryPair
	Forbidden []Pair
	// Flagged are pairs to avoid after every other soft rule: audits the
	// fairness analysis flags as lenient, which the office would rather not
	// see repeated.
	Flagged []Pair
	// PerUnit is K: every unit audits K units and is audited by K.
	PerUnit int
	// Seed makes the choice among equally good assignments reproducible.
	Seed     uint64
	Clusters ClusterMode
}

// Result is an assignment and how good it is.
type Result struct {
	// Pairs are sorted by auditor, then auditee.
	Pairs []Pair `json:"pairs"`
	Stats Stats  `json:"stats"`
}

// Methods reported in Stats.Method.
const (
	// MethodExact: every component was solved by the exact search.
	MethodExact = "exact"
	// MethodHeuristic: some component was too large for the exact search.
	MethodHeuristic = "heuristic"
)

// Stats counts what remains of the soft rules in a Result.
type Stats struct {
	Units    int         `json:"units"`
	PerUnit  int         `json:"per_unit"`
	Clusters ClusterMode `json:"clusters"`
	Seed     uint64      `json:"seed"`
	// Reciprocal counts pairs of units that audit each other.
	Reciprocal int `json:"reciprocal"`
	// Repeats has one entry per earlier round, most recent first.
	Repeats []RoundCount `json:"repeats"`
	// Reversals counts pairs B→A where A→B was in the most recent round.
	Reversals int `json:"reversals"`
	// Flagged counts the flagged pairs kept (Problem.Flagged).
	Flagged int    `json:"flagged"`
	Method  string `json:"method"`
	// Optimal is true when no better assignment exists under the soft
	// rules' order (proven by the exact search or by reaching a lower bound).
	Optimal bool `json:"optimal"`
}

// RoundCount is the number of pairs repeated from one earlier round.
type RoundCount struct {
	Round int `json:"round"`
	Count int `json:"count"`
}
