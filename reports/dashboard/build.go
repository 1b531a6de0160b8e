package dashboard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
)

// Filter narrows what the dashboard shows, as on screen and in exports:
// the audited unit and the nonconformity state. The leniency analysis is
// always programme-wide.
type Filter struct {
	Unit   string `json:"unit,omitempty"`
	Status string `json:"status,omitempty"`
}

// AuditStates are the audit states in their order, for progress.
var AuditStates = []string{"planned", "in_progress", "submitted", "issued", "cancelled"}

// ClauseGroups are the heatmap's columns: ISO 9001 clauses 4 to 10 and the
// Vietnamese legal requirements.
var ClauseGroups = []string{"4", "5", "6", "7", "8", "9", "10", "VN"}

// RoundProgress is one round's audits by state.
type RoundProgress struct {
	N       int            `json:"n"`
	Status  string         `json:"status"`
	Total   int            `json:"total"`
	ByState map[string]int `json:"by_state"`
}

// Heatmap counts nonconformities by audited unit and clause group.
type Heatmap struct {
	Clauses []string  `json:"clauses"`
	Rows    []HeatRow `json:"rows"`
	Max     int       `json:"max"`
}

// HeatRow is one unit's line of the heatmap.
type HeatRow struct {
	Unit  string `json:"unit"`
	Cells []int  `json:"cells"`
}

// Corrective follows the nonconformities' corrective actions.
type Corrective struct {
	Total        int      `json:"total"`
	WithPlanDue  int      `json:"with_plan_due"`
	Closed       int      `json:"closed"`
	ClosedOnTime int      `json:"closed_on_time"`
	Overdue      int      `json:"overdue"`
	OnTimeRate   *float64 `json:"on_time_rate"` // closed on time over closed, percent
}

// Summary is one programme's headline figures.
type Summary struct {
	Programme    *ProgrammeRef `json:"programme"`
	Audits       int           `json:"audits_with_results"`
	Units        int           `json:"units_with_results"`
	AverageScore *float64      `json:"average_score"`
	NC           int           `json:"nonconformities"`
	Major        int           `json:"major"`
	NCPerAudit   *float64      `json:"nonconformities_per_audit"`
}

// Change compares the programme with the previous one.
type Change struct {
	Current    Summary  `json:"current"`
	Previous   *Summary `json:"previous"`
	ScoreDelta *float64 `json:"score_delta"`
	NCDelta    *float64 `json:"nonconformities_per_audit_delta"`
}

// UnitFigures are one unit's figures in the programme.
type UnitFigures struct {
	Name    string   `json:"name"`
	Score   *float64 `json:"score"`
	Rank    int      `json:"rank"`
	Change  *float64 `json:"change"`
	AuditID int64    `json:"audit_id,omitempty"`
	NC      int      `json:"nonconformities"`
	Open    int      `json:"open"`
	Overdue int      `json:"overdue"`
	// MergedFrom lists the units whose results are summed into the row
	// after a merger (as in the league table); empty otherwise.
	MergedFrom []string `json:"merged_from,omitempty"`
	// Dossier is the unit's dossier figures for the programme's year
	// (issue 13); has_figures is false when it has none.
	Dossier *DossierRow `json:"dossier_figures"`
}

// Dashboard is the whole view of one programme (GET /api/v1/dashboard).
type Dashboard struct {
	Programme  ProgrammeRef              `json:"programme"`
	Previous   *ProgrammeRef             `json:"previous"`
	Filter     Filter                    `json:"filter"`
	Rounds     []RoundProgress           `json:"rounds"`
	ByGrade    map[string]map[string]int `json:"nonconformities"`
	Others     map[string]int            `json:"other_findings"`
	Heatmap    Heatmap                   `json:"heatmap"`
	Corrective Corrective                `json:"corrective_actions"`
	Overdue    []NC                      `json:"overdue"`
	OverdueAll OverdueAll                `json:"overdue_all"` // every programme's, not only this one's
	LateAudits []audit.LateAudit         `json:"late_audits"`
	Repeats    []NC                      `json:"repeats"`
	Change     Change                    `json:"change"`
	League     []Standing                `json:"league"`
	Units      map[string]*UnitFigures   `json:"units"`
	Leniency   *Leniency                 `json:"leniency"`
	Dossiers   *Dossiers                 `json:"dossier_figures"`
	Names      map[string]string         `json:"-"`
	AllUnits   []string                  `json:"-"` // the programme's units standing now, for the filter
	NCs        []NC                      `json:"-"` // the filtered register, for exports
	Results    []Result                  `json:"-"` // the programme's audits, filtered, for exports
}

