package audit

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
)

// maxReason is the longest reason a proposal or a decline may give.
const maxReason = 2000

// reasonField checks a required reason, recording its problem in f.
func reasonField(f apperr.Fields, reason string) {
	switch {
	case reason == "":
		f.Add("reason", apperr.M("validation.required"))
	case utf8.RuneCountInString(reason) > maxReason:
		f.Add("reason", apperr.M("validation.max", "param", maxReason))
	}
}

// ProposeDate records the audited unit's proposal of another day for a
// planned audit, made by userID (whom the caller has checked with
// CanProposeDate), and tells the office. The day must be a working day
// after today, inside the round's window, and not the day already
// planned; the reason is required. Returns apperr.Invalid naming "date" or
// "reason", apperr.Conflict (the audit has begun, or a proposal already
// waits) or apperr.NotFound.
func (s *Store) ProposeDate(ctx context.Context, auditID, userID int64, in DateProposalInput) (*DateProposal, error) {
	in.Reason = text.Clean(in.Reason)
	in.Date = strings.TrimSpace(in.Date)
	plan, err := s.Audit(ctx, auditID)
	if err != nil {
		return nil, err
	}
	f := apperr.Fields{}
	reasonField(f, in.Reason)
	switch {
	case in.Date == "":
		f.Add("date", apperr.M("validation.required"))
	case !validDay(in.Date):
		f.Add("date", apperr.M("validation.date"))
	case in.Date <= i18n.Day(s.DB.Now()):
		f.Add("date", apperr.M("dates.not_future", "date", i18n.ShowDay(in.Date)))
	case in.Date == plan.PlannedDate:
		f.Add("date", apperr.M("dates.same_day", "date", i18n.ShowDay(in.Date)))
	default:
		if err := s.checkAuditDay(ctx, auditID, in.Date); err != nil {
			if e := apperr.As(err); e.Kind == apperr.Invalid {
				f.Add("date", e.Fields["date"])
			} else {
				return nil, err
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, auditID); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO date_proposals (audit_id, proposed_by, day, from_day, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			auditID, userID, in.Date, plan.PlannedDate, in.Reason, db.FormatTime(tx.Now))
		if db.IsUnique(err) {
			return errProposalPending()
		}
		if err != nil {
			return fmt.Errorf("audit: propose date for %d: %w", auditID, err)
		}
		id, _ = res.LastInsertId()
		msg := NoticeMsg(tx, "dates.notice.proposed", []any{"auditee", plan.AuditeeUnit, "date", in.Date})
		if err := inbox.NotifyRolesTx(tx, msg, planLink(auditID), role.Office); err != nil {
			return err
		}
		return tx.Record("audit", auditID, "propose_date", map[string]any{"proposal": id, "from": plan.PlannedDate, "to": in.Date, "reason": in.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.DateProposal(ctx, auditID, id)
}

func validDay(s string) bool { _, err := time.Parse(time.DateOnly, s); return err == nil }

func errProposalPending() error {
	e := apperr.New(apperr.Conflict, "date_proposal_pending", apperr.M("dates.already_pending"))
	e.Allowed = []string{}
	return e
}

// planLink is the audit's plan page, where proposals are made and answered.
func planLink(id int64) string { return fmt.Sprintf("/audits/%d/plan", id) }

// AcceptDateProposal moves the audit to the day its pending proposal asks
// for, checked again against the calendar, the round's window and the
// team's certificates, records the move in the trail, and tells the
// audited unit and the team. Returns apperr.NotFound, apperr.Conflict (the
// proposal already answered, the audit begun) or apperr.Invalid naming
// "date".
func (s *Store) AcceptDateProposal(ctx context.Context, auditID, proposalID int64) (*DateProposal, error) {
	dp, err := s.pendingProposal(ctx, auditID, proposalID)
	if err != nil {
		return nil, err
	}
	plan, err := s.Audit(ctx, auditID)
	if err != nil {
		return nil, err
	}
	if err := s.checkAuditDay(ctx, auditID, dp.Date); err != nil {
		return nil, err
	}
	if err := s.checkTeamOn(ctx, plan, dp.Date); err != nil {
		return nil, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		if _, err := editablePlan(tx, auditID); err != nil {
			return err
		}
		if err := answerProposal(tx, proposalID, ProposalAccepted, ""); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE audits SET planned_date = ?, updated_at = ? WHERE id = ?`, dp.Date, db.FormatTime(tx.Now), auditID); err != nil {
			return err
		}
		kv := []any{"auditor", plan.AuditorUnit, "auditee", plan.AuditeeUnit, "date", dp.Date}
		if err := NotifyUnit(tx, plan.AuditeeUnit, "dates.notice.accepted", planLink(auditID), kv...); err != nil {
			return err
		}
		for _, m := range plan.Team {
			if err := NotifyUser(tx, m.UserID, "dates.notice.moved", planLink(auditID), kv...); err != nil {
				return err
			}
		}
		return tx.Record("audit", auditID, "accept_date_proposal", map[string]any{"proposal": proposalID, "from": plan.PlannedDate,
			"to": dp.Date, "reason": dp.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.DateProposal(ctx, auditID, proposalID)
}

// DeclineDateProposal declines a pending proposal with the office's reason,
// which the proposer is told; the audit keeps its day. Returns
// apperr.Invalid naming "reason", apperr.Conflict or apperr.NotFound.
func (s *Store) DeclineDateProposal(ctx context.Context, auditID, proposalID int64, in DeclineInput) (*DateProposal, error) {
	in.Reason = text.Clean(in.Reason)
	dp, err := s.pendingProposal(ctx, auditID, proposalID)
	if err != nil {
		return nil, err
	}
	f := apperr.Fields{}
	reasonField(f, in.Reason)
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		if err := answerProposal(tx, proposalID, ProposalDeclined, in.Reason); err != nil {
			return err
		}
		var proposer int64
		if err := tx.QueryRow(`SELECT proposed_by FROM date_proposals WHERE id = ?`, proposalID).Scan(&proposer); err != nil {
			return err
		}
		if err := NotifyUser(tx, proposer, "dates.notice.declined", planLink(auditID), "date", dp.Date, "reason", in.Reason); err != nil {
			return err
		}
		return tx.Record("audit", auditID, "decline_date_proposal", map[string]any{"proposal": proposalID, "date": dp.Date, "reason": in.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.DateProposal(ctx, auditID, proposalID)
}

// answerProposal closes a pending proposal; one answered meanwhile by
// someone else is a conflict.
func answerProposal(tx *db.Tx, id int64, status, answer string) error {
	res, err := tx.Exec(`UPDATE date_proposals SET status = ?, answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND status = 'pending'`,
		status, answer, tx.ActorArg(), db.FormatTime(tx.Now), id)
	if err != nil {
		return fmt.Errorf("audit: answer date proposal %d: %w", id, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return errProposalAnswered()
	}
	return nil
}

func errProposalAnswered() error {
	e := apperr.New(apperr.Conflict, "date_proposal_answered", apperr.M("dates.already_answered"))
	e.Allowed = []string{}
	return e
}

// pendingProposal returns a proposal of the audit that still waits.
func (s *Store) pendingProposal(ctx context.Context, auditID, proposalID int64) (*DateProposal, error) {
	dp, err := s.DateProposal(ctx, auditID, proposalID)
	if err != nil {
		return nil, err
	}
	if dp.Status != ProposalPending {
		return nil, errProposalAnswered()
	}
	return dp, nil
}

const proposalSelect = `SELECT p.id, p.audit_id, p.day, p.from_day, p.reason, p.status, u.username, u.display_name, p.created_at,
	p.answer, COALESCE(ab.username, ''), COALESCE(p.answered_at, ''), ar.code, ar.name, ae.code, ae.name, a.planned_date, r.programme_id
	FROM date_proposals p JOIN audits a ON a.id = p.audit_id JOIN rounds r ON r.id = a.round_id
	JOIN units ar ON ar.id = a.auditor_unit_id JOIN units ae ON ae.id = a.auditee_unit_id
	JOIN users u ON u.id = p.proposed_by LEFT JOIN users ab ON ab.id = p.answered_by`

func scanProposal(rows interface{ Scan(...any) error }) (DateProposal, error) {
	var dp DateProposal
	var created, answered string
	err := rows.Scan(&dp.ID, &dp.AuditID, &dp.Date, &dp.FromDate, &dp.Reason, &dp.Status, &dp.ProposedBy, &dp.ProposedByName, &created,
		&dp.Answer, &dp.AnsweredBy, &answered, &dp.AuditorUnit, &dp.AuditorName, &dp.AuditeeUnit, &dp.AuditeeName, &dp.PlannedDate, &dp.ProgrammeID)
	if err != nil {
		return dp, err
	}
	dp.CreatedAt, _ = db.ParseTime(created)
	if answered != "" {
		t, _ := db.ParseTime(answered)
		dp.AnsweredAt = &t
	}
	return dp, nil
}

// DateProposal returns one proposal of an audit. Returns apperr.NotFound.
func (s *Store) DateProposal(ctx context.Context, auditID, proposalID int64) (*DateProposal, error) {
	dp, err := scanProposal(s.DB.R.QueryRowContext(ctx, proposalSelect+` WHERE p.id = ? AND p.audit_id = ?`, proposalID, auditID))
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.date_proposal")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: date proposal %d: %w", proposalID, err)
	}
	return &dp, nil
}

// DateProposals lists an audit's proposals, the latest first.
func (s *Store) DateProposals(ctx context.Context, auditID int64) ([]DateProposal, error) {
	return s.listProposals(ctx, ` WHERE p.audit_id = ? ORDER BY p.id DESC`, auditID)
}

// PendingDateProposals lists the proposals that wait for the office, of one
// programme (programmeID 0: of every programme), the earliest first.
func (s *Store) PendingDateProposals(ctx context.Context, programmeID int64) ([]DateProposal, error) {
	return s.listProposals(ctx, ` WHERE p.status = 'pending' AND a.status = 'planned' AND (? = 0 OR r.programme_id = ?) ORDER BY p.id`,
		programmeID, programmeID)
}

func (s *Store) listProposals(ctx context.Context, where string, args ...any) ([]DateProposal, error) {
	rows, err := s.DB.R.QueryContext(ctx, proposalSelect+where, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: date proposals: %w", err)
	}
	defer rows.Close()
	out := []DateProposal{}
	for rows.Next() {
		dp, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, dp)
	}
	return out, rows.Err()
}
