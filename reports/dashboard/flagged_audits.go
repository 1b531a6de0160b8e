package dashboard

import (
	"context"

	"github.com/crossaudit/crossaudit/audit"
)

// FlaggedAudits implements audit.FairnessSource: the audits, up to the
// programme (it and every earlier one, as the dashboard analyses them),
// whose result the fairness analysis flags, by a lenient auditing unit
// first, else by a lenient pair. Units are as recorded.
func (s *Store) FlaggedAudits(ctx context.Context, programmeID int64) ([]audit.FlaggedAudit, error) {
	d, err := s.Load(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	obs := observations(d.History)
	l := Analyse(DefaultConfig, obs, d.Items)
	expected := map[int64]float64{}
	for _, p := range l.FlaggedPairs() {
		for _, e := range p.Evidence {
			expected[e.AuditID] = e.Expected
		}
	}
	names, err := s.programmeNames(ctx)
	if err != nil {
		return nil, err
	}
	out := []audit.FlaggedAudit{}
	for _, r := range d.History {
		if !r.HasResult() || r.Counts.Applicable() == 0 || !l.FlaggedAudit(r.Auditor, r.recorded()) {
			continue
		}
		why := audit.FlagPair
		if u := l.Units[r.Auditor]; u != nil && u.Lenient {
			why = audit.FlagAuditor
		}
		out = append(out, audit.FlaggedAudit{AuditID: r.AuditID, ProgrammeID: r.ProgrammeID, Programme: names[r.ProgrammeID], Year: r.Year,
			Round: r.Round, Auditor: r.Auditor, Auditee: r.recorded(), Why: why, Findings: r.Counts.NC(), Expected: expected[r.AuditID]})
	}
	return out, nil
}

// programmeNames are every programme's name by id.
func (s *Store) programmeNames(ctx context.Context) (map[int64]string, error) {
	refs, err := s.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(refs))
	for _, p := range refs {
		out[p.ID] = p.Name
	}
	return out, nil
}

var _ audit.FairnessSource = (*Store)(nil)
