package conduct

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

const accessQuery = `SELECT a.status, a.checklist_version_id, a_u.code, b_u.code, COALESCE(t.user_id, 0), COALESCE(t.role, '')
	FROM audits a JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
	LEFT JOIN audit_team t ON t.audit_id = a.id WHERE a.id = ?`

// Access returns what the access rules need of an audit, in one query: its state, units, checklist version and team (user ids and roles,
// without names). The saves use it; pages and views use Plan. Returns
// apperr.NotFound.
func (c *Store) Access(ctx context.Context, id int64) (*audit.Audit, error) {
	rows, err := c.DB.R.QueryContext(ctx, accessQuery, id)
	if err != nil {
		return nil, fmt.Errorf("audit: access %d: %w", id, err)
	}
	defer rows.Close()
	p := &audit.Audit{Team: []audit.TeamMember{}}
	p.ID = id
	found := false
	for rows.Next() {
		var m audit.TeamMember
		if err := rows.Scan(&p.Status, &p.ChecklistVersionID, &p.AuditorUnit, &p.AuditeeUnit, &m.UserID, &m.Role); err != nil {
			return nil, fmt.Errorf("audit: access %d: %w", id, err)
		}
		found = true
		if m.UserID != 0 {
			p.Team = append(p.Team, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	return p, nil
}
