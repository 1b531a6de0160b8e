package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// The first running numbers the demo's văn thư gives each year: a
// district's register is well into the hundreds by the audit season.
var (
	firstPlanNumber     = map[int]int{0: 95, -1: 112}
	firstDecisionNumber = map[int]int{0: 101, -1: 118}
)

// loadOutgoing registers, as the office, what a district had signed by
// now: the plan of every confirmed round a week before it starts, and the
// decision of every team that has started work three days after its
// plan. The teams still waiting (planned audits) keep draft decisions, so
// that the demo shows both a registered document and one to register.
func loadOutgoing(ctx context.Context, f *findings.Store) error {
	d := f.DB
	office, err := (&auth.Store{DB: d}).UserByUsername(ctx, "office")
	if err != nil {
		return fmt.Errorf("demo: register: %w", err)
	}
	ctx = db.WithActor(ctx, office.ID)
	units := &org.Store{DB: d}
	now := d.Now()
	year := now.In(i18n.Zone).Year()
	ps, err := f.Audits.ListProgrammes(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		prog, err := f.Audits.Programme(ctx, p.ID)
		if err != nil {
			return err
		}
		var owner int64
		if err := d.R.QueryRowContext(ctx, `SELECT owner_id FROM programmes WHERE id = ?`, p.ID).Scan(&owner); err != nil {
			return fmt.Errorf("demo: register: %w", err)
		}
		plan, dec := firstPlanNumber[prog.Year-year], firstDecisionNumber[prog.Year-year]
		for _, r := range prog.Rounds {
			if r.Status != audit.RoundConfirmed {
				continue
			}
			start, err := time.ParseInLocation(time.DateOnly, r.StartsOn, i18n.Zone)
			if err != nil {
				return err
			}
			signed := func(days int) string {
				if t := start.AddDate(0, 0, days); t.Before(now) {
					return i18n.Day(t)
				}
				return i18n.Day(now)
			}
			in := org.RegisterInput{Number: fmt.Sprintf("%d/KH-%s", plan, Owner.Symbol), SignedOn: signed(-7)}
			if _, err := units.Register(ctx, org.OutgoingPlan, r.ID, owner, in); err != nil {
				return fmt.Errorf("demo: register plan %d: %w", r.ID, err)
			}
			plan++
			for _, a := range prog.Audits {
				if a.Round != r.N || a.Status == audit.StatusPlanned || a.Status == audit.StatusCancelled {
					continue
				}
				in := org.RegisterInput{Number: fmt.Sprintf("%d/QĐ-%s", dec, Owner.Symbol), SignedOn: signed(-4)}
				if _, err := units.Register(ctx, org.OutgoingDecision, a.ID, owner, in); err != nil {
					return fmt.Errorf("demo: register decision %d: %w", a.ID, err)
				}
				dec++
			}
		}
	}
	return nil
}
