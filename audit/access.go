package audit

import (
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
)

// CanRead reports whether u may read the audit (CONTRACT.md, "Who may do
// what"): staff always; the team; the audited unit (its plan and team before
// submission, everything after). Other auditors and auditees may not even
// learn that it exists.
func CanRead(u *auth.User, p *Audit) bool {
	return u.IsStaff() || p.OnTeam(u.ID) || (u.Role == role.Auditee && u.InUnit(p.AuditeeUnit))
}

// CanSeeFindings reports whether u may see answers and findings, which the
// audited unit sees only once the audit is submitted.
func CanSeeFindings(u *auth.User, p *Audit) bool {
	if u.IsStaff() || p.OnTeam(u.ID) {
		return true
	}
	return CanRead(u, p) && (p.Status == StatusSubmitted || p.Status == StatusIssued)
}

// IsLead reports whether u leads the audit's team.
func IsLead(u *auth.User, p *Audit) bool {
	l := p.Lead()
	return l != nil && l.UserID == u.ID
}

// CanEditPlan reports whether u may edit the plan: staff and the team.
func CanEditPlan(u *auth.User, p *Audit) bool { return u.IsStaff() || p.OnTeam(u.ID) }

// ErrHidden is the answer to an audit the user may not read: 404, so that
// its existence is not revealed.
func ErrHidden() error { return apperr.NotFoundThing("thing.audit") }

// Visibility narrows an audit list to what u may see.
func Visibility(u *auth.User, f AuditFilter) AuditFilter {
	switch u.Role {
	case role.Auditor:
		f.TeamUserID = u.ID
	case role.Auditee:
		f.AuditeeUnit = u.UnitCode
		if f.AuditeeUnit == "" {
			f.AuditeeUnit = "\x00" // a unitless auditee sees nothing
		}
	}
	return f
}

// CanConduct reports whether u may answer, attach, record the meetings and
// submit (CONTRACT.md: auditors of the audit's team only). An observer on
// the team watches and does not answer; admin and office read only.
func CanConduct(u *auth.User, p *Audit) bool {
	if u.Role != role.Auditor {
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
	return u.IsStaff() || (u.Role == role.Auditor && IsLead(u, p))
}
