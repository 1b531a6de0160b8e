package audit

import (
	"encoding/json"
	"slices"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// RoundStats are a round's figures: the engine's, kept true after every
// swap, with what the office reads them by: the rotation window, the
// repeats of each earlier round by programme and round, the flagged pairs
// the round avoided or kept, and what each swap broke.
type RoundStats struct {
	assign.Stats
	// HistoryYears is the rotation window the figures were computed with.
	HistoryYears int `json:"history_years"`
	// RepeatsByRound has one entry per earlier round of the window, most
	// recent first.
	RepeatsByRound []RoundRepeat `json:"repeats_by_round"`
	// FlaggedAvoided and FlaggedKept split the pairs of the audits the
	// fairness analysis flags (between units of the round) by whether the
	// round still holds them.
	FlaggedAvoided []assign.Pair `json:"flagged_avoided"`
	FlaggedKept    []assign.Pair `json:"flagged_kept"`
	// Swaps are the office's swaps, in order, with the rules each broke.
	Swaps []SwapNote `json:"swaps,omitempty"`
}

// RoundRepeat is how many pairs of a round repeat one earlier round.
type RoundRepeat struct {
	ProgrammeID int64         `json:"programme_id"`
	Programme   string        `json:"programme"`
	Year        int           `json:"year"`
	Round       int           `json:"round"`
	Count       int           `json:"count"`
	Pairs       []assign.Pair `json:"pairs"`
}

// SwapNote is one swap: the pairs exchanged, the pairs made and the soft
// rules the swap broke (a hard rule refuses the swap instead).
type SwapNote struct {
	A      assign.Pair   `json:"a"`
	B      assign.Pair   `json:"b"`
	Made   []assign.Pair `json:"made"`
	Broken []RuleBreak   `json:"broken"`
	Reason string        `json:"reason,omitempty"`
}

// Rules a swap may break without being refused.
const (
	BreakReciprocal = "reciprocal"
	BreakRepeat     = "repeat"
	BreakReversal   = "reversal"
	BreakFlagged    = "flagged"
)

// RuleBreak is one soft rule a pair made by a swap breaks; the earlier
// round is named for a repeat or a reversal. Message is filled in the
// reader's language by the API.
type RuleBreak struct {
	Rule        string      `json:"rule"`
	Pair        assign.Pair `json:"pair"`
	AuditorName string      `json:"auditor_name"`
	AuditeeName string      `json:"auditee_name"`
	ProgrammeID int64       `json:"programme_id,omitempty"`
	Programme   string      `json:"programme,omitempty"`
	Year        int         `json:"year,omitempty"`
	Round       int         `json:"round,omitempty"`
	Message     string      `json:"message,omitempty"`
}

// Msg is the break as a sentence of the catalogue.
func (b RuleBreak) Msg() apperr.Msg {
	return apperr.M("rotation.break."+b.Rule, "auditor", label(b.AuditorName, b.Pair.Auditor), "auditee", label(b.AuditeeName, b.Pair.Auditee),
		"programme", b.Programme, "round", b.Round)
}

func label(name, code string) string {
	if name == "" {
		return code
	}
	return name + " (" + code + ")"
}

// storedStats is what the rounds.stats column holds: the figures and the
// spot checks proposed with the preview.
type storedStats struct {
	RoundStats
	SpotChecks []SpotCheck `json:"spot_checks,omitempty"`
}

func decodeStats(s string) (*RoundStats, []SpotCheck) {
	if s == "" || s == "{}" {
		return nil, nil
	}
	var st storedStats
	if json.Unmarshal([]byte(s), &st) != nil {
		return nil, nil
	}
	return &st.RoundStats, st.SpotChecks
}

func encodeStats(st RoundStats, spot []SpotCheck) (string, error) {
	js, err := json.Marshal(storedStats{RoundStats: st, SpotChecks: spot})
	return string(js), err
}

// measure fills the figures of pairs against the round's context: the
// engine's counts (assign.Measure), the repeats per earlier round and the
// flagged pairs kept or avoided (flagged: every flagged pair of the round's
// units, kept or not).
func (rc *roundContext) measure(st *RoundStats, pairs []assign.Pair, flagged []assign.Pair) {
	st.Reciprocal, st.Repeats, st.Reversals = assign.Measure(pairs, rc.history)
	st.HistoryYears = rc.years
	in := make(map[assign.Pair]bool, len(pairs))
	for _, p := range pairs {
		in[p] = true
	}
	byRound := rc.roundPairs()
	st.RepeatsByRound = []RoundRepeat{}
	for i := len(rc.rounds) - 1; i >= 0; i-- {
		h := rc.rounds[i]
		rr := RoundRepeat{ProgrammeID: h.ProgrammeID, Programme: h.Programme, Year: h.Year, Round: h.Round, Pairs: []assign.Pair{}}
		for _, p := range pairs {
			if byRound[h.Index][p] {
				rr.Count++
				rr.Pairs = append(rr.Pairs, p)
			}
		}
		st.RepeatsByRound = append(st.RepeatsByRound, rr)
	}
	st.FlaggedAvoided, st.FlaggedKept = []assign.Pair{}, []assign.Pair{}
	for _, f := range flagged {
		if in[f] {
			st.FlaggedKept = append(st.FlaggedKept, f)
		} else {
			st.FlaggedAvoided = append(st.FlaggedAvoided, f)
		}
	}
	st.Flagged = len(st.FlaggedKept)
}

// roundPairs are the history's pairs by the engine's round number.
func (rc *roundContext) roundPairs() map[int]map[assign.Pair]bool {
	out := map[int]map[assign.Pair]bool{}
	for _, h := range rc.history {
		if out[h.Round] == nil {
			out[h.Round] = map[assign.Pair]bool{}
		}
		out[h.Round][h.Pair] = true
	}
	return out
}

// breaks lists the soft rules the pairs made by a swap break in the
// round after it: a reciprocal pair created, a repeat of each earlier
// round that holds it, a reversal of the most recent round, a flagged pair.
func (rc *roundContext) breaks(made, after, flagged []assign.Pair) []RuleBreak {
	names := map[string]string{}
	for _, u := range rc.units {
		names[u.Code] = u.Name
	}
	byRound := rc.roundPairs()
	out := []RuleBreak{}
	for _, p := range made {
		b := RuleBreak{Pair: p, AuditorName: names[p.Auditor], AuditeeName: names[p.Auditee]}
		rev := assign.Pair{Auditor: p.Auditee, Auditee: p.Auditor}
		if slices.Contains(after, rev) {
			b.Rule = BreakReciprocal
			out = append(out, b)
		}
		for i := len(rc.rounds) - 1; i >= 0; i-- {
			h := rc.rounds[i]
			if byRound[h.Index][p] {
				out = append(out, b.in(BreakRepeat, h))
			}
		}
		if n := len(rc.rounds); n > 0 && byRound[rc.rounds[n-1].Index][rev] {
			out = append(out, b.in(BreakReversal, rc.rounds[n-1]))
		}
		if slices.Contains(flagged, p) {
			b.Rule = BreakFlagged
			out = append(out, b)
		}
	}
	return out
}

// in names the earlier round a break refers to.
func (b RuleBreak) in(rule string, h historyRound) RuleBreak {
	b.Rule, b.ProgrammeID, b.Programme, b.Year, b.Round = rule, h.ProgrammeID, h.Programme, h.Year, h.Round
	return b
}
