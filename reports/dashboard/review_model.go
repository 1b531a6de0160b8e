package dashboard

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// The states a nonconformity's follow-up is reported in for a management
// review: still open, open past a due date, or closed on time, late, or
// without a due date to judge it by.
const (
	ReviewOpen         = "open"
	ReviewOverdue      = "overdue"
	ReviewClosedOnTime = "closed_on_time"
	ReviewClosedLate   = "closed_late"
	ReviewClosed       = "closed"
)

// ReviewOwner is the issuing body of the pack: the unit itself, which
// prepares it for its own management review — its letterhead ("UBND XÃ TÀ
// HINE"), the place of its date line, its name in running text ("xã Tà
// Hine") and its chairman, who signs.
type ReviewOwner struct {
	Name, ParentName, Place string
	InText, Chairman        string
}

// ActionTally counts a nonconformity's corrective actions: all of them,
// those done, and the earliest due date of those not done ("" for none).
type ActionTally struct {
	Total, Done int
	NextDue     string
}

// ReviewInput is what a unit's management-review pack is built from.
type ReviewInput struct {
	Unit  *UnitData
	Year  int // the review's period
	Owner ReviewOwner
	// Actions are the corrective actions of the unit's nonconformities,
	// by finding id.
	Actions map[int64]ActionTally
	Today   time.Time
	// Leniency is the fairness analysis over every audit with results;
	// nil when none was run (no caveat then).
	Leniency *Leniency
}

// ReviewRound is one round of the unit's results, up to the review's
// period, with the change since the round before.
type ReviewRound struct {
	UnitPoint
	InPeriod bool     `json:"in_period"`
	Change   *float64 `json:"change"`
	// Flags hold FlagLenientAuditor when the round's result came from an
	// audit the fairness analysis flags, as on the league's rows.
	Flags []string `json:"flags"`
}

// ReviewNC is one nonconformity with its follow-up state and actions.
type ReviewNC struct {
	NC
	State   string      `json:"review_state"`
	Actions ActionTally `json:"actions"`
}

// ReviewTally counts the period's nonconformities by grade and follow-up.
type ReviewTally struct {
	Total        int `json:"total"`
	Major        int `json:"major"`
	Minor        int `json:"minor"`
	Open         int `json:"open"`
	Overdue      int `json:"overdue"`
	ClosedOnTime int `json:"closed_on_time"`
	ClosedLate   int `json:"closed_late"`
	ClosedNoDue  int `json:"closed_without_due_date"`
	// OnTimeRate is those closed on time over those closed with a due date,
	// in percent; nil when none was.
	OnTimeRate *float64 `json:"on_time_rate"`
}

// Review is a unit's management-review pack (ISO 9001 §9.3.2) for one
// year: what this system holds of the review's inputs.
type Review struct {
	Code  string      `json:"unit"`
	Name  string      `json:"name"`
	Year  int         `json:"year"`
	Owner ReviewOwner `json:"-"`
	Date  time.Time   `json:"date"`
	// Rounds are every round up to the period, for the trend; Audits
	// counts those in the period.
	Rounds []ReviewRound `json:"rounds"`
	Audits int           `json:"audits"`
	// Score combines the period's audits; Previous the year before's;
	// Trend is their difference in percentage points.
	Score    *float64 `json:"score"`
	Previous *float64 `json:"previous_score"`
	Trend    *float64 `json:"trend"`
	Counts   Counts   `json:"counts"`
	// NCs are the period's nonconformities; Carried those of earlier
	// periods still not closed; Repeats the period's repeat findings.
	NCs     []ReviewNC  `json:"nonconformities"`
	Tally   ReviewTally `json:"tally"`
	Carried []ReviewNC  `json:"carried_over"`
	Repeats []ReviewNC  `json:"repeats"`
	// Dossier sums the period's dossier figures (the unit's and those of
	// units merged into it) with their rates against Target; nil when none
	// is stored. Figures are the stored periods behind it, earliest first.
	Dossier *DossierRow             `json:"dossier"`
	Figures []procedures.FigureView `json:"dossier_periods"`
	Target  float64                 `json:"target"`
	// Flagged are the unit's audits, up to the period, whose result came
	// from an audit flagged as lenient: the figures quoting them carry a
	// caveat (ScoreCaveat, TrendCaveat).
	Flagged []ReviewFlag `json:"flagged_audits"`
}

// HasAudits reports whether the unit had results in the period.
func (r *Review) HasAudits() bool { return r.Audits > 0 }

