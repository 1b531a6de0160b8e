package training

import (
	"context"
	"slices"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/org"
)

// Store reads the training needs. It has no tables of its own: it reads
// the programmes and the certificate register through the audit package,
// the nonconformities through audit/findings, the dossier figures through
// audit/procedures and the units' succession through internal/org.
type Store struct {
	Findings   *findings.Store   // the nonconformities; its Audits the programmes and certificates
	Procedures *procedures.Store // the dossier figures and their target
	Units      *org.Store        // the units' names and succession
}

// Needs derives the training needs of every unit of a programme. Returns
// apperr.NotFound for an unknown programme.
func (s *Store) Needs(ctx context.Context, programme int64) (*Needs, error) {
	p, err := s.Findings.Audits.Programme(ctx, programme)
	if err != nil {
		return nil, err
	}
	out := &Needs{Programme: ProgrammeRef{ID: p.ID, Name: p.Name, Year: p.Year}}
	f := Facts{Year: p.Year}
	lineage, err := s.Units.Lineage(ctx)
	if err != nil {
		return nil, err
	}
	names, err := s.Units.UnitNames(ctx)
	if err != nil {
		return nil, err
	}
	for _, code := range p.Units {
		f.Units = append(f.Units, Unit{Code: code, Name: names[code], Current: lineage.Current(code)})
	}
	if f.Skills, err = s.counts(ctx, programme, true, func(code string) string { return code }); err != nil {
		return nil, err
	}
	if out.Previous, err = s.previous(ctx, p.Year); err != nil {
		return nil, err
	}
	if out.Previous != nil {
		if f.Earlier, err = s.counts(ctx, out.Previous.ID, false, lineage.Current); err != nil {
			return nil, err
		}
	}
	if f.Figures, err = s.Procedures.Figures(ctx, ""); err != nil {
		return nil, err
	}
	if f.Target, err = s.Procedures.Target(ctx); err != nil {
		return nil, err
	}
	if f.Certificates, err = s.Findings.Audits.ListCertificates(ctx); err != nil {
		return nil, err
	}
	out.Target = f.Target
	out.Items = Build(f)
	return out, nil
}

// previous is the latest programme of a year before year (a deployment
// has one organiser); nil when there is none.
func (s *Store) previous(ctx context.Context, year int) (*ProgrammeRef, error) {
	all, err := s.Findings.Audits.ListProgrammes(ctx) // latest first
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.Year < year {
			return &ProgrammeRef{ID: p.ID, Name: p.Name, Year: p.Year}, nil
		}
	}
	return nil, nil
}

// counts counts a programme's nonconformities by unit and clause, the
// unit's code mapped by key; only those caused by people and skills when
// skills.
func (s *Store) counts(ctx context.Context, programme int64, skills bool, key func(string) string) (map[string]map[string]int, error) {
	ncs, err := s.Findings.Findings(ctx, findings.FindingFilter{ProgrammeID: programme, NonconformitiesOnly: true})
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]int{}
	for _, nc := range ncs {
		if skills && !isSkills(nc) {
			continue
		}
		unit := key(nc.AuditeeUnit)
		if out[unit] == nil {
			out[unit] = map[string]int{}
		}
		out[unit][nc.Clause]++
	}
	return out, nil
}

// isSkills reports whether a nonconformity's root cause is people and
// skills.
func isSkills(nc findings.Finding) bool {
	return nc.CauseCategory != nil && *nc.CauseCategory == findings.CausePeople
}

// DefaultProgramme is the programme the page opens on: the latest with a
// nonconformity caused by people and skills, the findings training is
// planned from (this year's are often not analysed yet), else the latest;
// 0 when there is none.
func (s *Store) DefaultProgramme(ctx context.Context) (int64, error) {
	all, err := s.Findings.Audits.ListProgrammes(ctx) // latest first
	if err != nil || len(all) == 0 {
		return 0, err
	}
	for _, p := range all {
		ncs, err := s.Findings.Findings(ctx, findings.FindingFilter{ProgrammeID: p.ID, NonconformitiesOnly: true})
		if err != nil {
			return 0, err
		}
		if slices.ContainsFunc(ncs, isSkills) {
			return p.ID, nil
		}
	}
	return all[0].ID, nil
}

// UnitProgramme is the latest programme that holds the unit; 0 when none
// does.
func (s *Store) UnitProgramme(ctx context.Context, unit string) (int64, error) {
	all, err := s.Findings.Audits.ListProgrammes(ctx) // latest first
	if err != nil {
		return 0, err
	}
	for _, p := range all {
		full, err := s.Findings.Audits.Programme(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		if slices.Contains(full.Units, unit) {
			return p.ID, nil
		}
	}
	return 0, nil
}
