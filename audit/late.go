package audit

import (
	"context"
	"database/sql"
	"fmt"
)

// LateAudit is an audit still planned or in progress after its planned day
// (CONTRACT.md, the dashboard's late_audits): the office follows it up
// with both units.
type LateAudit struct {
	AuditID     int64  `json:"audit_id"`
	PlannedOn   string `json:"planned_on"`
	Auditor     string `json:"auditor"`
	Auditee     string `json:"auditee"`
	Status      string `json:"status"`
	ProgrammeID int64  `json:"programme_id"`
	Round       int    `json:"round"`
	AuditorName string `json:"auditor_name"`
	AuditeeName string `json:"auditee_name"`
	// DaysLate counts calendar days since the planned day.
	DaysLate int `json:"days_late"`
}

// lateQuerier is what LateAudits needs: the read pool or a transaction.
type lateQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// LateAudits lists the audits still planned or in progress whose planned
// day is before today (yyyy-mm-dd, Hà Nội), oldest first; programmeID 0
// means every programme. A submitted, issued or cancelled audit is never
// late, nor is one planned today.
func LateAudits(ctx context.Context, q lateQuerier, today string, programmeID int64) ([]LateAudit, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.planned_date, a_u.code, b_u.code, a.status, r.programme_id, r.n,
			a_u.name, b_u.name, CAST(julianday(?) - julianday(a.planned_date) AS INTEGER)
		FROM audits a JOIN rounds r ON r.id = a.round_id
		JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
		WHERE a.status IN (?, ?) AND a.planned_date <> '' AND a.planned_date < ? AND (? = 0 OR r.programme_id = ?)
		ORDER BY a.planned_date, a.id`, today, StatusPlanned, StatusInProgress, today, programmeID, programmeID)
	if err != nil {
		return nil, fmt.Errorf("audit: late audits: %w", err)
	}
	defer rows.Close()
	out := []LateAudit{}
	for rows.Next() {
		var l LateAudit
		if err := rows.Scan(&l.AuditID, &l.PlannedOn, &l.Auditor, &l.Auditee, &l.Status, &l.ProgrammeID, &l.Round,
			&l.AuditorName, &l.AuditeeName, &l.DaysLate); err != nil {
			return nil, fmt.Errorf("audit: late audits: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
