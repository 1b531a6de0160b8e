package dashboard

import (
	"cmp"
	"slices"

	"github.com/crossaudit/crossaudit/checklist"
)

// Counts are an audit's answers by result.
type Counts struct {
	Conform     int `json:"conform"`
	Observation int `json:"observation"`
	Improvement int `json:"improvement"`
	Minor       int `json:"minor"`
	Major       int `json:"major"`
	NA          int `json:"na"`
}

// Add adds another audit's counts.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Conform + o.Conform, c.Observation + o.Observation, c.Improvement + o.Improvement, c.Minor + o.Minor, c.Major + o.Major, c.NA + o.NA}
}

// Applicable counts the answered items that are not "na".
func (c Counts) Applicable() int {
	return c.Conform + c.Observation + c.Improvement + c.Minor + c.Major
}

// NC counts the nonconformities, minor and major.
func (c Counts) NC() int { return c.Minor + c.Major }

// Score is the audit's score (DOMAIN.md, checklist.ScorePercent): the
// share of applicable items found conform, an observation or an
// improvement, a major counting as three failed items, as a percentage;
// false when nothing applied.
func (c Counts) Score() (float64, bool) {
	n := c.Applicable()
	return checklist.ScorePercent(n-c.NC(), n, c.Major)
}

// Result is one audit with its round and, once submitted, its counts.
type Result struct {
	AuditID     int64  `json:"audit_id"`
	ProgrammeID int64  `json:"programme_id"`
	Year        int    `json:"year"`
	Round       int    `json:"round"`
	Seq         int    `json:"-"` // the round's place in history, earliest 0
	Status      string `json:"status"`
	Auditor     string `json:"auditor_unit"`
	Auditee     string `json:"auditee_unit"`
	PlannedDate string `json:"planned_date"`
	Counts      Counts `json:"counts"`
	// From is the unit audited as recorded when Auditee is the unit that
	// stands for it after a merger; empty otherwise.
	From string `json:"-"`
}

// recorded is the unit audited as recorded.
func (r Result) recorded() string {
	if r.From != "" {
		return r.From
	}
	return r.Auditee
}

// HasResult reports whether the audit's results count: once submitted.
func (r Result) HasResult() bool { return r.Status == "submitted" || r.Status == "issued" }

// Standing is a unit's place in the league table.
type Standing struct {
	Unit  string   `json:"unit"`
	Score *float64 `json:"score"` // nil: no result in the programme yet
	Rank  int      `json:"rank"`  // 0 without a score; equal scores share a rank
	// Change is the score minus the unit's previous result (an earlier
	// round, of this programme or an earlier one), in percentage points.
	Change *float64 `json:"change"`
	Counts Counts   `json:"counts"`
	// AuditID is the latest audit behind the score, for the drill-down.
	AuditID int64 `json:"audit_id,omitempty"`
	Round   int   `json:"round,omitempty"`
	// MergedFrom lists the units whose audits are summed into the row (its
	// score, or the previous result its change is measured against) when
	// the unit stands for units merged into it (issue 14); empty otherwise.
	MergedFrom []string `json:"merged_from,omitempty"`
	// Flags qualify the score (CONTRACT.md): FlagLenientAuditor when it
	// comes from an audit the fairness analysis flags. Never nil.
	Flags []string `json:"flags"`
}

// FlagLenientAuditor marks a league row whose result came from an audit by
// a unit, or within a pair, that the fairness analysis flags as lenient.
const FlagLenientAuditor = "lenient_auditor"

// Flagged reports whether the row carries flag.
func (s Standing) Flagged(flag string) bool { return slices.Contains(s.Flags, flag) }

// roundScore is a unit's combined score over the audits of one round.
type roundScore struct {
	seq, round int
	counts     Counts
	auditID    int64
	from       []string // the units audited as recorded
}

// League ranks the units of a programme by their latest round's score in
// it. history holds every result up to the programme, earlier programmes
// included, for the change since the previous round.
func League(units []string, programmeID int64, history []Result) []Standing {
	byUnit := map[string][]roundScore{}
	for _, r := range history {
		if !r.HasResult() {
			continue
		}
		rs := byUnit[r.Auditee]
		if n := len(rs); n > 0 && rs[n-1].seq == r.Seq {
			rs[n-1].counts = rs[n-1].counts.Add(r.Counts)
			rs[n-1].auditID = max(rs[n-1].auditID, r.AuditID)
			if !slices.Contains(rs[n-1].from, r.recorded()) {
				rs[n-1].from = append(rs[n-1].from, r.recorded())
			}
		} else {
			rs = append(rs, roundScore{seq: r.Seq, round: r.Round, counts: r.Counts, auditID: r.AuditID, from: []string{r.recorded()}})
		}
		byUnit[r.Auditee] = rs
	}
	inProgramme := map[int]bool{}
	for _, r := range history {
		if r.ProgrammeID == programmeID {
			inProgramme[r.Seq] = true
		}
	}
	out := make([]Standing, 0, len(units))
	for _, u := range units {
		st := Standing{Unit: u}
		rs := byUnit[u]
		for i := len(rs) - 1; i >= 0; i-- {
			if !inProgramme[rs[i].seq] {
				continue
			}
			if s, ok := rs[i].counts.Score(); ok {
				st.Score, st.Counts, st.AuditID, st.Round = &s, rs[i].counts, rs[i].auditID, rs[i].round
				from := rs[i].from
				for j := i - 1; j >= 0; j-- {
					if p, ok := rs[j].counts.Score(); ok {
						d := s - p
						st.Change = &d
						from = append(slices.Clone(from), rs[j].from...)
						break
					}
				}
				st.MergedFrom = mergedFrom(u, from)
			}
			break
		}
		out = append(out, st)
	}
	rank(out)
	return out
}

// rank sorts by score, best first (units without one last, by code), and
// gives equal scores the same rank.
func rank(st []Standing) {
	slices.SortStableFunc(st, func(a, b Standing) int {
		switch {
		case a.Score == nil && b.Score == nil:
			return cmp.Compare(a.Unit, b.Unit)
		case a.Score == nil:
			return 1
		case b.Score == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*b.Score, *a.Score), cmp.Compare(a.Unit, b.Unit))
	})
	for i := range st {
		if st[i].Score == nil {
			continue
		}
		if i > 0 && st[i-1].Score != nil && *st[i-1].Score == *st[i].Score {
			st[i].Rank = st[i-1].Rank
		} else {
			st[i].Rank = i + 1
		}
	}
}
