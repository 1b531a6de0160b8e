package reports

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// RoundPlan is the plan of a round (kế hoạch đánh giá): its objectives,
// scope and criteria, the schedule of who audits whom and when, and each
// team with its lead and members.
type RoundPlan struct {
	Owner Owner
	// Date is the day it was drawn, for the file's metadata; the printed
	// number and date are the registration's (Official).
	Date       time.Time
	Official   Official
	Programme  string
	Year       int
	Round      int
	From, To   string // yyyy-mm-dd, the round's window
	Objectives string // the programme's; "" for the standard wording
	Criteria   string
	Units      int // distinct units taking part
	Rows       []PlanRow
	// Cancelled counts the audits left out because they were cancelled.
	Cancelled int
}

// PlanRow is one audit in the plan, numbered in schedule order.
type PlanRow struct {
	No       int
	AuditID  int64
	Date     string // yyyy-mm-dd
	Place    string // the audit's place, else the audited unit's name
	Auditor  Unit
	Auditee  Unit
	Lead     string
	LeadUnit string
	// Members are the team without its lead, in role order.
	Members []PlanMember
}

// RoundPlanInput is what BuildRoundPlan reads.
type RoundPlanInput struct {
	Round    RoundInfo
	Audits   []PlanAudit
	Official Official
	Today    time.Time
}

// BuildRoundPlan makes the round plan's view model. It is pure: cancelled
// audits are left out (and counted), the rest ordered by day, then by the
// audited unit's code.
func BuildRoundPlan(in RoundPlanInput) *RoundPlan {
	r := in.Round
	p := &RoundPlan{Owner: r.Owner, Date: in.Today, Official: in.Official, Programme: r.Programme, Year: r.Year, Round: r.N,
		From: r.StartsOn, To: r.EndsOn, Objectives: strings.TrimSpace(r.Objectives), Criteria: r.Criteria}
	units := map[string]bool{}
	audits := slices.Clone(in.Audits)
	slices.SortStableFunc(audits, func(a, b PlanAudit) int {
		return strings.Compare(a.Date+"\x00"+a.Auditee.Code, b.Date+"\x00"+b.Auditee.Code)
	})
	for _, a := range audits {
		if a.Status == audit.StatusCancelled {
			p.Cancelled++
			continue
		}
		units[a.Auditor.Code], units[a.Auditee.Code] = true, true
		row := PlanRow{No: len(p.Rows) + 1, AuditID: a.AuditID, Date: a.Date, Place: or(a.Place, a.Auditee.Name), Auditor: a.Auditor, Auditee: a.Auditee}
		for _, m := range a.Team {
			if m.Role == audit.TeamLead && row.Lead == "" {
				row.Lead, row.LeadUnit = m.Name, m.Unit
				continue
			}
			row.Members = append(row.Members, m)
		}
		p.Rows = append(p.Rows, row)
	}
	p.Units = len(units)
	return p
}

// RoundPlanInput reads a round for its plan; only a confirmed round has
// audits and teams to plan (apperr.Conflict otherwise). Returns
// apperr.NotFound.
func (l *Loader) RoundPlanInput(ctx context.Context, roundID int64) (RoundPlanInput, error) {
	r, err := l.RoundInfo(ctx, roundID)
	if err != nil {
		return RoundPlanInput{}, err
	}
	if r.Status != audit.RoundConfirmed {
		e := apperr.New(apperr.Conflict, "round_not_confirmed", apperr.M("rounddocs.error.not_confirmed", "n", r.N))
		e.Allowed = []string{audit.RoundConfirmed}
		return RoundPlanInput{}, e
	}
	audits, err := l.RoundAudits(ctx, roundID)
	if err != nil {
		return RoundPlanInput{}, err
	}
	in := RoundPlanInput{Round: r, Audits: audits, Today: l.Findings.DB.Now()}
	in.Official, err = l.official(ctx, org.OutgoingPlan, roundID, r.Owner)
	return in, err
}