// HasData reports whether any audit of the programme has results yet.
func (d *Dashboard) HasData() bool { return d.Change.Current.Audits > 0 }

// Build computes the dashboard from the data, narrowed by the filter.
// After a merger the units are those standing now: a successor's figures
// sum those of the units merged into it, round by round, and are marked
// with their names; the register and the leniency analysis keep every
// record under the unit it was made for.
func Build(d *Data, f Filter) *Dashboard {
	out := &Dashboard{Programme: d.Programme, Previous: d.Previous, Filter: f, Names: d.Names, Others: d.Others,
		ByGrade: map[string]map[string]int{}, Units: map[string]*UnitFigures{}}
	su := newSuccession(d.Lineage, f)
	mineUnit := func(code string) bool { return f.Unit == "" || su.key(code) == f.Unit }
	out.AllUnits = newSuccession(d.Lineage, Filter{}).units(d.Units) // the units standing now, for the filter
	units := su.units(d.Units)
	if f.Unit != "" {
		units = slices.DeleteFunc(units, func(u string) bool { return u != f.Unit }) // none for a unit outside the programme
	}
	var mine []Result
	for _, r := range d.History {
		if r.ProgrammeID == d.Programme.ID && mineUnit(r.Auditee) {
			mine = append(mine, r)
		}
	}
	out.Results = mine
	out.Rounds = progress(d.Rounds, mine)
	for _, n := range d.NCs {
		if mineUnit(n.Auditee) && (f.Status == "" || n.Status == f.Status) {
			out.NCs = append(out.NCs, n)
		}
	}
	for _, n := range out.NCs {
		if out.ByGrade[n.Grade] == nil {
			out.ByGrade[n.Grade] = map[string]int{}
		}
		out.ByGrade[n.Grade][n.Status]++
		if n.Overdue {
			out.Overdue = append(out.Overdue, n)
		}
		if n.RepeatOf != nil {
			out.Repeats = append(out.Repeats, n)
		}
	}
	out.LateAudits = []audit.LateAudit{}
	for _, l := range d.Late {
		if f.Unit == "" || su.key(l.Auditee) == f.Unit || su.key(l.Auditor) == f.Unit {
			out.LateAudits = append(out.LateAudits, l)
		}
	}
	out.OverdueAll = overdueAll(d.OverdueAll, f, su.key)
	history := su.history(d.History)
	out.Heatmap = heatmap(units, out.NCs, su.key)
	out.Corrective = corrective(out.NCs)
	out.Change = change(d, history, f)
	out.League = League(units, d.Programme.ID, history)
	out.Dossiers = dossiers(d.Figures, units, su.family, d.Programme.Year, d.Target)
	out.unitFigures(su.key)
	out.Leniency = Analyse(DefaultConfig, observations(d.History), d.Items)
	flagLeague(out.League, d.History, out.Leniency)
	return out
}

// unitFigures fills the per-unit figures from the league table, the
// dossier figures and the register; key maps a nonconformity's unit to the
// row standing for it.
func (d *Dashboard) unitFigures(key func(string) string) {
	for _, st := range d.League {
		d.Units[st.Unit] = &UnitFigures{Name: d.Names[st.Unit], Score: st.Score, Rank: st.Rank, Change: st.Change, AuditID: st.AuditID,
			MergedFrom: st.MergedFrom}
	}
	for i := range d.Dossiers.Units {
		if u := d.Units[d.Dossiers.Units[i].Unit]; u != nil {
			u.Dossier = &d.Dossiers.Units[i]
		}
	}
	for _, n := range d.NCs {
		if u := d.Units[key(n.Auditee)]; u != nil {
			u.NC++
			if !n.Closed() {
				u.Open++
			}
			if n.Overdue {
				u.Overdue++
			}
		}
	}
}

func progress(rounds []RoundRef, results []Result) []RoundProgress {
	out := make([]RoundProgress, 0, len(rounds))
	for _, r := range rounds {
		rp := RoundProgress{N: r.N, Status: r.Status, ByState: map[string]int{}}
		for _, a := range results {
			if a.Round == r.N {
				rp.ByState[a.Status]++
				rp.Total++
			}
		}
		out = append(out, rp)
	}
	return out
}

