// Package assign computes the cross-assignment of one audit round: which
// unit audits which. It is pure Go (standard library only) and knows nothing
// about databases; the only files it knows are the CSV files of the command
// line, read by ReadUnits, ReadHistory and ReadForbidden.
//
// # The problem
//
// Every unit audits exactly K other units and is audited by exactly K
// (a K-regular digraph). Hard rules always hold: no unit audits itself, no
// forbidden pair is used, and the cluster mode keeps pairs inside a cluster
// (ClustersWithin) or between clusters (ClustersAcross). Units whose cluster
// is empty form one cluster, named "", together: under ClustersWithin they
// audit each other, under ClustersAcross they never do. When no assignment
// keeps the hard rules, Solve returns an *InfeasibleError naming the units
// to blame. No units at all give an empty assignment, not an error.
//
// Soft rules are minimised in strict lexicographic order: reciprocal pairs
// (A audits B and B audits A), then pairs repeated from the most recent
// earlier round, then from the round before it and so on, then pairs that
// reverse a pair of the most recent round, and last the flagged pairs
// (Problem.Flagged: audits a fairness analysis found lenient), so that
// avoiding a flagged pair never costs anything earlier in the order. Only
// the 61 most recent rounds are considered (one bit each in a uint64 per
// pair); older rounds do not appear in the result.
//
// # The method
//
// Units are sorted by code, so the order of input rows never matters, and
// split into independent components: one per cluster under ClustersWithin,
// one holding every unit otherwise. Every count of the score adds up over
// components, so optimising each component lexicographically optimises the
// whole. Only forbidden, repeated and reversing pairs are stored (a sorted
// list per auditor); the n² plain pairs never are. In each component:
//
//  1. Obvious impossibilities are reported first, in words: a cluster of one
//     unit, K larger than the units allow, a cluster holding more than half
//     of the units under ClustersAcross, a unit for which every possible
//     auditee (or auditor) is forbidden, or that has fewer than K.
//
//  2. Construction. A seeded random order of the units, in which unit i
//     audits units i+1, …, i+K (cyclic shifts): K-regular, no self-audit, and
//     no reciprocal pair while 2K < m. Under ClustersAcross each of the K
//     layers is a cycle through a fresh layout that puts the clusters, largest
//     first, on the even and then the odd positions, so that neighbours always
//     belong to different clusters.
//
//  3. Repair. Pairs that break a hard rule are left out and the missing
//     audits are restored by augmenting paths in the flow network auditors →
//     auditees (capacity K per unit, 1 per allowed pair). That network is
//     never built: a search walks the complement of the forbidden lists,
//     keeping the not-yet-visited units in per-cluster lists, and costs
//     O(m + forbidden pairs + K·m). Augmenting paths decide the max-flow
//     exactly, so an assignment is found whenever one exists; a search that
//     fails proves that none does (max-flow/min-cut), and the units it
//     reached break Hall's condition: that group is what the error names.
//
//  4. Improvement. Pairs that are reciprocal, repeated or reversed are
//     removed by exchanges (a→b, c→d) → (a→d, c→b), which keep every degree
//     and are accepted only when they strictly improve the score. Only the
//     costly pairs are visited, so large rounds stay close to linear time.
//     Components of up to 5,000 pairs then get an iterated local search
//     (perturb around a costly pair, improve, keep the best), within a
//     budget of tried exchanges proportional to their size; for the small
//     components this gives the exact search a good first bound.
//
//  5. Components of at most 12 units are then solved exactly, by two
//     complementary branch and bounds, starting from the improved
//     assignment.
//
//     The flow search: at each node a minimum-cost flow with lexicographic
//     vector costs gives the best repeats and reversals while ignoring
//     reciprocity; if it holds a reciprocal pair (a, b) that the node has
//     not fixed, the node splits into "no a→b", "a→b but no b→a" and
//     "both". The bound is the pair (a lower bound on reciprocal pairs from
//     the units' degrees, the flow's cost); children reuse their parent's
//     flow, and reduced costs remove pairs that cannot be part of a better
//     assignment. It is fast while the flow is rarely forced into
//     reciprocal pairs (K ≤ 2 always in our runs), and gets a budget of
//     nodes (a few hundredths of a second).
//
//     The row search, when that budget runs out, finishes the proof from
//     the best assignment found. It decides the units one at a time, each
//     unit's pairs with the later units at once (none, auditee, auditor or
//     both ways). Its bound is the star bound: each unit alone picks its K
//     auditees and K auditors among the states its pairs can still take, at
//     the least lexicographic cost, by a small dynamic programme; summed
//     over the units this counts every arc twice, so it is compared with
//     twice the best score. It sees what the flow cannot: a unit that must
//     audit or be audited by one of the few partners it shares a history
//     with. Since the order is lexicographic, the cost part of that bound
//     only holds for assignments with as few reciprocal pairs as the stars
//     have; when a stronger count (reciprocal pairs between units that each
//     need one and cannot all pair up with each other) shows that a better
//     assignment has exactly as many reciprocal pairs as the best one,
//     each unit's star is recomputed with its reciprocal partners capped
//     accordingly, and the costs are bounded on their own. Children are
//     explored best bound first. The row search has no budget: it is
//     exhaustive up to valid bounds, so it always ends with a proven
//     optimum.
//
// Stats.Method is "exact" when every component went through step 5 and
// "heuristic" otherwise. Stats.Optimal says whether optimality is proven:
// by the exact search (always, for components of at most 12 units), or
// because the score reaches a lower bound (no repeats or reversals, and
// only the reciprocal pairs the units' degrees force). The exact step
// takes milliseconds on most small components, but its time grows quickly
// with K and the density of history: on random 12-unit rounds with three
// earlier rounds of K pairs per unit and 10% forbidden pairs, K = 4 takes
// about 20 ms a round and K = 5 about half a second, with one round in ten
// taking up to a minute on a loaded machine (where the star bound, which
// counts each arc half at each end, stays just below the optimum for many
// nodes). Every K is solved, so a component of at most 12 units always
// gets a proven optimum, but not always quickly.
package assign
