package audit

import (
	"time"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
)

// States of a date proposal: it waits for the office, which accepts it
// (the audit moves to the day proposed) or declines it with an answer.
const (
	ProposalPending  = "pending"
	ProposalAccepted = "accepted"
	ProposalDeclined = "declined"
)

// DateProposal is another day for a planned audit, proposed by its audited
// unit with a reason, and the office's answer.
type DateProposal struct {
	ID      int64  `json:"id"`
	AuditID int64  `json:"audit_id"`
	Date    string `json:"date"`
	// FromDate is the audit's planned day when the proposal was made.
	FromDate       string    `json:"from_date"`
	Reason         string    `json:"reason"`
	Status         string    `json:"status"`
	ProposedBy     string    `json:"proposed_by"`
	ProposedByName string    `json:"proposed_by_name"`
	CreatedAt      time.Time `json:"created_at"`
	// Answer is the office's reason for declining; AnsweredBy and
	// AnsweredAt are set once the proposal is accepted or declined.
	Answer     string     `json:"answer,omitempty"`
	AnsweredBy string     `json:"answered_by,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	// The audit the proposal is about, as lists show it.
	AuditorUnit string `json:"auditor_unit"`
	AuditeeUnit string `json:"auditee_unit"`
	AuditorName string `json:"auditor_name"`
	AuditeeName string `json:"auditee_name"`
	PlannedDate string `json:"planned_date"`
	ProgrammeID int64  `json:"programme_id"`
}

// DateProposalInput is a proposal as the audited unit sends it.
type DateProposalInput struct {
	Date   string `json:"date" form:"date"`
	Reason string `json:"reason" form:"reason"`
}

// DeclineInput is the office's answer to a proposal it declines.
type DeclineInput struct {
	Reason string `json:"reason" form:"reason"`
}

// CanProposeDate reports whether u may propose another day for the audit:
// the people of the audited unit (its auditee role), while it is planned
// (the caller checks the state, which answers 409 rather than 403).
func CanProposeDate(u *auth.User, p *Audit) bool {
	return u.Role == role.Auditee && u.InUnit(p.AuditeeUnit)
}

// CanAnswerDateProposal reports whether u may accept or decline a date
// proposal: the office and the administrator, who keep the programme.
func CanAnswerDateProposal(u *auth.User) bool { return u.IsStaff() }
