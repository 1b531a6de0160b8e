package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// candidates returns every active auditor with their certificates and
// personal conflicts, keyed by unit code.
func (s *Store) candidates(ctx context.Context) (map[string][]Candidate, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, COALESCE(un.code, ''), u.role = 'office',
		COALESCE(c.issued_on, ''), COALESCE(c.expires_on, '')
		FROM users u LEFT JOIN units un ON un.id = u.unit_id
		LEFT JOIN auditor_certificates c ON c.user_id = u.id
		WHERE u.role IN ('auditor', 'office') AND u.active = 1 ORDER BY u.username`)
	if err != nil {
		return nil, fmt.Errorf("audit: candidates: %w", err)
	}
	byID := map[int64]*Candidate{}
	var order []int64
	for rows.Next() {
		var c Candidate
		var issued, expires string
		if err := rows.Scan(&c.UserID, &c.Username, &c.DisplayName, &c.UnitCode, &c.Office, &issued, &expires); err != nil {
			rows.Close()
			return nil, err
		}
		cur, ok := byID[c.UserID]
		if !ok {
			cur = &c
			byID[c.UserID] = cur
			order = append(order, c.UserID)
		}
		if issued != "" {
			cur.Certificates = append(cur.Certificates, [2]string{issued, expires})
		}
	}
	rows.Close()
	// A person's conflict with a merged unit applies to its successor.
	lin, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	crow, err := s.DB.R.QueryContext(ctx, `SELECT c.user_id, b.code FROM conflicts c JOIN units b ON b.id = c.auditee_unit_id WHERE c.user_id IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("audit: person conflicts: %w", err)
	}
	for crow.Next() {
		var id int64
		var code string
		if err := crow.Scan(&id, &code); err != nil {
			crow.Close()
			return nil, err
		}
		if c := byID[id]; c != nil {
			c.Conflicts = append(c.Conflicts, lin.Current(code))
		}
	}
	crow.Close()
	out := map[string][]Candidate{}
	for _, id := range order {
		c := byID[id]
		out[c.UnitCode] = append(out[c.UnitCode], *c)
	}
	return out, nil
}

// plannedAudit is an audit a confirmation is about to create.
type plannedAudit struct {
	pair assign.Pair
	day  string
	team []TeamMember
	// scheduled is the scheduler's day, before the office's choice.
	scheduled string
}

