package dashboard

import (
	"context"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/internal/org"
)

// ReviewYears lists the years of the programmes, the latest first: the
// periods a management review may cover.
func (s *Store) ReviewYears(ctx context.Context) ([]int, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT DISTINCT year FROM programmes ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("dashboard: review years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("dashboard: review years: %w", err)
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// LoadReview reads what a unit's management-review pack for year needs:
// the unit's own view (LoadUnit, with the units merged into it and the
// dossier figures), its owner, the corrective actions of its
// nonconformities and the fairness analysis its caveats come from.
// Returns apperr.NotFound for an unknown unit.
func (s *Store) LoadReview(ctx context.Context, code string, year int) (ReviewInput, error) {
	u, err := s.LoadUnit(ctx, code)
	if err != nil {
		return ReviewInput{}, err
	}
	in := ReviewInput{Unit: u, Year: year, Today: s.DB.Now()}
	body, err := (&org.Store{DB: s.DB}).UnitByCode(ctx, code)
	if err != nil {
		return in, fmt.Errorf("dashboard: review %s: unit: %w", code, err)
	}
	in.Owner = ReviewOwner{Name: body.Letterhead(), Place: body.DatePlace(), InText: body.InText(), Chairman: body.Chairman}
	if in.Actions, err = s.reviewActions(ctx, u.NCs); err != nil {
		return in, fmt.Errorf("dashboard: review %s: actions: %w", code, err)
	}
	// The fairness analysis over every audit, as the latest programme's
	// dashboard runs it (the item tallies only name rare items, not needed
	// here).
	in.Leniency = Analyse(DefaultConfig, observations(u.History), nil)
	return in, nil
}

// reviewActions tallies the corrective actions of the nonconformities in
// one grouped query.
func (s *Store) reviewActions(ctx context.Context, ncs []NC) (map[int64]ActionTally, error) {
	out := map[int64]ActionTally{}
	if len(ncs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ncs))
	for _, n := range ncs {
		args = append(args, n.ID)
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	rows, err := s.DB.R.QueryContext(ctx, `SELECT finding_id, COUNT(*), COUNT(done_at),
		COALESCE(MIN(CASE WHEN done_at IS NULL THEN due_date END), '')
		FROM nc_actions WHERE finding_id IN (`+in+`) GROUP BY finding_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t ActionTally
		if err := rows.Scan(&id, &t.Total, &t.Done, &t.NextDue); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}
