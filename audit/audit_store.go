package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Audit states (CONTRACT.md): planned → in_progress (first answer) →
// submitted → issued; planned → cancelled.
const (
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusSubmitted  = "submitted"
	StatusIssued     = "issued"
	StatusCancelled  = "cancelled"
)

// AuditFilter narrows ListAudits. The visibility fields restrict the list to
// what a caller may see.
type AuditFilter struct {
	ProgrammeID int64
	Unit        string // either side
	Status      string
	// Visibility: when TeamUserID or AuditeeUnit is set, only audits with
	// that team member or that audited unit.
	TeamUserID  int64
	AuditeeUnit string
}

// ListAudits returns audits ordered by planned date.
func (s *Store) ListAudits(ctx context.Context, f AuditFilter) ([]AuditSummary, error) {
	where := []string{"1=1"}
	var args []any
	add := func(cond string, vs ...any) { where = append(where, cond); args = append(args, vs...) }
	if f.ProgrammeID != 0 {
		add("r.programme_id = ?", f.ProgrammeID)
	}
	if f.Unit != "" {
		add("(a_u.code = ? OR b_u.code = ?)", f.Unit, f.Unit)
	}
	if f.Status != "" {
		add("a.status = ?", f.Status)
	}
	switch {
	case f.TeamUserID != 0 && f.AuditeeUnit != "":
		add("(EXISTS (SELECT 1 FROM audit_team t WHERE t.audit_id = a.id AND t.user_id = ?) OR "+InUnitFamily("b_u")+")", f.TeamUserID, f.AuditeeUnit, f.AuditeeUnit)
	case f.TeamUserID != 0:
		add("EXISTS (SELECT 1 FROM audit_team t WHERE t.audit_id = a.id AND t.user_id = ?)", f.TeamUserID)
	case f.AuditeeUnit != "":
		add(InUnitFamily("b_u"), f.AuditeeUnit, f.AuditeeUnit)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, a.status, a_u.code, b_u.code, a.planned_date, r.n, r.programme_id
		FROM audits a JOIN rounds r ON r.id = a.round_id
		JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.planned_date, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list audits: %w", err)
	}
	defer rows.Close()
	out := []AuditSummary{}
	for rows.Next() {
		var a AuditSummary
		if err := rows.Scan(&a.ID, &a.Status, &a.AuditorUnit, &a.AuditeeUnit, &a.PlannedDate, &a.Round, &a.ProgrammeID); err != nil {
			return nil, fmt.Errorf("audit: list audits: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Audit is an audit with its plan (ISO 19011: objectives, scope, criteria,
// dates, place, roles) and team.
type Audit struct {
	AuditSummary
	AuditorUnitName    string       `json:"auditor_unit_name"`
	AuditeeUnitName    string       `json:"auditee_unit_name"`
	ProgrammeName      string       `json:"programme_name"`
	Year               int          `json:"year"`
	ChecklistVersionID int64        `json:"checklist_version_id"`
	Criteria           string       `json:"criteria"`
	Place              string       `json:"place"`
	Objectives         string       `json:"objectives"`
	Scope              string       `json:"scope"`
	Guide              string       `json:"guide"`
	CancelReason       string       `json:"cancel_reason,omitempty"`
	Team               []TeamMember `json:"team"`
}

// Lead returns the team's lead, or nil.
func (p *Audit) Lead() *TeamMember {
	for i := range p.Team {
		if p.Team[i].Role == TeamLead {
			return &p.Team[i]
		}
	}
	return nil
}

// OnTeam reports whether the user is on the team.
func (p *Audit) OnTeam(userID int64) bool {
	for _, m := range p.Team {
		if m.UserID == userID {
			return true
		}
	}
	return false
}

// Audit returns an audit with its plan and team. Returns apperr.NotFound.
func (s *Store) Audit(ctx context.Context, id int64) (*Audit, error) {
	p := &Audit{}
	err := s.DB.R.QueryRowContext(ctx, `SELECT a.id, a.status, a_u.code, a_u.name, b_u.code, b_u.name, a.planned_date, r.n, r.programme_id,
		pr.name, pr.year, a.checklist_version_id, COALESCE(c.name, '') || ' — v' || v.number, a.place, a.objectives, a.scope, a.guide, a.cancel_reason
		FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes pr ON pr.id = r.programme_id
		JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
		JOIN checklist_versions v ON v.id = a.checklist_version_id LEFT JOIN checklists c ON c.id = v.checklist_id
		WHERE a.id = ?`, id).Scan(&p.ID, &p.Status, &p.AuditorUnit, &p.AuditorUnitName, &p.AuditeeUnit, &p.AuditeeUnitName,
		&p.PlannedDate, &p.Round, &p.ProgrammeID, &p.ProgrammeName, &p.Year, &p.ChecklistVersionID, &p.Criteria,
		&p.Place, &p.Objectives, &p.Scope, &p.Guide, &p.CancelReason)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: plan %d: %w", id, err)
	}
	p.Team, err = s.team(ctx, id)
	return p, err
}

func (s *Store) team(ctx context.Context, auditID int64) ([]TeamMember, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, t.role FROM audit_team t JOIN users u ON u.id = t.user_id
		WHERE t.audit_id = ? ORDER BY CASE t.role WHEN 'lead' THEN 0 WHEN 'auditor' THEN 1 WHEN 'expert' THEN 2 ELSE 3 END, u.username`, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit: team: %w", err)
	}
	defer rows.Close()
	out := []TeamMember{}
	for rows.Next() {
		var m TeamMember
		if err := rows.Scan(&m.UserID, &m.Username, &m.DisplayName, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
