package reports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// ActionRegister is the corrective-action register of a programme (sổ
// theo dõi hành động khắc phục): every nonconformity with its root cause,
// its actions and their state, ordered by round and audited unit as the
// programme summary lists them.
type ActionRegister struct {
	Owner   Owner
	Name    string
	Year    int
	Date    time.Time
	Rows    []RegisterRow
	Closed  int // nonconformities closed
	Overdue int // nonconformities with a plan or an action overdue
	// Actions and Done count the corrective actions and those done.
	Actions, Done int
}

// RegisterRow is one nonconformity of the register.
type RegisterRow struct {
	No        int
	FindingID int64
	Round     int
	Auditee   Unit
	Auditor   string // the auditing unit's name
	Clause    string
	Item      string
	Grade     string
	Statement string
	RootCause string
	Status    string
	PlanDue   string // yyyy-mm-dd
	Overdue   bool
	Actions   []RegisterAction

	// CauseCategory is the root cause's category, "" for none.
	CauseCategory string
}

// RegisterAction is one corrective action in the register.
type RegisterAction struct {
	CAAction
	Overdue bool
}

// ActionRegisterInput is what BuildActionRegister reads.
type ActionRegisterInput struct {
	Programme *audit.Programme
	Owner     Owner
	// Results are the programme's audits, which name the units and give
	// the order.
	Results []findings.AuditResult
	NCs     []*findings.NCDetail
	Today   time.Time
}

// BuildActionRegister makes the register's view model. It is pure.
func BuildActionRegister(in ActionRegisterInput) *ActionRegister {
	p := in.Programme
	r := &ActionRegister{Owner: in.Owner, Name: p.Name, Year: p.Year, Date: in.Today}
	order := map[int64]int{}
	audits := map[int64]findings.AuditResult{}
	for i, a := range in.Results {
		order[a.AuditID] = i
		audits[a.AuditID] = a
	}
	ncs := slices.Clone(in.NCs)
	slices.SortStableFunc(ncs, func(a, b *findings.NCDetail) int {
		return cmp.Or(cmp.Compare(order[a.AuditID], order[b.AuditID]), cmp.Compare(a.ID, b.ID))
	})
	for _, nc := range ncs {
		a := audits[nc.AuditID]
		row := RegisterRow{No: len(r.Rows) + 1, FindingID: nc.ID, Round: nc.RoundN, Auditee: Unit{nc.AuditeeUnit, or(a.AuditeeName, nc.AuditeeUnit)},
			Auditor: or(a.AuditorName, nc.AuditorUnit), Clause: nc.Clause, Item: nc.ItemID, Grade: nc.Grade, Statement: nc.Statement,
			RootCause: nc.RootCause, Status: nc.Status, Overdue: nc.Overdue}
		if nc.PlanDue != nil {
			row.PlanDue = *nc.PlanDue
		}
		if nc.CauseCategory != nil {
			row.CauseCategory = *nc.CauseCategory
		}
		for i, x := range nc.Actions {
			ra := RegisterAction{CAAction: CAAction{No: i + 1, Description: x.Description, Owner: or(x.OwnerName, x.Owner), Due: x.DueDate}, Overdue: x.Overdue}
			if x.DoneAt != nil {
				ra.Done = i18n.Day(*x.DoneAt)
				r.Done++
			}
			row.Actions = append(row.Actions, ra)
			r.Actions++
		}
		if nc.Status == findings.NCClosed {
			r.Closed++
		}
		if row.Overdue {
			r.Overdue++
		}
		r.Rows = append(r.Rows, row)
	}
	return r
}

// RegisterInput reads a programme's corrective-action register: the
// programme, its audits, and each nonconformity with its analysis and
// actions. Returns apperr.NotFound.
func (l *Loader) RegisterInput(ctx context.Context, programmeID int64) (ActionRegisterInput, error) {
	c := l.Findings
	p, err := c.Audits.Programme(ctx, programmeID)
	if err != nil {
		return ActionRegisterInput{}, err
	}
	in := ActionRegisterInput{Programme: p, Today: c.DB.Now()}
	if in.Results, err = c.ProgrammeResults(ctx, programmeID); err != nil {
		return in, err
	}
	fs, err := c.Findings(ctx, findings.FindingFilter{ProgrammeID: programmeID, NonconformitiesOnly: true})
	if err != nil {
		return in, err
	}
	for _, f := range fs {
		nc, err := c.NC(ctx, f.ID)
		if err != nil {
			return in, err
		}
		in.NCs = append(in.NCs, nc)
	}
	src, err := c.ProgrammeOwner(ctx, programmeID)
	in.Owner = ownerOf(src)
	return in, err
}