// clauseGroup is the heatmap column of a clause: "8.5.1" → "8".
func clauseGroup(clause string) string {
	g, _, _ := strings.Cut(clause, ".")
	if !slices.Contains(ClauseGroups, g) {
		return "VN"
	}
	return g
}

// heatmap counts the nonconformities by unit (key maps the unit recorded
// to the row standing for it) and clause group.
func heatmap(units []string, ncs []NC, key func(string) string) Heatmap {
	h := Heatmap{Clauses: ClauseGroups}
	row := map[string]int{}
	for i, u := range units {
		h.Rows = append(h.Rows, HeatRow{Unit: u, Cells: make([]int, len(ClauseGroups))})
		row[u] = i
	}
	for _, n := range ncs {
		i, ok := row[key(n.Auditee)]
		if !ok {
			continue
		}
		j := slices.Index(ClauseGroups, clauseGroup(n.Clause))
		h.Rows[i].Cells[j]++
		h.Max = max(h.Max, h.Rows[i].Cells[j])
	}
	return h
}

func corrective(ncs []NC) Corrective {
	c := Corrective{Total: len(ncs)}
	for _, n := range ncs {
		if n.PlanDue != nil {
			c.WithPlanDue++
		}
		if n.Closed() {
			c.Closed++
		}
		if n.ClosedOnTime() {
			c.ClosedOnTime++
		}
		if n.Overdue {
			c.Overdue++
		}
	}
	if c.Closed > 0 {
		r := 100 * float64(c.ClosedOnTime) / float64(c.Closed)
		c.OnTimeRate = &r
	}
	return c
}

// summary sums up a programme's results for the unit filter; history's
// audited units are those standing now.
func summary(p *ProgrammeRef, history []Result, f Filter) Summary {
	s := Summary{Programme: p}
	units := map[string]bool{}
	var total float64
	for _, r := range history {
		if r.ProgrammeID != p.ID || !r.HasResult() || (f.Unit != "" && r.Auditee != f.Unit) {
			continue
		}
		sc, ok := r.Counts.Score()
		if !ok {
			continue
		}
		s.Audits++
		units[r.Auditee] = true
		total += sc
		s.NC += r.Counts.NC()
		s.Major += r.Counts.Major
	}
	s.Units = len(units)
	if s.Audits > 0 {
		avg, per := total/float64(s.Audits), float64(s.NC)/float64(s.Audits)
		s.AverageScore, s.NCPerAudit = &avg, &per
	}
	return s
}

func change(d *Data, history []Result, f Filter) Change {
	c := Change{Current: summary(&d.Programme, history, f)}
	if d.Previous == nil {
		return c
	}
	prev := summary(d.Previous, history, f)
	c.Previous = &prev
	if c.Current.AverageScore != nil && prev.AverageScore != nil {
		v := *c.Current.AverageScore - *prev.AverageScore
		c.ScoreDelta = &v
	}
	if c.Current.NCPerAudit != nil && prev.NCPerAudit != nil {
		v := *c.Current.NCPerAudit - *prev.NCPerAudit
		c.NCDelta = &v
	}
	return c
}

// observations are the audits with results, as the leniency analysis
// takes them.
func observations(history []Result) []Obs {
	var out []Obs
	for _, r := range history {
		if !r.HasResult() || r.Counts.Applicable() == 0 {
			continue
		}
		out = append(out, Obs{AuditID: r.AuditID, Round: fmt.Sprintf("%d · %d", r.Year, r.Round), Auditor: r.Auditor, Auditee: r.Auditee,
			Applicable: r.Counts.Applicable(), NC: r.Counts.NC()})
	}
	return out
}

// isNCStatus reports whether s is a nonconformity workflow state.
func isNCStatus(s string) bool { return slices.Contains(findings.NCStates, s) }

// flagLeague marks the league rows whose result came from an audit the
// fairness analysis flags (by the audit behind the score, as recorded).
func flagLeague(league []Standing, history []Result, l *Leniency) {
	byID := make(map[int64]Result, len(history))
	for _, r := range history {
		byID[r.AuditID] = r
	}
	for i := range league {
		league[i].Flags = []string{}
		if r, ok := byID[league[i].AuditID]; ok && l.FlaggedAudit(r.Auditor, r.recorded()) {
			league[i].Flags = append(league[i].Flags, FlagLenientAuditor)
		}
	}
}
