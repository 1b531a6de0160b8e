package training

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Store reads the training needs.
type Store struct {
	DB         *db.DB
	Audits     *audit.Store      // the certificate register, the programmes
	Procedures *procedures.Store // the dossier figures and their target
}

// Needs derives the training needs of every unit of a programme. Returns
// apperr.NotFound for an unknown programme.
func (s *Store) Needs(ctx context.Context, programme int64) (*Needs, error) {
	out := &Needs{}
	var owner int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, name, year, owner_id FROM programmes WHERE id = ?`, programme).
		Scan(&out.Programme.ID, &out.Programme.Name, &out.Programme.Year, &owner)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.programme")
	}
	if err != nil {
		return nil, fmt.Errorf("training: programme %d: %w", programme, err)
	}
	f := Facts{Year: out.Programme.Year}
	if f.Units, err = s.units(ctx, programme); err != nil {
		return nil, err
	}
	if f.Skills, err = s.counts(ctx, skillsQuery, programme); err != nil {
		return nil, err
	}
	if out.Previous, err = s.previous(ctx, owner, out.Programme.Year); err != nil {
		return nil, err
	}
	if out.Previous != nil {
		if f.Earlier, err = s.counts(ctx, earlierQuery, out.Previous.ID); err != nil {
			return nil, err
		}
	}
	if f.Figures, err = s.Procedures.Figures(ctx, ""); err != nil {
		return nil, err
	}
	if f.Target, err = s.Procedures.Target(ctx); err != nil {
		return nil, err
	}
	if f.Certificates, err = s.Audits.ListCertificates(ctx); err != nil {
		return nil, err
	}
	out.Target = f.Target
	out.Items = Build(f)
	return out, nil
}

// units lists the programme's units with the unit standing for each now.
func (s *Store) units(ctx context.Context, programme int64) ([]Unit, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.code, u.name, cu.code FROM programme_units pu JOIN units u ON u.id = pu.unit_id
		JOIN unit_successions us ON us.unit_id = u.id JOIN units cu ON cu.id = us.current_id
		WHERE pu.programme_id = ? ORDER BY u.code`, programme)
	if err != nil {
		return nil, fmt.Errorf("training: units of %d: %w", programme, err)
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.Current); err != nil {
			return nil, fmt.Errorf("training: units of %d: %w", programme, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// previous is the organiser's latest programme of a year before year.
func (s *Store) previous(ctx context.Context, owner int64, year int) (*ProgrammeRef, error) {
	var p ProgrammeRef
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, name, year FROM programmes WHERE owner_id = ? AND year < ?
		ORDER BY year DESC, id DESC LIMIT 1`, owner, year).Scan(&p.ID, &p.Name, &p.Year)
	if db.NoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("training: previous programme: %w", err)
	}
	return &p, nil
}

// skillsQuery counts a programme's nonconformities caused by people and
// skills by audited unit and clause.
var skillsQuery = `SELECT u.code, f.clause, COUNT(*) FROM findings f JOIN audits a ON a.id = f.audit_id
	JOIN rounds r ON r.id = a.round_id JOIN units u ON u.id = a.auditee_unit_id
	WHERE r.programme_id = ? AND f.grade IN ('minor', 'major') AND f.cause_category = '` + findings.CausePeople + `'
	GROUP BY u.code, f.clause`

// earlierQuery counts a programme's nonconformities, of any cause, by the
// unit that stands for the audited unit now and clause.
const earlierQuery = `SELECT cu.code, f.clause, COUNT(*) FROM findings f JOIN audits a ON a.id = f.audit_id
	JOIN rounds r ON r.id = a.round_id JOIN unit_successions us ON us.unit_id = a.auditee_unit_id
	JOIN units cu ON cu.id = us.current_id
	WHERE r.programme_id = ? AND f.grade IN ('minor', 'major')
	GROUP BY cu.code, f.clause`

// counts runs a query of (unit, clause, count) rows for a programme.
func (s *Store) counts(ctx context.Context, query string, programme int64) (map[string]map[string]int, error) {
	rows, err := s.DB.R.QueryContext(ctx, query, programme)
	if err != nil {
		return nil, fmt.Errorf("training: counts of %d: %w", programme, err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var unit, clause string
		var n int
		if err := rows.Scan(&unit, &clause, &n); err != nil {
			return nil, fmt.Errorf("training: counts of %d: %w", programme, err)
		}
		if out[unit] == nil {
			out[unit] = map[string]int{}
		}
		out[unit][clause] = n
	}
	return out, rows.Err()
}

// DefaultProgramme is the programme the page opens on: the latest with a
// nonconformity caused by people and skills, the findings training is
// planned from (this year's are often not analysed yet), else the latest;
// 0 when there is none.
func (s *Store) DefaultProgramme(ctx context.Context) (int64, error) {
	var id int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.id FROM programmes p ORDER BY
		EXISTS (SELECT 1 FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
		        WHERE r.programme_id = p.id AND f.cause_category = ?) DESC, p.year DESC, p.id DESC LIMIT 1`, findings.CausePeople).Scan(&id)
	if db.NoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("training: default programme: %w", err)
	}
	return id, nil
}

// UnitProgramme is the latest programme that holds the unit; 0 when none
// does.
func (s *Store) UnitProgramme(ctx context.Context, unit string) (int64, error) {
	var id int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.id FROM programmes p JOIN programme_units pu ON pu.programme_id = p.id
		JOIN units u ON u.id = pu.unit_id WHERE u.code = ? ORDER BY p.year DESC, p.id DESC LIMIT 1`, unit).Scan(&id)
	if db.NoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("training: programme of %s: %w", unit, err)
	}
	return id, nil
}
