package findings

import (
	"cmp"
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Nonconformity workflow states (CONTRACT.md). Submission opens each
// nonconformity; the corrective-action feature moves it on.
const (
	NCOpen          = "open"
	NCCauseAnalysed = "cause_analysed"
	NCPlanSubmitted = "plan_submitted"
	NCPlanAccepted  = "plan_accepted"
	NCImplemented   = "implemented"
	NCVerified      = "verified"
	NCClosed        = "closed"
	NCReopened      = "reopened"
)

// NCStates lists the workflow states in order, for filters.
var NCStates = []string{NCOpen, NCCauseAnalysed, NCPlanSubmitted, NCPlanAccepted, NCImplemented, NCVerified, NCClosed, NCReopened}

// Grades a finding may have: the two nonconformities, which need
// corrective action, and the two that do not.
var Grades = []string{string(checklist.Major), string(checklist.Minor), string(checklist.Observation), string(checklist.Improvement)}

// MaxStatement bounds a finding's statement.
const MaxStatement = 5000

// Finding is what submission makes of an answer that is not conform or not
// applicable. Minor and major findings are the nonconformities of the
// register (CONTRACT.md fields); observations and improvements need no
// corrective action. PlanDue, Overdue and RepeatOf are filled by the
// corrective-action feature.
type Finding struct {
	ID          int64   `json:"id"`
	AuditID     int64   `json:"audit_id"`
	AuditeeUnit string  `json:"auditee_unit"`
	AuditorUnit string  `json:"auditor_unit"`
	Clause      string  `json:"clause"`
	ItemID      string  `json:"item_id"`
	Grade       string  `json:"grade"`
	Statement   string  `json:"statement"`
	Evidence    string  `json:"evidence"`
	Status      string  `json:"status"`
	PlanDue     *string `json:"plan_due"`
	Overdue     bool    `json:"overdue"`
	RepeatOf    *int64  `json:"repeat_of"`
	// CauseCategory is the root cause's category (CauseCategories), chosen
	// by the audited unit with its analysis; nil before, and for those
	// analysed before categories existed.
	CauseCategory *string `json:"cause_category"`
	// ActionDue is the earliest due date of the actions not yet done.
	ActionDue *string `json:"action_due,omitempty"`
	// RoundID and RoundN say which round of which programme raised it.
	ProgrammeID int64 `json:"programme_id"`
	RoundN      int   `json:"round"`
	// AuditStatus is the state of the finding's audit: grades and
	// statements are locked once it is issued.
	AuditStatus string `json:"-"`
}

// IsNonconformity reports whether the finding needs corrective action.
func (f Finding) IsNonconformity() bool { return conduct.IsNonconformity(checklist.Result(f.Grade)) }

// PlanOverdue reports whether the corrective-action plan is due before
// today (yyyy-mm-dd) and not yet submitted.
func (f Finding) PlanOverdue(today string) bool {
	if f.PlanDue == nil || *f.PlanDue >= today {
		return false
	}
	return f.AwaitsPlan()
}

// AwaitsPlan reports whether the audited unit has still to submit its
// plan.
func (f Finding) AwaitsPlan() bool { return AnalysisOpen(f.Status) }

// ActionsOverdue reports whether an action not yet done is past its due
// date while the unit still works on the plan.
func (f Finding) ActionsOverdue(today string) bool {
	if f.ActionDue == nil || *f.ActionDue >= today {
		return false
	}
	return f.Status == NCCauseAnalysed || f.Status == NCPlanSubmitted || f.Status == NCPlanAccepted
}

// Statement is the default statement of a finding: the question that was
// not met and what the auditor saw, which the lead may reword until the
// report is issued.
func Statement(it checklist.Item, note string) string {
	q := strings.TrimSpace(it.TextVI)
	if note == "" {
		return q
	}
	return q + "\n" + note
}

// FindingsOf lists what submission makes of a sheet's answers, in the
// checklist's order.
func FindingsOf(s *conduct.Sheet) []Finding {
	var out []Finding
	for _, si := range s.Items() {
		switch si.Answer.Result {
		case checklist.Minor, checklist.Major, checklist.Observation, checklist.Improvement:
			out = append(out, Finding{ItemID: si.Code, Clause: si.GroupClause(), Grade: string(si.Answer.Result),
				Statement: Statement(si.Item, si.Answer.Note), Evidence: si.Answer.Note, Status: NCOpen})
		}
	}
	return out
}

// FindingEdit is the body of PATCH /api/v1/nonconformities/{id}: the
// audited unit's analysis (root cause with its why-why chain, correction,
// similar cases) while it may still write it, or the grade and statement
// by the office or the audit's lead until the report is issued.
type FindingEdit struct {
	Grade        *string   `json:"grade"`
	Statement    *string   `json:"statement"`
	RootCause    *string   `json:"root_cause"`
	Whys         *[]string `json:"whys"`
	Correction   *string   `json:"correction"`
	SimilarCases *string   `json:"similar_cases"`

	// CauseCategory is one of CauseCategories; "" clears it.
	CauseCategory *string `json:"cause_category"`
}

// Grading reports whether the edit changes the grade or statement.
func (in *FindingEdit) Grading() bool { return in.Grade != nil || in.Statement != nil }

// Analysing reports whether the edit changes the audited unit's analysis.
func (in *FindingEdit) Analysing() bool {
	return in.RootCause != nil || in.Whys != nil || in.Correction != nil || in.SimilarCases != nil || in.CauseCategory != nil
}

// Normalize cleans the edit and checks it. Returns apperr.Invalid.
func (in *FindingEdit) Normalize() error {
	f := apperr.Fields{}
	for name, v := range map[string]*string{"root_cause": in.RootCause, "correction": in.Correction, "similar_cases": in.SimilarCases} {
		if v != nil {
			*v = conduct.CleanNote(*v)
			conduct.LimitText(f, name, *v, MaxAnalysis)
		}
	}
	if in.Whys != nil {
		*in.Whys = cleanWhys(f, *in.Whys)
	}
	if in.CauseCategory != nil {
		cleanCause(f, in.CauseCategory)
	}
	if in.Grade != nil {
		*in.Grade = strings.TrimSpace(*in.Grade)
		if !slices.Contains(Grades, *in.Grade) {
			f.Add("grade", apperr.M("validation.oneof", "param", strings.Join(Grades, " ")))
		}
	}
	if in.Statement != nil {
		*in.Statement = conduct.CleanNote(*in.Statement)
		if *in.Statement == "" {
			f.Add("statement", apperr.M("validation.required"))
		}
		conduct.LimitText(f, "statement", *in.Statement, MaxStatement)
	}
	if !in.Grading() && !in.Analysing() && len(f) == 0 {
		f.Add("grade", apperr.M("finding.nothing_to_change"))
	}
	return f.Err()
}

// FindingFilter narrows the register. The visibility fields restrict it to
// what a caller may see.
type FindingFilter struct {
	ProgrammeID int64
	Unit        string // either side
	Status      string
	// NonconformitiesOnly leaves out observations and improvements.
	NonconformitiesOnly bool
	AuditID             int64
	RoundN              int    // the round's number in its programme
	Auditee             string // the audited unit's code
	Auditor             string // the auditing unit's code
	Clause              string // the clause or one under it (8.5 takes 8.5.1)
	Grade               string
	OverdueOnly         bool
	// Visibility: the audited unit sees its own, an auditor those of the
	// audits whose team they are on.
	AuditeeUnit string
	TeamMember  int64 // a user's ID: only audits whose team they are on
}

// FindingVisibility narrows the register to what u may see (CONTRACT.md's
// "read an audit"): the office and admin all, an audited unit its own, an
// auditor those of the audits whose team they are on. Other auditors of
// the auditing unit are "other auditors" there, so they see none.
func FindingVisibility(u *auth.User, f FindingFilter) FindingFilter {
	switch u.Role {
	case role.Auditor:
		f.TeamMember = u.ID
	case role.Auditee:
		f.AuditeeUnit = cmp.Or(u.UnitCode, "\x00")
	}
	return f
}

// CanSeeFinding reports whether u may see a finding of the audit p under
// the register's rules: staff all, the audited unit its own (and its
// predecessors'), the audit's team the ones it raised.
func CanSeeFinding(u *auth.User, f Finding, p *audit.Audit) bool {
	switch u.Role {
	case role.Admin, role.Office:
		return true
	case role.Auditor:
		return p.OnTeam(u.ID)
	case role.Auditee:
		return u.InUnit(f.AuditeeUnit)
	}
	return false
}

// CleanStatus validates a status filter.
func CleanStatus(s string) (string, error) {
	s = text.Clean(s)
	if s != "" && !slices.Contains(NCStates, s) {
		return "", apperr.InvalidFields(map[string]apperr.Msg{"status": apperr.M("validation.oneof", "param", strings.Join(NCStates, " "))})
	}
	return s, nil
}
