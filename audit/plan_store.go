package audit

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// PlanInput edits an audit's plan.
type PlanInput struct {
	Place      string `json:"place" form:"place" validate:"max=500"`
	Objectives string `json:"objectives" form:"objectives" validate:"max=5000"`
	Scope      string `json:"scope" form:"scope" validate:"max=5000"`
	Guide      string `json:"guide" form:"guide" validate:"max=200"`
}

// editablePlan refuses changes once the audit has begun.
func editablePlan(tx *db.Tx, id int64) (string, error) {
	var status string
	err := tx.QueryRow(`SELECT status FROM audits WHERE id = ?`, id).Scan(&status)
	if db.NoRows(err) {
		return "", apperr.NotFoundThing("thing.audit")
	}
	if err != nil {
		return "", err
	}
	if status != StatusPlanned {
		e := apperr.New(apperr.Conflict, "audit_not_planned", apperr.M("audit.plan_locked", "status", i18n.StatusMsg(i18n.StatusAudit, status)))
		e.Allowed = []string{}
		return status, e
	}
	return status, nil
}

// UpdatePlan changes the plan's place, objectives, scope and guide while the
// audit is planned. Returns apperr.NotFound, apperr.Invalid, apperr.Conflict.
func (s *Store) UpdatePlan(ctx context.Context, id int64, in PlanInput) error {
	in = PlanInput{Place: text.Clean(in.Place), Objectives: text.Clean(in.Objectives), Scope: text.Clean(in.Scope), Guide: text.Clean(in.Guide)}
	if err := valid.Struct(in); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE audits SET place = ?, objectives = ?, scope = ?, guide = ?, updated_at = ? WHERE id = ?`,
			in.Place, in.Objectives, in.Scope, in.Guide, db.FormatTime(tx.Now), id); err != nil {
			return fmt.Errorf("audit: update plan %d: %w", id, err)
		}
		return tx.Record("audit", id, "update_plan", in)
	})
}

// ChangeInput carries a reason, required for changes after confirmation.
type ChangeInput struct {
	Date   string `json:"date" form:"date"`
	Reason string `json:"reason" form:"reason" validate:"required,max=2000"`
}

// Reschedule moves a planned audit to another day, with a reason; the team's
// certificates must still be valid that day. Returns apperr.Invalid,
// apperr.Conflict, apperr.NotFound.
func (s *Store) Reschedule(ctx context.Context, id int64, in ChangeInput) error {
	in.Reason = text.Clean(in.Reason)
	f := apperr.Fields{}
	if err := valid.Struct(in); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add(k, m)
		}
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		f.Add("date", apperr.M("validation.date"))
	}
	if err := f.Err(); err != nil {
		return err
	}
	plan, err := s.Audit(ctx, id)
	if err != nil {
		return err
	}
	if err := s.checkAuditDay(ctx, id, in.Date); err != nil {
		return err
	}
	if err := s.checkTeamOn(ctx, plan, in.Date); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE audits SET planned_date = ?, updated_at = ? WHERE id = ?`, in.Date, db.FormatTime(tx.Now), id); err != nil {
			return err
		}
		if err := NotifyUnit(tx, plan.AuditeeUnit, "notice.audit_rescheduled", AuditLink(id), "date", in.Date); err != nil {
			return err
		}
		return tx.Record("audit", id, "reschedule", map[string]string{"from": plan.PlannedDate, "to": in.Date, "reason": in.Reason})
	})
}

// checkTeamOn refuses a day on which a member of the audit's team is not
// certified. Returns apperr.Invalid naming "date".
func (s *Store) checkTeamOn(ctx context.Context, plan *Audit, day string) error {
	cands, err := s.candidates(ctx)
	if err != nil {
		return err
	}
	for _, m := range plan.Team {
		if c, ok := findCandidate(cands, m.UserID); ok && !c.QualifiedOn(day) {
			return apperr.InvalidFields(map[string]apperr.Msg{"date": apperr.M("audit.member_not_certified", "username", m.Username, "date", day)})
		}
	}
	return nil
}

func findCandidate(cands map[string][]Candidate, userID int64) (Candidate, bool) {
	for _, cs := range cands {
		for _, c := range cs {
			if c.UserID == userID {
				return c, true
			}
		}
	}
	return Candidate{}, false
}