// planAudits schedules a round's pairs, puts the office's chosen days over
// the schedule, and picks their teams (certified on the audit's actual
// day); a pair whose auditing unit has no eligible auditor that day is
// reported, all at once.
func (s *Store) planAudits(ctx context.Context, r *Round, dates RoundDates) ([]plannedAudit, error) {
	cands, err := s.candidates(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := LoadCalendar(ctx, s.DB.R)
	if err != nil {
		return nil, err
	}
	scheduled := Schedule(r.Pairs, RoundWindow{StartsOn: r.StartsOn, EndsOn: r.EndsOn}, cal)
	days := append([]string(nil), scheduled...)
	if err := applyDates(r, days, dates, cal); err != nil {
		return nil, err
	}
	out := make([]plannedAudit, len(r.Pairs))
	var missing []string
	for i, p := range r.Pairs {
		team := SelectTeam(cands[p.Auditor], p.Auditor, p.Auditee, days[i])
		if len(team) == 0 {
			missing = append(missing, p.Auditor+"→"+p.Auditee)
		}
		out[i] = plannedAudit{pair: p, day: days[i], team: team, scheduled: scheduled[i]}
	}
	if len(missing) > 0 {
		e := apperr.New(apperr.Invalid, "no_qualified_auditor", apperr.M("round.no_team", "pairs", strings.Join(missing, ", ")))
		e.Fields = map[string]apperr.Msg{"pairs": apperr.M("round.no_team", "pairs", strings.Join(missing, ", "))}
		return nil, e
	}
	return out, nil
}

// ConfirmRound turns a previewed round into one planned audit per pair, each
// with its planned date, the programme's pinned checklist version and a team
// of the auditing unit's certified auditors, and tells the team members and
// the audited units. The first confirmation makes the programme active.
// Returns apperr.NotFound, apperr.Conflict (already confirmed, not
// previewed, or previewed before some of its units were merged) or
// apperr.Invalid (no qualified auditor for some pairs).
func (s *Store) ConfirmRound(ctx context.Context, programmeID int64, n int) ([]AuditSummary, error) {
	return s.ConfirmRoundDates(ctx, programmeID, n, nil)
}

// ConfirmRoundDates is ConfirmRound with the days the office chose in the
// preview for some pairs (RoundDates), checked as PlanConfirmationDates
// checks them: each audit is created on its chosen day.
func (s *Store) ConfirmRoundDates(ctx context.Context, programmeID int64, n int, dates RoundDates) ([]AuditSummary, error) {
	p, r, planned, err := s.prepareConfirmation(ctx, programmeID, n, dates)
	if err != nil {
		return nil, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(`UPDATE rounds SET status = 'confirmed', confirmed_at = ? WHERE id = ? AND status = 'preview'`, db.FormatTime(tx.Now), r.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return errAlreadyConfirmed()
		}
		for _, pa := range planned {
			if err := createAudit(tx, r.ID, p.ChecklistVersionID, pa); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE programmes SET status = 'active', updated_at = ? WHERE id = ? AND status IN ('draft', 'approved')`,
			db.FormatTime(tx.Now), programmeID); err != nil {
			return err
		}
		return tx.Record("round", fmt.Sprintf("%d/%d", programmeID, n), "confirm", map[string]any{"audits": len(planned)})
	})
	if err != nil {
		return nil, err
	}
	all, err := s.ListAudits(ctx, AuditFilter{ProgrammeID: programmeID})
	if err != nil {
		return nil, err
	}
	var out []AuditSummary
	for _, a := range all {
		if a.Round == n {
			out = append(out, a)
		}
	}
	return out, nil
}

func errAlreadyConfirmed() error {
	e := apperr.New(apperr.Conflict, "round_confirmed", apperr.M("round.already_confirmed"))
	e.Allowed = []string{}
	return e
}

func confirmable(p *Programme, r *Round) error {
	switch {
	case !CanPlanRounds(p.Status):
		return apperr.New(apperr.Conflict, "programme_completed", apperr.M("programme.completed"))
	case r.Status == RoundConfirmed:
		return errAlreadyConfirmed()
	case r.Status != RoundPreview || len(r.Pairs) == 0:
		e := apperr.New(apperr.Conflict, "round_not_previewed", apperr.M("round.not_previewed"))
		e.Allowed = []string{RoundPreview}
		return e
	}
	return nil
}

func createAudit(tx *db.Tx, roundID, versionID int64, pa plannedAudit) error {
	now := db.FormatTime(tx.Now)
	res, err := tx.Exec(`INSERT INTO audits (round_id, auditor_unit_id, auditee_unit_id, checklist_version_id, status, planned_date, created_at, updated_at)
		SELECT ?, a.id, b.id, ?, 'planned', ?, ?, ? FROM units a, units b WHERE a.code = ? AND b.code = ?`,
		roundID, versionID, pa.day, now, now, pa.pair.Auditor, pa.pair.Auditee)
	if err != nil {
		return fmt.Errorf("audit: create audit %s→%s: %w", pa.pair.Auditor, pa.pair.Auditee, err)
	}
	id, _ := res.LastInsertId()
	for _, m := range pa.team {
		if _, err := tx.Exec(`INSERT INTO audit_team (audit_id, user_id, role) VALUES (?, ?, ?)`, id, m.UserID, m.Role); err != nil {
			return fmt.Errorf("audit: team of %d: %w", id, err)
		}
		if err := NotifyUser(tx, m.UserID, "notice.audit_assigned", AuditLink(id), "auditee", pa.pair.Auditee, "date", pa.day); err != nil {
			return err
		}
	}
	if err := NotifyUnit(tx, pa.pair.Auditee, "notice.audit_planned", AuditLink(id), "auditor", pa.pair.Auditor, "date", pa.day); err != nil {
		return err
	}
	return tx.Record("audit", id, "create", map[string]any{"auditor_unit": pa.pair.Auditor, "auditee_unit": pa.pair.Auditee,
		"planned_date": pa.day, "team": pa.team})
}

func AuditLink(id int64) string { return fmt.Sprintf("/audits/%d", id) }
