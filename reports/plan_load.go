package reports

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// RoundInfo is a round as its documents name it: the programme with its
// criteria and the organisation that owns it (the issuing body).
type RoundInfo struct {
	ID          int64
	N           int
	Status      string
	StartsOn    string // yyyy-mm-dd
	EndsOn      string // yyyy-mm-dd
	ProgrammeID int64
	Programme   string
	Year        int
	Objectives  string
	Criteria    string // "Danh mục kiểm tra … — v3"
	Owner       Owner
}

// PlanAudit is one audit of a round with its team.
type PlanAudit struct {
	AuditID int64
	Status  string
	Date    string // yyyy-mm-dd
	Place   string
	Auditor Unit
	Auditee Unit
	Team    []PlanMember
}

// PlanMember is a member of an audit team with the unit they work in.
type PlanMember struct {
	Name string
	Role string // lead, auditor, expert, observer
	Unit string // the member's unit's name, "" for staff
}

// RoundInfo reads a round by its id. Returns apperr.NotFound.
func (l *Loader) RoundInfo(ctx context.Context, roundID int64) (RoundInfo, error) {
	var r RoundInfo
	var kept string
	err := l.Findings.DB.R.QueryRowContext(ctx, `SELECT r.id, r.n, r.status, r.starts_on, r.ends_on, p.id, p.name, p.year, p.objectives,
		COALESCE(c.name, '') || ' — v' || v.number, `+findings.OrganiserColumns+`
		FROM rounds r JOIN programmes p ON p.id = r.programme_id JOIN owners o ON o.id = p.owner_id
		JOIN checklist_versions v ON v.id = p.checklist_version_id LEFT JOIN checklists c ON c.id = v.checklist_id
		WHERE r.id = ?`, roundID).Scan(&r.ID, &r.N, &r.Status, &r.StartsOn, &r.EndsOn, &r.ProgrammeID, &r.Programme, &r.Year, &r.Objectives,
		&r.Criteria, &r.Owner.ID, &r.Owner.Name, &r.Owner.ParentName, &r.Owner.Place, &kept)
	if db.NoRows(err) {
		return r, apperr.NotFoundThing("thing.round")
	}
	if err != nil {
		return r, fmt.Errorf("reports: round %d: %w", roundID, err)
	}
	r.Owner.Profile = findings.KeptOrganiser(kept, r.Owner.Name, r.Owner.ParentName, r.Owner.Place)
	r.Owner.Name, r.Owner.ParentName, r.Owner.Place = r.Owner.Profile.Name, r.Owner.Profile.Parent, r.Owner.Profile.Place
	return r, nil
}

// RoundAudits reads a round's audits, by planned day and audited unit,
// with their teams (lead first).
func (l *Loader) RoundAudits(ctx context.Context, roundID int64) ([]PlanAudit, error) {
	rows, err := l.Findings.DB.R.QueryContext(ctx, `SELECT a.id, a.status, a.planned_date, a.place, au.code, au.name, bu.code, bu.name
		FROM audits a JOIN units au ON au.id = a.auditor_unit_id JOIN units bu ON bu.id = a.auditee_unit_id
		WHERE a.round_id = ? ORDER BY a.planned_date, bu.code, a.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("reports: round audits: %w", err)
	}
	defer rows.Close()
	var out []PlanAudit
	at := map[int64]int{}
	for rows.Next() {
		var a PlanAudit
		if err := rows.Scan(&a.AuditID, &a.Status, &a.Date, &a.Place, &a.Auditor.Code, &a.Auditor.Name, &a.Auditee.Code, &a.Auditee.Name); err != nil {
			return nil, fmt.Errorf("reports: round audits: %w", err)
		}
		at[a.AuditID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	teams, err := l.teams(ctx, `a.round_id = ?`, roundID)
	if err != nil {
		return nil, err
	}
	for id, t := range teams {
		if i, ok := at[id]; ok {
			out[i].Team = t
		}
	}
	return out, nil
}

// teams reads the teams of the audits matching where, lead first, then
// auditors, experts and observers, each by name.
func (l *Loader) teams(ctx context.Context, where string, arg any) (map[int64][]PlanMember, error) {
	rows, err := l.Findings.DB.R.QueryContext(ctx, `SELECT t.audit_id, u.display_name, t.role, COALESCE(un.name, '')
		FROM audit_team t JOIN audits a ON a.id = t.audit_id JOIN users u ON u.id = t.user_id LEFT JOIN units un ON un.id = u.unit_id
		WHERE `+where+` ORDER BY t.audit_id, CASE t.role WHEN 'lead' THEN 0 WHEN 'auditor' THEN 1 WHEN 'expert' THEN 2 ELSE 3 END, u.display_name, u.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("reports: teams: %w", err)
	}
	defer rows.Close()
	out := map[int64][]PlanMember{}
	for rows.Next() {
		var id int64
		var m PlanMember
		if err := rows.Scan(&id, &m.Name, &m.Role, &m.Unit); err != nil {
			return nil, fmt.Errorf("reports: teams: %w", err)
		}
		out[id] = append(out[id], m)
	}
	return out, rows.Err()
}
