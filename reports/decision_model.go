package reports

import (
	"context"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// Decision is the decision forming one audit team (quyết định thành lập
// đoàn đánh giá).
//
// One decision per audit, not one per round: each team carries its own
// decision to the unit it audits as its mandate, the audited unit keeps it
// with the audit's records, and a change of team or date re-issues only
// that team's decision. It is also what each reader may see: an audited
// unit reads its own audit's team, never the other teams of the round.
type Decision struct {
	AuditID int64
	Owner   Owner
	// Date is the day it was drawn, for the file's metadata; the printed
	// number and date are the registration's (Official).
	Date     time.Time
	Official Official
	// Plan is the round plan's registration, cited as a basis with its
	// number and date once registered.
	Plan      Official
	Programme string
	Year      int
	Round     int
	Auditor   Unit
	Auditee   Unit
	Day       string // yyyy-mm-dd, the planned day
	Place     string
	Criteria  string
	Scope     string // the audit's scope; "" for the standard wording
	Members   []DecisionMember
}

// DecisionMember is one member named in article 1, numbered.
type DecisionMember struct {
	No   int
	Name string
	Unit string
	Role string // lead, auditor, expert, observer
}

// DecisionInput is what BuildDecision reads.
type DecisionInput struct {
	Plan     *audit.Audit
	Team     []PlanMember
	Owner    Owner
	Official Official
	// RoundPlan is the registration of the round's plan.
	RoundPlan Official
	Today     time.Time
}

// BuildDecision makes the decision's view model. It is pure; the members
// keep the team's order, lead first.
func BuildDecision(in DecisionInput) *Decision {
	p := in.Plan
	d := &Decision{AuditID: p.ID, Owner: in.Owner, Date: in.Today, Official: in.Official, Plan: in.RoundPlan,
		Programme: p.ProgrammeName, Year: p.Year, Round: p.Round,
		Auditor: Unit{p.AuditorUnit, p.AuditorUnitName}, Auditee: Unit{p.AuditeeUnit, p.AuditeeUnitName},
		Day: p.PlannedDate, Place: or(p.Place, p.AuditeeUnitName), Criteria: p.Criteria, Scope: strings.TrimSpace(p.Scope)}
	for _, m := range in.Team {
		d.Members = append(d.Members, DecisionMember{No: len(d.Members) + 1, Name: m.Name, Unit: m.Unit, Role: m.Role})
	}
	return d
}

// DecisionInput reads an audit for its team's decision; a cancelled audit
// has no team to form (apperr.Conflict). The plan's number and date are
// cited once the plan is registered.
func (l *Loader) DecisionInput(ctx context.Context, p *audit.Audit) (DecisionInput, error) {
	if p.Status == audit.StatusCancelled {
		return DecisionInput{}, apperr.New(apperr.Conflict, "audit_cancelled", apperr.M("rounddocs.error.cancelled"))
	}
	c := l.Findings
	src, err := c.ReportSource(ctx, p.ID)
	if err != nil {
		return DecisionInput{}, err
	}
	teams, err := l.teams(ctx, `a.id = ?`, p.ID)
	if err != nil {
		return DecisionInput{}, err
	}
	in := DecisionInput{Plan: p, Team: teams[p.ID], Today: c.DB.Now(),
		Owner: ownerOf(src)}
	var round int64
	if err := c.DB.R.QueryRowContext(ctx, `SELECT round_id FROM audits WHERE id = ?`, p.ID).Scan(&round); err != nil {
		return in, err
	}
	if in.Official, err = l.official(ctx, org.OutgoingDecision, p.ID, in.Owner); err != nil {
		return in, err
	}
	in.RoundPlan, err = l.official(ctx, org.OutgoingPlan, round, in.Owner)
	return in, err
}
