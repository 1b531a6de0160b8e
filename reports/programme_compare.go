package reports

import (
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// ProgrammeComparison sets the programme beside the previous programme of
// the same organiser, overall and unit by unit, with the figures of the
// dashboard.
type ProgrammeComparison struct {
	Name    string
	Year    int
	Overall ComparisonLine
	// Units are the programme's units with a result in either programme,
	// by code.
	Units []ComparisonLine
}

// ComparisonLine is one unit's (or the whole programme's) figures now and
// in the previous programme. A nil score is no result.
type ComparisonLine struct {
	Unit                   Unit
	Score, PrevScore       *float64
	NC, PrevNC             int
	Closed, PrevClosed     int
	OnTime, PrevOnTime     int // closed by the plan's due date
	HasResult, HadPrevious bool
}

// compare builds the comparison of two dashboards; nil without the
// previous one.
func compare(cur, prev *dashboard.Dashboard) *ProgrammeComparison {
	if cur == nil || prev == nil {
		return nil
	}
	c := &ProgrammeComparison{Name: prev.Programme.Name, Year: prev.Programme.Year}
	now, before := cur.Change.Current, prev.Change.Current
	c.Overall = ComparisonLine{Score: now.AverageScore, PrevScore: before.AverageScore, NC: now.NC, PrevNC: before.NC,
		Closed: cur.Corrective.Closed, PrevClosed: prev.Corrective.Closed, OnTime: cur.Corrective.ClosedOnTime,
		PrevOnTime: prev.Corrective.ClosedOnTime, HasResult: now.Audits > 0, HadPrevious: before.Audits > 0}
	nowC, prevC := closings(cur), closings(prev)
	for code, u := range cur.Units {
		p := prev.Units[code]
		if u.Score == nil && (p == nil || p.Score == nil) {
			continue
		}
		l := ComparisonLine{Unit: Unit{code, u.Name}, Score: u.Score, NC: u.NC, Closed: nowC[code][0], OnTime: nowC[code][1], HasResult: u.Score != nil}
		if p != nil && p.Score != nil {
			l.PrevScore, l.PrevNC, l.PrevClosed, l.PrevOnTime, l.HadPrevious = p.Score, p.NC, prevC[code][0], prevC[code][1], true
		}
		c.Units = append(c.Units, l)
	}
	slices.SortFunc(c.Units, func(a, b ComparisonLine) int { return strings.Compare(a.Unit.Code, b.Unit.Code) })
	return c
}

// closings counts, by audited unit as the dashboard's rows name it, the
// closed nonconformities and those closed on time.
func closings(d *dashboard.Dashboard) map[string][2]int {
	out := map[string][2]int{}
	for _, n := range d.NCs {
		if !n.Closed() {
			continue
		}
		c := out[n.Auditee]
		c[0]++
		if n.ClosedOnTime() {
			c[1]++
		}
		out[n.Auditee] = c
	}
	return out
}

// Fairness is what the dashboard's leniency analysis flags: auditing
// units, and pairs auditing each other, that found markedly fewer
// nonconformities than other teams found in the same units.
type Fairness struct {
	Audits, UnitsTested, PairsTested int
	Units                            []FairnessFlag
	Pairs                            []FairnessPair
	// Caveat lists the units whose latest result, the one the league ranks,
	// came from a flagged audit: their rank and improvement are quoted
	// with a caveat.
	Caveat []Unit
}

// FairnessFlag is one auditing unit flagged as lenient: what it found,
// what was expected of the same units, and the ratio of the two.
type FairnessFlag struct {
	Auditor  Unit
	Findings int
	Expected float64
	Index    *float64
}

// FairnessPair is two units flagged for grading each other leniently.
type FairnessPair struct {
	A, B     Unit
	Findings int
	Expected float64
	Index    *float64
}

// fairness copies the flags of the dashboard's analysis; nil without it.
func fairness(d *dashboard.Dashboard) *Fairness {
	if d == nil || d.Leniency == nil {
		return nil
	}
	l := d.Leniency
	f := &Fairness{Audits: l.Audits, UnitsTested: l.UnitsTested, PairsTested: l.PairsTested}
	for _, code := range l.Flagged() {
		u := l.Units[code]
		f.Units = append(f.Units, FairnessFlag{Auditor: Unit{code, d.Names[code]}, Findings: u.Findings, Expected: u.Expected, Index: u.Index})
	}
	for _, p := range l.FlaggedPairs() {
		f.Pairs = append(f.Pairs, FairnessPair{A: Unit{p.A, d.Names[p.A]}, B: Unit{p.B, d.Names[p.B]}, Findings: p.Findings,
			Expected: p.Expected, Index: p.Index})
	}
	for _, st := range d.League {
		if st.Flagged(dashboard.FlagLenientAuditor) {
			f.Caveat = append(f.Caveat, Unit{st.Unit, d.Names[st.Unit]})
		}
	}
	return f
}
