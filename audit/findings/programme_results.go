package findings

import (
	"context"
	"fmt"
)

// AuditResult is one audit of a programme with its results counted, for
// the programme summary: each answer counted under the finding's grade
// when the lead corrected it, else under its result.
type AuditResult struct {
	AuditID     int64
	Round       int
	Status      string
	PlannedDate string
	AuditorUnit string
	AuditorName string
	AuditeeUnit string
	AuditeeName string
	ByResult    map[string]int
}

// ProgrammeResults returns every audit of a programme, by round, then
// audited unit, with its results counted. Cancelled audits are left out.
func (s *Store) ProgrammeResults(ctx context.Context, programmeID int64) ([]AuditResult, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, r.n, a.status, a.planned_date, a_u.code, a_u.name, b_u.code, b_u.name
		FROM audits a JOIN rounds r ON r.id = a.round_id
		JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
		WHERE r.programme_id = ? AND a.status <> 'cancelled' ORDER BY r.n, b_u.name, a.id`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("audit: programme results %d: %w", programmeID, err)
	}
	defer rows.Close()
	var out []AuditResult
	index := map[int64]int{}
	for rows.Next() {
		var a AuditResult
		if err := rows.Scan(&a.AuditID, &a.Round, &a.Status, &a.PlannedDate, &a.AuditorUnit, &a.AuditorName, &a.AuditeeUnit, &a.AuditeeName); err != nil {
			return nil, fmt.Errorf("audit: programme results %d: %w", programmeID, err)
		}
		a.ByResult = map[string]int{}
		index[a.AuditID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts, err := s.DB.R.QueryContext(ctx, `SELECT x.audit_id, COALESCE(f.grade, x.result), COUNT(*)
		FROM answers x JOIN audits a ON a.id = x.audit_id JOIN rounds r ON r.id = a.round_id
		LEFT JOIN findings f ON f.audit_id = x.audit_id AND f.item_code = x.item_code
		WHERE r.programme_id = ? AND x.result <> '' GROUP BY 1, 2`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("audit: programme counts %d: %w", programmeID, err)
	}
	defer counts.Close()
	for counts.Next() {
		var id int64
		var res string
		var n int
		if err := counts.Scan(&id, &res, &n); err != nil {
			return nil, fmt.Errorf("audit: programme counts %d: %w", programmeID, err)
		}
		if i, ok := index[id]; ok {
			out[i].ByResult[res] += n
		}
	}
	return out, counts.Err()
}
