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
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/reports/dashboard"
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
	// NCs counts the nonconformities (minor and major) of the audits that
	// count, submitted or issued: the sum of the rows' NC, the figure the
	// dashboard gives.
	NCs int
	// Conclusions are the office's conclusions and recommendations; when
	// it wrote none, Suggested is true and Draft holds the paragraphs
	// computed from the figures, to be translated.
	Conclusions string
	Suggested   bool
	Draft       []apperr.Msg
	// Previous compares with the previous programme of the same organiser;
	// nil when there is none.
	Previous *ProgrammeComparison
	// Fairness is the dashboard's leniency analysis; nil when it was not
	// computed.
	Fairness *Fairness
	// SignerKind is the profile's kind of document whose signer signs the
	// summary; Recipients are the catalogue keys of "Nơi nhận".
	SignerKind string
	Recipients []string
}

// UnitRow is one audit of the programme.
type UnitRow struct {
	AuditID  int64
	Round    int
	Auditee  Unit
	Auditor  Unit
	Status   string
	ByResult map[checklist.Result]int
	Score    Score
	HasScore bool
	// Counted says whether the audit's findings count: submitted or
	// issued. The others print no figures.
	Counted      bool
	NC           int
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
	// Conclusions are the office's stored conclusions ("" for none).
	Conclusions string
	// Dashboard is the programme's dashboard, Previous that of the
	// previous programme of the same organiser; nil when not loaded or
	// there is none.
	Dashboard, Previous *dashboard.Dashboard
}

// BuildProgrammeReport makes the summary's view model.
func BuildProgrammeReport(in ProgrammeInput) *ProgrammeReport {
	p := in.Programme
	r := &ProgrammeReport{Owner: in.Owner, Name: p.Name, Year: p.Year, Status: p.Status, Date: in.Today,
		Checklist: strings.TrimSpace(p.ChecklistName) + " — v" + itoa(p.ChecklistVersion), SignerKind: programmeSignerKind,
		Recipients: []string{"report.programme.to_units", "report.programme.to_leaders", "rounddocs.to_archive"}}
	r.Totals.ByResult = map[checklist.Result]int{}
	counted := map[int64]bool{}
	for _, a := range in.Results {
		counted[a.AuditID] = countsResults(a.Status)
	}
	ncs := map[int64]map[string]int{}
	sections := map[string]bool{}
	states := map[string]int{}
	for _, f := range in.Findings {
		if !f.IsNonconformity() || !counted[f.AuditID] {
			continue // a draft audit's findings are not results yet
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
			Status: a.Status, ByResult: map[checklist.Result]int{}, NCsBySection: ncs[a.AuditID], Counted: counted[a.AuditID]}
		if row.Counted { // an audit in progress has answers, not results
			for res, n := range a.ByResult {
				row.ByResult[checklist.Result(res)] = n
			}
		}
		row.Score = scoreOf(row.ByResult)
		row.HasScore = row.Counted && row.Score.Applicable > 0
		row.NC = row.ByResult[checklist.Minor] + row.ByResult[checklist.Major]
		for res, n := range row.ByResult {
			r.Totals.ByResult[res] += n
		}
		r.NCs += row.NC
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
	r.Previous = compare(in.Dashboard, in.Previous)
	r.Fairness = fairness(in.Dashboard)
	r.Conclusions = strings.TrimSpace(in.Conclusions)
	if r.Conclusions == "" {
		r.Suggested, r.Draft = true, SuggestConclusions(r)
	}
	return r
}

// programmeSignerKind is the profile's kind of document the summary is.
const programmeSignerKind = "programme_report"

// countsResults reports whether an audit in status counts in the figures:
// once its report is submitted, as on the dashboard.
func countsResults(status string) bool {
	return status == audit.StatusSubmitted || status == audit.StatusIssued
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
	s.Percent, _ = checklist.ScorePercent(s.Favourable, s.Applicable, by[checklist.Major])
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
	// Dashboard reads the figures the summary shares with the dashboard;
	// nil leaves out the comparison and the fairness flags.
	Dashboard *dashboard.Store
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
	if in.Owner, err = l.owner(ctx, id); err != nil {
		return in, err
	}
	c, err := l.Findings.Audits.Conclusions(ctx, id)
	if err != nil {
		return in, err
	}
	in.Conclusions = c.Text
	in.Dashboard, in.Previous, err = l.dashboards(ctx, id)
	return in, err
}

// dashboards builds the programme's dashboard and the previous
// programme's, unfiltered.
func (l *ProgrammeLoader) dashboards(ctx context.Context, id int64) (cur, prev *dashboard.Dashboard, err error) {
	if l.Dashboard == nil {
		return nil, nil, nil
	}
	d, err := l.Dashboard.Load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	cur = dashboard.Build(d, dashboard.Filter{})
	if d.Previous == nil {
		return cur, nil, nil
	}
	pd, err := l.Dashboard.Load(ctx, d.Previous.ID)
	if err != nil {
		return nil, nil, err
	}
	return cur, dashboard.Build(pd, dashboard.Filter{}), nil
}

func (l *ProgrammeLoader) owner(ctx context.Context, programmeID int64) (Owner, error) {
	src, err := l.Findings.ProgrammeOwner(ctx, programmeID)
	return ownerOf(src), err
}
