package audit

import (
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// auditSteps are the states an audit may move to next (CONTRACT.md), what a
// 409 for a step not allowed now lists in error.allowed.
var auditSteps = map[string][]string{
	StatusPlanned:    {StatusInProgress, StatusCancelled},
	StatusInProgress: {StatusSubmitted},
	StatusSubmitted:  {StatusIssued},
	StatusIssued:     {},
	StatusCancelled:  {},
}

// NextAuditStates lists the states an audit may move to from status.
func NextAuditStates(status string) []string {
	if s, ok := auditSteps[status]; ok {
		return s
	}
	return []string{}
}

// OpenForAnswers reports whether the team may still answer, attach and
// submit: until the audit is submitted (and never once cancelled).
func OpenForAnswers(status string) bool { return status == StatusPlanned || status == StatusInProgress }

// CanConduct reports whether u may answer, attach, record the meetings and
// submit (CONTRACT.md: auditors of the audit's team only). An observer on
// the team watches and does not answer; admin and office read only.
func CanConduct(u *auth.User, p *Audit) bool {
	if u.Role != web.RoleAuditor {
		return false
	}
	for _, m := range p.Team {
		if m.UserID == u.ID {
			return m.Role != TeamObserver
		}
	}
	return false
}

// CanEditFindings reports whether u may correct a finding's grade or
// statement: admin, office and the team's lead (until the report is
// issued, which the caller checks against the state).
func CanEditFindings(u *auth.User, p *Audit) bool {
	return u.IsStaff() || (u.Role == web.RoleAuditor && IsLead(u, p))
}

// ErrNotOpen is the 409 for a change to an audit that is no longer open to
// answers, with the states allowed next.
func ErrNotOpen(status string) error {
	e := apperr.New(apperr.Conflict, "audit_not_open", apperr.M("answer.audit_closed", "status", apperr.M("audit.status."+status)))
	e.Allowed = NextAuditStates(status)
	return e
}

// ErrForbidden is the 403 for a user who may read the audit but not do
// what they asked.
func ErrForbidden() error {
	return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
}

// ErrNoItem is the 404 for an item the audit's checklist does not have.
func ErrNoItem() error { return apperr.NotFoundThing("thing.audit_item") }