// Cancel cancels a planned audit with a reason. Returns apperr.Invalid,
// apperr.Conflict (with the allowed states), apperr.NotFound.
func (s *Store) Cancel(ctx context.Context, id int64, reason string) error {
	reason = text.Clean(reason)
	if reason == "" {
		return apperr.InvalidFields(map[string]apperr.Msg{"reason": apperr.M("validation.required")})
	}
	plan, err := s.Audit(ctx, id)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE audits SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ?`, reason, db.FormatTime(tx.Now), id); err != nil {
			return err
		}
		if err := NotifyUnit(tx, plan.AuditeeUnit, "notice.audit_cancelled", AuditLink(id), "reason", reason); err != nil {
			return err
		}
		return tx.Record("audit", id, "cancel", map[string]string{"reason": reason})
	})
}

// MemberInput replaces or adds a team member.
type MemberInput struct {
	Username string `json:"username" form:"username" validate:"required,max=64"`
	Replace  string `json:"replace" form:"replace" validate:"max=64"` // the member leaving, if any
	Role     string `json:"role" form:"role" validate:"omitempty,oneof=lead auditor expert observer"`
	Reason   string `json:"reason" form:"reason" validate:"required,max=2000"`
}

// SetMember replaces a team member, or adds one, under the confirmation's
// rules: a lead or auditor must be a certified auditor of the auditing unit
// on the audit's day; nobody from the audited unit or with a declared
// conflict with it may join. Returns apperr.Invalid, apperr.Conflict,
// apperr.NotFound.
func (s *Store) SetMember(ctx context.Context, id int64, in MemberInput) error {
	in.Reason = text.Clean(in.Reason)
	if err := valid.Struct(in); err != nil {
		return err
	}
	plan, err := s.Audit(ctx, id)
	if err != nil {
		return err
	}
	role, leaving, err := memberRole(plan, in)
	if err != nil {
		return err
	}
	joining, err := s.eligibleMember(ctx, plan, in.Username, role)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, id); err != nil {
			return err
		}
		if leaving != nil {
			if _, err := tx.Exec(`DELETE FROM audit_team WHERE audit_id = ? AND user_id = ?`, id, leaving.UserID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO audit_team (audit_id, user_id, role) VALUES (?, ?, ?)`, id, joining, role); err != nil {
			if db.IsUnique(err) {
				return apperr.InvalidFields(map[string]apperr.Msg{"username": apperr.M("audit.already_on_team")})
			}
			return err
		}
		if err := NotifyUser(tx, joining, "notice.audit_assigned", AuditLink(id), "auditee", plan.AuditeeUnit, "date", plan.PlannedDate); err != nil {
			return err
		}
		return tx.Record("audit", id, "set_member", map[string]any{"joins": in.Username, "leaves": in.Replace, "role": role, "reason": in.Reason})
	})
}

// memberRole decides the joining member's role: the leaving member's, else
// the one asked for (auditor by default).
func memberRole(plan *Audit, in MemberInput) (string, *TeamMember, error) {
	if in.Replace == "" {
		if in.Role == TeamLead && plan.Lead() != nil {
			return "", nil, apperr.InvalidFields(map[string]apperr.Msg{"role": apperr.M("audit.one_lead")})
		}
		return cmp.Or(in.Role, TeamAuditor), nil, nil
	}
	for i := range plan.Team {
		if plan.Team[i].Username == in.Replace {
			return plan.Team[i].Role, &plan.Team[i], nil
		}
	}
	return "", nil, apperr.InvalidFields(map[string]apperr.Msg{"replace": apperr.M("audit.not_on_team", "username", in.Replace)})
}

// eligibleMember checks the joining person (Candidate.JoinRefusal) and
// returns their user id. The refusal names the person, the unit that
// stands in the way and, for a certificate, the day.
func (s *Store) eligibleMember(ctx context.Context, plan *Audit, username, role string) (int64, error) {
	cands, err := s.candidates(ctx)
	if err != nil {
		return 0, err
	}
	for _, cs := range cands {
		for _, c := range cs {
			if c.Username != username {
				continue
			}
			why := c.JoinRefusal(role, plan.AuditorUnit, plan.AuditeeUnit, plan.PlannedDate)
			if why == "" {
				return c.UserID, nil
			}
			names, err := s.unitNames(ctx, c.UnitCode, plan.AuditorUnit, plan.AuditeeUnit)
			if err != nil {
				return 0, err
			}
			return 0, apperr.InvalidFields(map[string]apperr.Msg{"username": apperr.M(why, "username", username,
				"unit", names[c.UnitCode], "auditor", names[plan.AuditorUnit], "auditee", names[plan.AuditeeUnit],
				"date", i18n.ShowDay(plan.PlannedDate))})
		}
	}
	return 0, apperr.InvalidFields(map[string]apperr.Msg{"username": apperr.M("audit.member_unknown", "username", username)})
}

// unitNames returns "Name (code)" for each code.
func (s *Store) unitNames(ctx context.Context, codes ...string) (map[string]string, error) {
	out := map[string]string{}
	for _, code := range codes {
		var name string
		err := s.DB.R.QueryRowContext(ctx, `SELECT name FROM units WHERE code = ?`, code).Scan(&name)
		if err != nil && !db.NoRows(err) {
			return nil, fmt.Errorf("audit: unit %s: %w", code, err)
		}
		out[code] = strings.TrimSpace(name + " (" + code + ")")
	}
	return out, nil
}

// checkAuditDay refuses a day an audit cannot be moved to: a day off in the
// working-day calendar (a weekend, a public holiday) or one outside its
// round's window. Returns apperr.Invalid naming "date".
func (s *Store) checkAuditDay(ctx context.Context, id int64, day string) error {
	cal, err := LoadCalendar(ctx, s.DB.R)
	if err != nil {
		return err
	}
	var from, to string
	err = s.DB.R.QueryRowContext(ctx, `SELECT r.starts_on, r.ends_on FROM audits a JOIN rounds r ON r.id = a.round_id WHERE a.id = ?`, id).Scan(&from, &to)
	if err != nil {
		return fmt.Errorf("audit: round window: %w", err)
	}
	if msg, ok := dayRefusal(cal, day, from, to); !ok {
		return apperr.InvalidFields(map[string]apperr.Msg{"date": msg})
	}
	return nil
}
