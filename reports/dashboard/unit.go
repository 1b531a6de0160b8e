package dashboard

// UnitPoint is one round in a unit's own view: its score and the
// programme's average in that round, without any other unit's figures.
type UnitPoint struct {
	Year    int      `json:"year"`
	Round   int      `json:"round"`
	AuditID int64    `json:"audit_id"`
	Score   *float64 `json:"score"`
	Average *float64 `json:"average"`
	Counts  Counts   `json:"counts"`
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
}

// UnitData is what a unit's view is computed from.
type UnitData struct {
	Code, Name string
	Names      map[string]string // units' names by code, for the register's auditing units
	History    []Result          // every audit of every programme
	NCs        []NC              // the unit's nonconformities, every programme
}

// BuildUnit computes a unit's own view.
func BuildUnit(d *UnitData) *UnitView {
	v := &UnitView{Code: d.Code, Name: d.Name}
	type agg struct {
		sum   float64
		n     int
		mine  Counts
		audit int64
		year  int
		round int
		seq   int
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
		if r.Auditee == d.Code {
			a.mine = a.mine.Add(r.Counts)
			a.audit = max(a.audit, r.AuditID)
		}
	}
	for _, a := range rounds {
		if a.audit == 0 {
			continue
		}
		avg := a.sum / float64(a.n)
		p := UnitPoint{Year: a.year, Round: a.round, AuditID: a.audit, Average: &avg, Counts: a.mine}
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
