package reports

import (
	"context"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// minActionRows is how many rows the request form's action table has at
// least: the audited unit fills the empty ones by hand.
const minActionRows = 3

// CARequest is the corrective-action request form of one nonconformity
// (phiếu yêu cầu hành động khắc phục): the auditing team's part filled
// from the finding, the audited unit's part (root cause, correction,
// similar cases, actions) filled from what it has entered so far and left
// blank for handwriting otherwise, and the verification part for the lead.
type CARequest struct {
	Owner Owner
	Date  time.Time
	// Number is the form's number, allocated when it is first printed
	// ("4/PYC-HĐKP"); "" prints a blank number.
	Number    string
	FindingID int64
	AuditID   int64
	Programme string
	Year      int
	Round     int
	Auditee   Unit
	Auditor   Unit
	AuditDate string // yyyy-mm-dd
	Lead      string
	Clause    string
	Item      string
	Grade     string
	Statement string
	Evidence  string
	Status    string
	PlanDue   string // yyyy-mm-dd, "" before submission
	// The audited unit's answer, empty until it writes it.
	RootCause    string
	Whys         []string
	Correction   string
	SimilarCases string
	// Actions are numbered; Blank is how many empty rows follow them.
	Actions []CAAction
	Blank   int
	// Verification is the lead's recorded verification, nil while the
	// nonconformity is not verified: the form then keeps its empty box.
	Verification *CAVerification

	// CauseCategory is the root cause's category (findings.CauseCategories),
	// "" when none was chosen.
	CauseCategory string
}

// CAVerification is what the workflow recorded of the lead's check: who
// verified and when, with the note, and once closed, when effectiveness
// was confirmed and the note on it.
type CAVerification struct {
	By   string
	On   string // yyyy-mm-dd in Viet Nam
	Note string
	// ClosedOn and ClosedBy are set once effectiveness was confirmed and
	// the nonconformity closed; ClosedNote is the note on effectiveness.
	ClosedOn   string
	ClosedBy   string
	ClosedNote string
}

// CAAction is one corrective action on the form.
type CAAction struct {
	No          int
	Description string
	Owner       string
	Due         string // yyyy-mm-dd
	Done        string // yyyy-mm-dd, "" while open
}

// CARequestInput is what BuildCARequest reads.
type CARequestInput struct {
	NC     *findings.NCDetail
	Plan   *audit.Audit
	Owner  Owner
	Number string
	Today  time.Time
}

// BuildCARequest makes the request form's view model. It is pure.
func BuildCARequest(in CARequestInput) *CARequest {
	nc, p := in.NC, in.Plan
	r := &CARequest{Owner: in.Owner, Date: in.Today, Number: in.Number, FindingID: nc.ID, AuditID: nc.AuditID,
		Programme: p.ProgrammeName, Year: p.Year, Round: p.Round,
		Auditee: Unit{p.AuditeeUnit, p.AuditeeUnitName}, Auditor: Unit{p.AuditorUnit, p.AuditorUnitName},
		AuditDate: p.PlannedDate, Clause: nc.Clause, Item: nc.ItemID, Grade: nc.Grade, Statement: nc.Statement,
		Evidence: nc.Evidence, Status: nc.Status, RootCause: nc.RootCause, Correction: nc.Correction,
		SimilarCases: nc.SimilarCases}
	if nc.CauseCategory != nil {
		r.CauseCategory = *nc.CauseCategory
	}
	if l := p.Lead(); l != nil {
		r.Lead = l.DisplayName
	}
	if nc.PlanDue != nil {
		r.PlanDue = *nc.PlanDue
	}
	for _, w := range nc.Whys {
		if w != "" {
			r.Whys = append(r.Whys, w)
		}
	}
	for i, a := range nc.Actions {
		ca := CAAction{No: i + 1, Description: a.Description, Owner: or(a.OwnerName, a.Owner), Due: a.DueDate}
		if a.DoneAt != nil {
			ca.Done = i18n.Day(*a.DoneAt)
		}
		r.Actions = append(r.Actions, ca)
	}
	r.Blank = max(0, minActionRows-len(r.Actions))
	r.Verification = verificationOf(nc)
	return r
}

// verificationOf reads the last verification and closing from the
// nonconformity's history while it stands verified or closed; a reopened
// one is not verified any more, and gets the empty box again.
func verificationOf(nc *findings.NCDetail) *CAVerification {
	if nc.Status != findings.NCVerified && nc.Status != findings.NCClosed {
		return nil
	}
	var v *CAVerification
	for _, h := range nc.History {
		switch h.To {
		case findings.NCVerified:
			v = &CAVerification{By: or(h.ActorName, h.Actor), On: i18n.Day(h.At), Note: h.Note}
		case findings.NCClosed:
			if v != nil {
				v.ClosedBy, v.ClosedOn, v.ClosedNote = or(h.ActorName, h.Actor), i18n.Day(h.At), h.Note
			}
		}
	}
	if v == nil && nc.VerifiedAt != nil { // verified before the history kept it
		v = &CAVerification{On: i18n.Day(*nc.VerifiedAt)}
	}
	return v
}

// CARequestInput reads a nonconformity for its request form: the
// nonconformity with its analysis and actions, its audit's plan and the
// programme's owner. Returns apperr.NotFound.
func (l *Loader) CARequestInput(ctx context.Context, nc *findings.NCDetail) (CARequestInput, error) {
	c := l.Findings
	p, err := c.Audits.Audit(ctx, nc.AuditID)
	if err != nil {
		return CARequestInput{}, err
	}
	src, err := c.ProgrammeOwner(ctx, p.ProgrammeID)
	if err != nil {
		return CARequestInput{}, err
	}
	return CARequestInput{NC: nc, Plan: p, Today: c.DB.Now(),
		Owner: ownerOf(src)}, nil
}
