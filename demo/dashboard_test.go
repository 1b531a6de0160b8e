package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// TestDemoDashboard checks what the dashboard shows at first sign-in: last
// year's results for all 15 units, this year's progress, and the lenient
// pair flagged by the leniency analysis with nothing else flagged.
func TestDemoDashboard(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	store := &dashboard.Store{DB: d}
	year := time.Now().Year()
	var lastID, thisID int64
	if err := d.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, year-1).Scan(&lastID); err != nil {
		t.Fatal(err)
	}
	if err := d.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, year).Scan(&thisID); err != nil {
		t.Fatal(err)
	}
	last, err := store.Load(ctx, lastID)
	if err != nil {
		t.Fatal(err)
	}
	lb := dashboard.Build(last, dashboard.Filter{})
	scored := 0
	for _, st := range lb.League {
		if st.Score != nil {
			scored++
		}
	}
	if scored != 15 || len(lb.Units) != 15 {
		t.Errorf("last year's league scores %d of %d units, want all 15", scored, len(lb.Units))
	}
	this, err := store.Load(ctx, thisID)
	if err != nil {
		t.Fatal(err)
	}
	tb := dashboard.Build(this, dashboard.Filter{})
	if !tb.HasData() || tb.Previous == nil || tb.Previous.ID != lastID || tb.Change.ScoreDelta == nil {
		t.Errorf("this year's dashboard lacks results or the comparison with last year: %+v", tb.Change)
	}
	if len(tb.Rounds) != 2 || tb.Rounds[0].Total != 15 || tb.Rounds[0].ByState["planned"] == 0 || tb.Rounds[0].ByState["in_progress"] == 0 {
		t.Errorf("round progress %+v", tb.Rounds)
	}
	// This year's league marks the results that came from an audit by a unit
	// the fairness analysis flags, and only those (CONTRACT.md: flags).
	flagged := 0
	for _, st := range tb.League {
		if st.AuditID == 0 {
			continue
		}
		var auditor string
		if err := d.R.QueryRow(`SELECT u.code FROM audits a JOIN units u ON u.id = a.auditor_unit_id WHERE a.id = ?`, st.AuditID).Scan(&auditor); err != nil {
			t.Fatal(err)
		}
		want := slices.Contains(tb.Leniency.Flagged(), auditor)
		if got := st.Flagged(dashboard.FlagLenientAuditor); got != want {
			t.Errorf("%s (audited by %s): flagged %v, want %v", st.Unit, auditor, got, want)
		}
		if want {
			flagged++
		}
	}
	if flagged == 0 {
		t.Error("no league row carries the lenient_auditor flag, though the lenient pair audited this year")
	}
	// Audits planned before today and not yet started are late, and say so.
	if len(tb.LateAudits) == 0 {
		t.Error("no late audit in this year's dashboard, though some planned days are past")
	}
	for _, l := range tb.LateAudits {
		if l.PlannedOn >= this.Today || (l.Status != "planned" && l.Status != "in_progress") {
			t.Errorf("late audit %+v on %s", l, this.Today)
		}
	}
	if got, want := tb.Leniency.Flagged(), []string{"24958", "24961"}; !slices.Equal(got, want) {
		for code, u := range tb.Leniency.Units {
			t.Logf("%s: %d audits, %d found, %.1f expected, z %.2f (threshold %.2f)", code, u.Audits, u.Findings, u.Expected, u.Z, tb.Leniency.UnitZ)
		}
		t.Errorf("flagged %v, want the lenient pair %v", got, want)
	}
	for _, code := range []string{"24958", "24961"} {
		u := tb.Leniency.Units[code]
		if u.Audits < 2 || u.Index == nil || *u.High >= 1 {
			t.Errorf("%s: the flag lacks its evidence: %+v", code, u.Severity)
		}
	}
	// The two audited each other across the rounds: last year Liên Nghĩa
	// audited Hiệp An, this year the other way round; the pair is flagged,
	// with the audits behind it.
	pairs := tb.Leniency.FlaggedPairs()
	if len(pairs) != 1 || pairs[0].A+pairs[0].B != "2495824961" && pairs[0].A+pairs[0].B != "2496124958" || len(pairs[0].Evidence) < 2 {
		for _, p := range tb.Leniency.Pairs {
			t.Logf("pair %s-%s: %d audits, %+v", p.A, p.B, len(p.Evidence), p.Severity)
		}
		t.Errorf("flagged pairs %+v, want the lenient pair 24958-24961 with its audits", pairs)
	}
	if len(tb.Leniency.RareItems) == 0 {
		t.Error("no items listed as rarely found nonconforming")
	}
	if len(tb.NCs) == 0 || len(tb.Heatmap.Rows) != 15 || tb.Heatmap.Max == 0 {
		t.Errorf("this year's register (%d) or heatmap (%d rows, max %d) is empty", len(tb.NCs), len(tb.Heatmap.Rows), tb.Heatmap.Max)
	}
	// Dossier figures: this year's quarters summed for every unit, some
	// below the 98 % target; last year's from its yearly figures.
	for _, b := range []*dashboard.Dashboard{tb, lb} {
		ds := b.Dossiers
		if ds == nil || ds.Target != 98 || len(ds.Units) != 15 || ds.Missing != 0 || ds.Below == 0 || ds.Below == 15 {
			t.Fatalf("%d's dossier figures: %+v", b.Programme.Year, ds)
		}
		for _, r := range ds.Units {
			if !r.HasFigures || !r.OnTimeRate.Known || !r.Parity.Known || b.Units[r.Unit].Dossier == nil {
				t.Errorf("%d: %s's dossier figures %+v", b.Programme.Year, r.Unit, r)
			}
		}
	}
	if got := tb.Dossiers.Units[0].Periods; !slices.Equal(got, []string{fmt.Sprintf("%d-Q1", year), fmt.Sprintf("%d-Q2", year), fmt.Sprintf("%d-Q3", year)}) {
		t.Errorf("this year's figures sum %v, want its three quarters", got)
	}
	if got := lb.Dossiers.Units[0].Periods; !slices.Equal(got, []string{fmt.Sprint(year - 1)}) {
		t.Errorf("last year's figures come from %v, want the year", got)
	}
	// A unit's own page shows its figures year by year.
	ud, err := store.LoadUnit(ctx, "24961")
	if err != nil {
		t.Fatal(err)
	}
	if v := dashboard.BuildUnit(ud); len(v.Dossiers) != 2 || v.Dossiers[0].Year != year || v.Dossiers[1].Year != year-1 || v.Target != 98 {
		t.Errorf("Hiệp An's own dossier figures: %+v", v.Dossiers)
	}
}
