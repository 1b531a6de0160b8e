package audit

import (
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
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

// ErrNotOpen is the 409 for a change to an audit that is no longer open to
// answers, with the states allowed next.
func ErrNotOpen(status string) error {
	e := apperr.New(apperr.Conflict, "audit_not_open", apperr.M("answer.audit_closed", "status", i18n.StatusMsg(i18n.StatusAudit, status)))
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
