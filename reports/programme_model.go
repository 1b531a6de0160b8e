package reports

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
)

// ProgrammeReport is the programme summary for the reform office: one row
// per audit with the units named in full, the nonconformities by clause,
// and the corrective actions' state with the overdue ones.
type ProgrammeReport struct {
	Owner     Owner
	Name      string
	Year      int
	Status    string
	Checklist string
	Date      time.Time
	Rows      []UnitRow
	// Sections are the top-level clauses that have a nonconformity, in
	// the standard's order, the columns of the clause-by-unit table.
	Sections []string
	ByState  []StateCount
	Overdue  []findings.Finding
	Totals   Score
}

// UnitRow is one audit of the programme.
type UnitRow struct {
	AuditID      int64
	Round        int
	Auditee      Unit
	Auditor      Unit
	Status       string
	ByResult     map[checklist.Result]int
	Score        Score
	HasScore     bool
	NCsBySection map[string]int
}

// StateCount is how many nonconformities are in one workflow state.
type StateCount struct {
	State string
	N     int
}

// ProgrammeInput is what BuildProgrammeReport reads.
type ProgrammeInput struct {
	Programme *audit.Programme
	Owner     Owner
	Results   []findings.AuditResult
	// Findings are the programme's nonconformities (the register).
	Findings []findings.Finding
	Today    time.Time
}

// BuildProgrammeReport makes the summary's view model.
func BuildProgrammeReport(in ProgrammeInput) *ProgrammeReport {
	p := in.Programme
	r := &ProgrammeReport{Owner: in.Owner, Name: p.Name, Year: p.Year, Status: p.Status, Date: in.Today,
		Checklist: strings.TrimSpace(p.ChecklistName) + " — v" + itoa(p.ChecklistVersion)}
	r.Totals.ByResult = map[checklist.Result]int{}
	ncs := map[int64]map[string]int{}
	sections := map[string]bool{}
	states := map[string]int{}
	for _, f := range in.Findings {
		if !f.IsNonconformity() {
			continue
		}
		sec, _, _ := strings.Cut(f.Clause, ".")
		if ncs[f.AuditID] == nil {
			ncs[f.AuditID] = map[string]int{}
		}
		ncs[f.AuditID][sec]++
		sections[sec] = true
		states[f.Status]++
		if f.Overdue {
			r.Overdue = append(r.Overdue, f)
		}
	}
	for _, a := range in.Results {
		row := UnitRow{AuditID: a.AuditID, Round: a.Round, Auditee: Unit{a.AuditeeUnit, a.AuditeeName}, Auditor: Unit{a.AuditorUnit, a.AuditorName},
			Status: a.Status, ByResult: map[checklist.Result]int{}, NCsBySection: ncs[a.AuditID]}
		for res, n := range a.ByResult {
			row.ByResult[checklist.Result(res)] = n
		}
		row.Score = scoreOf(row.ByResult)
		row.HasScore = (a.Status == audit.StatusSubmitted || a.Status == audit.StatusIssued) && row.Score.Applicable > 0
		if row.HasScore {
			for res, n := range row.ByResult {
				r.Totals.ByResult[res] += n
			}
		}
		r.Rows = append(r.Rows, row)
	}
	r.Totals = scoreOf(r.Totals.ByResult)
	for s := range sections {
		r.Sections = append(r.Sections, s)
	}
	slices.SortFunc(r.Sections, compareSection)
	for _, s := range findings.NCStates {
		if states[s] > 0 {
			r.ByState = append(r.ByState, StateCount{s, states[s]})
		}
	}
	return r
}

// scoreOf computes the score (DOMAIN.md) of counts by result.
func scoreOf(by map[checklist.Result]int) Score {
	s := Score{ByResult: by}
	for res, n := range by {
		if res == checklist.NA {
			continue
		}
		s.Applicable += n
		if !conduct.IsNonconformity(res) {
			s.Favourable += n
		}
	}
	if s.Applicable > 0 {
		s.Percent = float64(s.Favourable) * 100 / float64(s.Applicable)
	}
	return s
}

// compareSection orders clause sections numerically, VN last.
func compareSection(a, b string) int {
	na, ea := atoiOK(a)
	nb, eb := atoiOK(b)
	switch {
	case ea && eb:
		return na - nb
	case ea:
		return -1
	case eb:
		return 1
	}
	return strings.Compare(a, b)
}

// ProgrammeLoader reads a programme for its summary.
type ProgrammeLoader struct {
	Findings *findings.Store
}

// Input reads the programme, its audits' results and its register.
// Returns apperr.NotFound.
func (l *ProgrammeLoader) Input(ctx context.Context, id int64) (ProgrammeInput, error) {
	p, err := l.Findings.Audits.Programme(ctx, id)
	if err != nil {
		return ProgrammeInput{}, err
	}
	in := ProgrammeInput{Programme: p, Today: l.Findings.DB.Now()}
	if in.Results, err = l.Findings.ProgrammeResults(ctx, id); err != nil {
		return in, err
	}
	if in.Findings, err = l.Findings.Findings(ctx, findings.FindingFilter{ProgrammeID: id, NonconformitiesOnly: true}); err != nil {
		return in, err
	}
	in.Owner, err = l.owner(ctx, id)
	return in, err
}

func (l *ProgrammeLoader) owner(ctx context.Context, programmeID int64) (Owner, error) {
	src, err := l.Findings.ProgrammeOwner(ctx, programmeID)
	return ownerOf(src), err
}
