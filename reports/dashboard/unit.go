package dashboard

import (
	"slices"

	"github.com/crossaudit/crossaudit/audit/procedures"
)

// UnitPoint is one round in a unit's own view: its score and the
// programme's average in that round, without any other unit's figures.
type UnitPoint struct {
	Year    int      `json:"year"`
	Round   int      `json:"round"`
	AuditID int64    `json:"audit_id"`
	Score   *float64 `json:"score"`
	Average *float64 `json:"average"`
	Counts  Counts   `json:"counts"`
	// MergedFrom lists the units whose audits of the round are summed into
	// the point when the unit stands for units merged into it (issue 14);
	// empty when the results are the unit's own alone.
	MergedFrom []string `json:"merged_from,omitempty"`
}

// UnitView is an audited unit's own view over time, which is also what its
// management review (ISO 9001 §9.3.2) takes from this system: audit
// results and their trend, nonconformities and corrective actions with
// their status, and actions still open from before the latest programme.
type UnitView struct {
	Code   string      `json:"unit"`
	Name   string      `json:"name"`
	Points []UnitPoint `json:"points"`
	// Trend is the latest score minus the first, in percentage points.
	Trend *float64 `json:"trend"`
	// Current are the nonconformities of the latest programme the unit was
	// audited in; Carried those of earlier programmes still not closed.
	Current []NC `json:"current"`
	Carried []NC `json:"carried_over"`
	Open    int  `json:"open"`
	Overdue int  `json:"overdue"`
	// Predecessors are the units merged into this one, whose records count
	// as its own; Dossiers its dossier figures year by year, the latest
	// first, with Target the rate below which they are flagged.
	Predecessors []string     `json:"predecessors,omitempty"`
	Dossiers     []DossierRow `json:"dossier_figures"`
	Target       float64      `json:"target"`
}

// UnitData is what a unit's view is computed from.
type UnitData struct {
	Code, Name string
	Names      map[string]string // units' names by code, for the register's auditing units
	History    []Result          // every audit of every programme
	NCs        []NC              // the unit's nonconformities (and its predecessors'), every programme
	// Family is the unit and the units merged into it (nil: the unit
	// alone); Figures every unit's dossier figures, Target their target.
	Family  []string
	Figures []procedures.Figures
	Target  float64
}

// BuildUnit computes a unit's own view. A unit that others were merged
// into sees, for each earlier round, the sum of their results.
func BuildUnit(d *UnitData) *UnitView {
	family := d.Family
	if len(family) == 0 {
		family = []string{d.Code}
	}
	v := &UnitView{Code: d.Code, Name: d.Name, Predecessors: family[1:], Target: d.Target,
		Dossiers: unitDossiers(d.Figures, d.Code, family, d.Target)}
	type agg struct {
		sum   float64
		n     int
		mine  Counts
		audit int64
		year  int
		round int
		seq   int
		from  []string
	}
	var rounds []*agg
	bySeq := map[int]*agg{}
	for _, r := range d.History {
		if !r.HasResult() {
			continue
		}
		s, ok := r.Counts.Score()
		if !ok {
			continue
		}
		a := bySeq[r.Seq]
		if a == nil {
			a = &agg{year: r.Year, round: r.Round, seq: r.Seq}
			bySeq[r.Seq] = a
			rounds = append(rounds, a)
		}
		a.sum += s
		a.n++
		if slices.Contains(family, r.Auditee) {
			a.mine = a.mine.Add(r.Counts)
			a.audit = max(a.audit, r.AuditID)
			a.from = append(a.from, r.Auditee)
		}
	}
	for _, a := range rounds {
		if a.audit == 0 {
			continue
		}
		avg := a.sum / float64(a.n)
		p := UnitPoint{Year: a.year, Round: a.round, AuditID: a.audit, Average: &avg, Counts: a.mine, MergedFrom: mergedFrom(d.Code, a.from)}
		if s, ok := a.mine.Score(); ok {
			p.Score = &s
		}
		v.Points = append(v.Points, p)
	}
	if n := len(v.Points); n > 1 && v.Points[0].Score != nil && v.Points[n-1].Score != nil {
		t := *v.Points[n-1].Score - *v.Points[0].Score
		v.Trend = &t
	}
	var latest int64
	for _, n := range d.NCs {
		if n.ProgrammeID > latest {
			latest = n.ProgrammeID
		}
	}
	for _, n := range d.NCs {
		switch {
		case n.ProgrammeID == latest:
			v.Current = append(v.Current, n)
		case !n.Closed():
			v.Carried = append(v.Carried, n)
		default:
			continue
		}
		if !n.Closed() {
			v.Open++
		}
		if n.Overdue {
			v.Overdue++
		}
	}
	return v
}