// BuildReview computes a unit's management-review pack. It is pure: a unit
// without data or a year without audits gives an empty pack, never a
// division by zero.
func BuildReview(in ReviewInput) *Review {
	u := in.Unit
	r := &Review{Code: u.Code, Name: u.Name, Year: in.Year, Owner: in.Owner, Date: in.Today, Target: u.Target}
	view := BuildUnit(u)
	var prevCounts Counts
	var last *float64
	for _, p := range view.Points {
		if p.Year > in.Year {
			continue
		}
		rr := ReviewRound{UnitPoint: p, InPeriod: p.Year == in.Year}
		if p.Score != nil && last != nil {
			c := *p.Score - *last
			rr.Change = &c
		}
		if p.Score != nil {
			last = p.Score
		}
		switch p.Year {
		case in.Year:
			r.Audits++
			r.Counts = r.Counts.Add(p.Counts)
		case in.Year - 1:
			prevCounts = prevCounts.Add(p.Counts)
		}
		r.Rounds = append(r.Rounds, rr)
	}
	if s, ok := r.Counts.Score(); ok {
		r.Score = &s
	}
	if s, ok := prevCounts.Score(); ok {
		r.Previous = &s
	}
	if r.Score != nil && r.Previous != nil {
		t := *r.Score - *r.Previous
		r.Trend = &t
	}
	today := i18n.Day(in.Today)
	for _, n := range u.NCs {
		if n.Year > in.Year {
			continue
		}
		rn := ReviewNC{NC: n, Actions: in.Actions[n.ID]}
		rn.State = reviewState(n, rn.Actions, today)
		if n.Year < in.Year {
			if !n.Closed() {
				r.Carried = append(r.Carried, rn)
			}
			continue
		}
		r.NCs = append(r.NCs, rn)
		r.Tally.add(rn)
		if n.RepeatOf != nil {
			r.Repeats = append(r.Repeats, rn)
		}
	}
	if closed := r.Tally.ClosedOnTime + r.Tally.ClosedLate; closed > 0 {
		rate := 100 * float64(r.Tally.ClosedOnTime) / float64(closed)
		r.Tally.OnTimeRate = &rate
	}
	for _, row := range view.Dossiers {
		if row.Year == in.Year && row.HasFigures {
			r.Dossier = &row
		}
	}
	r.Figures = reviewYearFigures(u.Figures, append([]string{u.Code}, view.Predecessors...), in.Year, u.Target)
	flagReview(r, u, in.Leniency)
	return r
}

// reviewState is a nonconformity's follow-up state: overdue when its plan
// is late or an action is past due while the unit works on the plan.
func reviewState(n NC, a ActionTally, today string) string {
	if n.Closed() {
		switch {
		case n.PlanDue == nil:
			return ReviewClosed
		case n.ClosedOnTime():
			return ReviewClosedOnTime
		}
		return ReviewClosedLate
	}
	f := findings.Finding{PlanDue: n.PlanDue, Status: n.Status}
	if a.NextDue != "" {
		f.ActionDue = &a.NextDue
	}
	if n.Overdue || f.ActionsOverdue(today) {
		return ReviewOverdue
	}
	return ReviewOpen
}

func (t *ReviewTally) add(n ReviewNC) {
	t.Total++
	if n.Grade == "major" {
		t.Major++
	} else {
		t.Minor++
	}
	switch n.State {
	case ReviewOpen:
		t.Open++
	case ReviewOverdue:
		t.Overdue++
	case ReviewClosedOnTime:
		t.ClosedOnTime++
	case ReviewClosedLate:
		t.ClosedLate++
	case ReviewClosed:
		t.ClosedNoDue++
	}
}

// reviewYearFigures keeps the stored figures of the family's periods
// within year: months and quarters (yyyy-mm, yyyy-Qn, both seven long)
// in order, then the whole year (yyyy), by unit.
func reviewYearFigures(all []procedures.Figures, family []string, year int, target float64) []procedures.FigureView {
	y := strconv.Itoa(year)
	var out []procedures.FigureView
	for _, f := range all {
		if slices.Contains(family, f.Unit) && (f.Period == y || strings.HasPrefix(f.Period, y+"-")) {
			out = append(out, f.View(target))
		}
	}
	slices.SortFunc(out, func(a, b procedures.FigureView) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(len(b.Period), len(a.Period)), cmp.Compare(a.Period, b.Period))
	})
	return out
}
