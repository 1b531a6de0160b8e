package assign

import (
	"cmp"
	"slices"
)

// Measure counts, for any set of pairs (a solved round or one changed by
// hand), what Stats reports of the engine's answer: the reciprocal pairs,
// the pairs repeated from each earlier round kept (most recent first, at
// most maxRounds, as the engine keeps them) and the reversals of the most
// recent round. A swap in a preview is measured with it, so that the
// round's figures stay true after every change.
func Measure(pairs []Pair, history []HistoryPair) (reciprocal int, repeats []RoundCount, reversals int) {
	set := make(map[Pair]bool, len(pairs))
	for _, p := range pairs {
		set[p] = true
	}
	for p := range set {
		if p.Auditor < p.Auditee && set[Pair{Auditor: p.Auditee, Auditee: p.Auditor}] {
			reciprocal++
		}
	}
	byRound := map[int]map[Pair]bool{}
	for _, h := range history {
		if h.Auditor == h.Auditee {
			continue
		}
		if byRound[h.Round] == nil {
			byRound[h.Round] = map[Pair]bool{}
		}
		byRound[h.Round][h.Pair] = true
	}
	rounds := make([]int, 0, len(byRound))
	for r := range byRound {
		rounds = append(rounds, r)
	}
	slices.SortFunc(rounds, func(a, b int) int { return cmp.Compare(b, a) })
	if len(rounds) > maxRounds {
		rounds = rounds[:maxRounds]
	}
	repeats = make([]RoundCount, len(rounds))
	for i, r := range rounds {
		repeats[i].Round = r
		for p := range set {
			if byRound[r][p] {
				repeats[i].Count++
			}
		}
	}
	if len(rounds) > 0 {
		for p := range set {
			if byRound[rounds[0]][Pair{Auditor: p.Auditee, Auditee: p.Auditor}] {
				reversals++
			}
		}
	}
	return reciprocal, repeats, reversals
}
