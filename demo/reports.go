package demo

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/reports"
)

// issuedThisYear is how many of this year's submitted audits the office
// issues; the others stay submitted, waiting for it (CONTRACT.md).
const issuedThisYear = 2

// DemoSite is the address the demo's reports print for verification: the
// default address of serve.
const DemoSite = "http://127.0.0.1:8080"

// loadReports issues, as the office, every audit of last year's programme
// and the first two submitted audits of this year.
func loadReports(ctx context.Context, f *findings.Store) error {
	store, d := f.Audits, f.DB
	office, err := (&auth.Store{DB: d}).UserByUsername(ctx, "office")
	if err != nil {
		return fmt.Errorf("demo: reports: %w", err)
	}
	ctx = db.WithActor(ctx, office.ID)
	year := d.Now().In(i18n.Zone).Year()
	last, err := firstRound(ctx, store, year-1)
	if err != nil {
		return err
	}
	var lastIDs, ids []int64
	for _, a := range last {
		lastIDs = append(lastIDs, a.ID)
	}
	this, err := firstRound(ctx, store, year)
	if err != nil {
		return err
	}
	n := 0
	for _, a := range this {
		if a.Status == audit.StatusSubmitted && n < issuedThisYear {
			ids = append(ids, a.ID)
			n++
		}
	}
	// Last year's first, in a batch of their own: a batch reads all its
	// audits before it stores any report, and this year's repeat findings
	// name the report that raised them the first time.
	is := &reports.Issuer{Loader: &reports.Loader{Findings: f}, Cat: i18n.MustLoad()}
	for _, batch := range [][]int64{lastIDs, ids} {
		if _, err := is.IssueAll(ctx, batch, DemoSite); err != nil {
			return fmt.Errorf("demo: issue reports: %w", err)
		}
	}
	return nil
}
