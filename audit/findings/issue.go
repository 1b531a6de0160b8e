package findings

import (
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/text"
)

// IssuedReport is one stored revision of an audit's report.
type IssuedReport struct {
	ID          int64     `json:"id"`
	AuditID     int64     `json:"audit_id"`
	Revision    int       `json:"revision"`
	OwnerID     int64     `json:"-"`
	Year        int       `json:"year"`
	Seq         int       `json:"-"`
	Number      string    `json:"number"`
	Code        string    `json:"code"`
	SHA256      string    `json:"sha256"`
	Size        int       `json:"size"`
	Reason      string    `json:"reason,omitempty"`
	IssuedBy    string    `json:"issued_by"`
	IssuedAt    time.Time `json:"issued_at"`
	AuditeeUnit string    `json:"auditee_unit"`
	AuditeeName string    `json:"auditee_name"`
	// Current is false for a revision a later one replaced.
	Current bool `json:"current"`
}

// IssueRecord is what issuing stores: the rendered PDF with the number and
// code drawn into it, and what it was drawn from.
type IssueRecord struct {
	AuditID     int64
	Revision    int // 1 for the first issue
	OwnerID     int64
	Year        int
	Seq         int
	Number      string
	Code        string
	PDF         []byte
	Fingerprint string // ReportFingerprint when the PDF was drawn
	Reason      string
	Corrections []Correction
	At          time.Time
	// Registered, when set, is the number and signing day from the
	// organiser's outgoing register, entered with the issued report.
	Registered *org.Registration
}

// Correction changes a finding's grade or statement in a revision: once
// the report is issued, findings change only with a new revision.
type Correction struct {
	FindingID int64   `json:"finding_id"`
	Grade     *string `json:"grade"`
	Statement *string `json:"statement"`
}

// RevisionInput is the body of a revision: why, and what it corrects.
type RevisionInput struct {
	Reason      string       `json:"reason"`
	Corrections []Correction `json:"corrections"`
}

// MaxRevisionReason bounds a revision's reason.
const MaxRevisionReason = 2000

// Normalize checks a revision: a reason, and corrections valid as a
// finding's edit is. Returns apperr.Invalid.
func (in *RevisionInput) Normalize() error {
	f := apperr.Fields{}
	in.Reason = strings.TrimSpace(text.Clean(in.Reason))
	if in.Reason == "" {
		f.Add("reason", apperr.M("validation.required"))
	}
	conduct.LimitText(f, "reason", in.Reason, MaxRevisionReason)
	for i := range in.Corrections {
		c := &in.Corrections[i]
		edit := FindingEdit{Grade: c.Grade, Statement: c.Statement}
		if err := edit.Normalize(); err != nil {
			for k, m := range apperr.As(err).Fields {
				f.Add("corrections."+k, m)
			}
		}
	}
	return f.Err()
}

// CanIssue reports whether u may issue an audit's report (CONTRACT.md):
// admin, office and the team's lead.
func CanIssue(u *auth.User, p *audit.Audit) bool { return audit.CanEditFindings(u, p) }

// ErrNotSubmitted is the 409 of issuing an audit that is not submitted.
func ErrNotSubmitted(status string) error {
	e := apperr.New(apperr.Conflict, "audit_not_submitted", apperr.M("report.error.not_submitted", "status", i18n.StatusMsg(i18n.StatusAudit, status)))
	e.Allowed = audit.NextAuditStates(status)
	return e
}

// ErrNotIssued is the 409 of revising a report never issued.
func ErrNotIssued(status string) error {
	e := apperr.New(apperr.Conflict, "audit_not_issued", apperr.M("report.error.not_issued", "status", i18n.StatusMsg(i18n.StatusAudit, status)))
	e.Allowed = audit.NextAuditStates(status)
	return e
}

// ErrChanged is the conflict of an issue whose audit, or number, changed
// while its PDF was drawn: the caller draws it again.
var ErrChanged = apperr.New(apperr.Conflict, "report_changed", apperr.M("report.error.changed"))
