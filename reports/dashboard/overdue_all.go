package dashboard

import (
	"cmp"
	"context"
	"slices"

	"github.com/crossaudit/crossaudit/audit/findings"
)

// OverdueNC is a nonconformity of any programme still open past its due
// date, as the register counts it overdue: its plan not submitted by the
// plan's due date, or an action not done by its own while the unit works
// on the plan.
type OverdueNC struct {
	ID        int64        `json:"id"`
	AuditID   int64        `json:"audit_id"`
	Programme ProgrammeRef `json:"programme"`
	Round     int          `json:"round"`
	Unit      string       `json:"unit"` // the audited unit, as recorded
	UnitName  string       `json:"unit_name"`
	Auditor   string       `json:"auditor_unit"`
	Clause    string       `json:"clause"`
	Item      string       `json:"item_id"`
	Grade     string       `json:"grade"`
	Status    string       `json:"status"`
	// Due is the date passed: the plan's when the plan is late, else the
	// earliest action's.
	Due string `json:"due"`
}

// OverdueAll is every programme's overdue nonconformities, the oldest due
// first (GET /api/v1/dashboard's overdue_all): a programme's dashboard
// would otherwise say nothing is overdue while last year's still are.
type OverdueAll struct {
	Count int         `json:"count"`
	Items []OverdueNC `json:"items"`
}

// loadOverdueAll reads the overdue nonconformities of every programme
// through the register's own query, so that the dashboard, the register and
// the home page count the same ones.
func (s *Store) loadOverdueAll(ctx context.Context, d *Data) error {
	fs := &findings.Store{DB: s.DB}
	list, err := fs.Findings(ctx, findings.FindingFilter{NonconformitiesOnly: true, OverdueOnly: true})
	if err != nil {
		return err
	}
	progs, err := s.Programmes(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]ProgrammeRef, len(progs))
	for _, p := range progs {
		byID[p.ID] = p
	}
	d.OverdueAll = make([]OverdueNC, 0, len(list))
	for _, f := range list {
		due := f.ActionDue
		if f.PlanOverdue(d.Today) {
			due = f.PlanDue
		}
		n := OverdueNC{ID: f.ID, AuditID: f.AuditID, Programme: byID[f.ProgrammeID], Round: f.RoundN, Unit: f.AuditeeUnit,
			UnitName: d.Names[f.AuditeeUnit], Auditor: f.AuditorUnit, Clause: f.Clause, Item: f.ItemID, Grade: f.Grade, Status: f.Status}
		if due != nil {
			n.Due = *due
		}
		d.OverdueAll = append(d.OverdueAll, n)
	}
	slices.SortFunc(d.OverdueAll, func(a, b OverdueNC) int { return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID)) })
	return nil
}

// overdueAll narrows every programme's overdue nonconformities by the
// filter, as the register on the page is narrowed; key maps a unit to the
// one standing for it after a merger.
func overdueAll(all []OverdueNC, f Filter, key func(string) string) OverdueAll {
	out := OverdueAll{Items: []OverdueNC{}}
	for _, n := range all {
		if (f.Unit == "" || key(n.Unit) == f.Unit) && (f.Status == "" || n.Status == f.Status) {
			out.Items = append(out.Items, n)
		}
	}
	out.Count = len(out.Items)
	return out
}

// InProgramme reports whether the nonconformity is of the dashboard's
// programme, which the page marks.
func (d *Dashboard) InProgramme(n OverdueNC) bool { return n.Programme.ID == d.Programme.ID }
