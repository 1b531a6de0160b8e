package dashboard_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// reviewToday is "today" in the review tests: 26/11/2026 in Viet Nam.
var reviewToday = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

func reviewDay(s string) *string { return &s }

func reviewID(n int64) *int64 { return &n }

// reviewFixture is Xã Hiệp An (24961), into which 24999 was merged, with
// three rounds over 2025 and 2026 beside another unit, nonconformities in
// every follow-up state, and dossier figures. statement is the text of
// every nonconformity, for hostile-text tests.
func reviewFixture(name, statement string) dashboard.ReviewInput {
	res := func(seq, year, round int, auditee string, c dashboard.Counts) dashboard.Result {
		return dashboard.Result{AuditID: int64(100 + 10*seq + len(auditee)), Year: year, Round: round, Seq: seq, Status: "issued",
			Auditor: "24958", Auditee: auditee, Counts: c}
	}
	nc := func(id int64, year int, grade, status string, due *string) dashboard.NC {
		return dashboard.NC{ID: id, AuditID: 110, Round: 1, Auditee: "24961", Auditor: "24958", Clause: "8.5.1", Item: "T05", Grade: grade,
			Statement: statement, Status: status, PlanDue: due, ProgrammeID: int64(year - 2024), Year: year}
	}
	overdue := nc(2, 2026, "major", "open", reviewDay("2026-10-01"))
	overdue.Overdue = true
	onTime := nc(4, 2026, "minor", "closed", reviewDay("2026-06-30"))
	onTime.ClosedOn = "2026-06-01"
	late := nc(5, 2026, "minor", "closed", reviewDay("2026-06-30"))
	late.ClosedOn, late.RepeatOf = "2026-07-15", reviewID(10)
	return dashboard.ReviewInput{
		Unit: &dashboard.UnitData{Code: "24961", Name: name, Names: map[string]string{"24961": name, "24958": "Thị trấn Liên Nghĩa"},
			Family: []string{"24961", "24999"},
			History: []dashboard.Result{
				res(0, 2025, 1, "24961", dashboard.Counts{Conform: 18, Minor: 2}),
				res(0, 2025, 1, "24958", dashboard.Counts{Conform: 20}),
				res(1, 2026, 1, "24961", dashboard.Counts{Conform: 15, Minor: 4, Major: 1, NA: 3}),
				res(1, 2026, 1, "24958", dashboard.Counts{Conform: 19, Minor: 1}),
				res(2, 2026, 2, "24961", dashboard.Counts{Conform: 19, Minor: 1}),
			},
			NCs: []dashboard.NC{
				nc(1, 2026, "minor", "open", reviewDay("2026-12-31")),
				overdue,
				nc(3, 2026, "minor", "plan_accepted", reviewDay("2026-12-31")),
				onTime, late,
				nc(6, 2026, "minor", "closed", nil),
				nc(10, 2025, "minor", "closed", reviewDay("2025-06-30")),
				nc(11, 2025, "minor", "implemented", reviewDay("2025-06-30")),
				nc(12, 2027, "minor", "open", nil),
			},
			Figures: []procedures.Figures{
				{Unit: "24961", Period: "2026-Q1", Received: 100, OnTime: 95, Late: 5, Paper: 50, Electronic: 50},
				{Unit: "24961", Period: "2026-Q2", Received: 100, OnTime: 100, Paper: 50, Electronic: 40},
				{Unit: "24999", Period: "2026-Q1", Received: 10, OnTime: 10},
				{Unit: "24961", Period: "2025", Received: 400, OnTime: 400, Paper: 200, Electronic: 200},
				{Unit: "24958", Period: "2026", Received: 999, OnTime: 1},
			},
			Target: 98},
		Year:    2026,
		Owner:   dashboard.ReviewOwner{Name: "UBND XÃ HIỆP AN", Place: "Hiệp An", InText: "xã Hiệp An", Chairman: "Nguyễn Văn Chủ"},
		Actions: map[int64]dashboard.ActionTally{3: {Total: 2, Done: 1, NextDue: "2026-11-01"}, 1: {Total: 1}},
		Today:   reviewToday,
	}
}

func pct(v *float64) float64 {
	if v == nil {
		return -1
	}
	return math.Round(*v*10) / 10
}

func TestBuildReview(t *testing.T) {
	empty := dashboard.ReviewInput{Unit: &dashboard.UnitData{Code: "24961", Name: "Xã Hiệp An"}, Year: 2026, Today: reviewToday}
	noAudits := reviewFixture("Xã Hiệp An", "x")
	noAudits.Year = 2030
	type want struct {
		audits, rounds                 int
		score, previous, trend, onTime float64 // -1: none
		tally                          dashboard.ReviewTally
		states                         []string
		carried, repeats               []int64
		dossier                        bool
		periods                        []string
	}
	tests := []struct {
		name string
		in   dashboard.ReviewInput
		want want
	}{
		{"a unit with no data at all", empty, want{score: -1, previous: -1, trend: -1, onTime: -1}},
		{"a year with no audits: earlier rounds as the trend, the rest empty", noAudits,
			want{rounds: 3, score: -1, previous: -1, trend: -1, onTime: -1, carried: []int64{1, 2, 3, 11, 12}}},
		{"the year 2026", reviewFixture("Xã Hiệp An", "x"), want{audits: 2, rounds: 3, score: 81, previous: 90, trend: -9, onTime: 50,
			tally:   dashboard.ReviewTally{Total: 6, Major: 1, Minor: 5, Open: 1, Overdue: 2, ClosedOnTime: 1, ClosedLate: 1, ClosedNoDue: 1},
			states:  []string{"open", "overdue", "overdue", "closed_on_time", "closed_late", "closed"},
			carried: []int64{11}, repeats: []int64{5}, dossier: true, periods: []string{"24961 2026-Q1", "24961 2026-Q2", "24999 2026-Q1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dashboard.BuildReview(tt.in)
			w := tt.want
			if r.Audits != w.audits || len(r.Rounds) != w.rounds || r.HasAudits() != (w.audits > 0) {
				t.Errorf("%d audits in %d rounds, want %d in %d", r.Audits, len(r.Rounds), w.audits, w.rounds)
			}
			if pct(r.Score) != w.score || pct(r.Previous) != w.previous || pct(r.Trend) != w.trend || pct(r.Tally.OnTimeRate) != w.onTime {
				t.Errorf("score %v previous %v trend %v on time %v, want %v %v %v %v", pct(r.Score), pct(r.Previous), pct(r.Trend),
					pct(r.Tally.OnTimeRate), w.score, w.previous, w.trend, w.onTime)
			}
			got := r.Tally
			got.OnTimeRate = nil
			if got != w.tally {
				t.Errorf("tally %+v, want %+v", got, w.tally)
			}
			var states []string
			for _, n := range r.NCs {
				states = append(states, n.State)
			}
			if !slices.Equal(states, w.states) {
				t.Errorf("states %v, want %v", states, w.states)
			}
			ids := func(l []dashboard.ReviewNC) (out []int64) {
				for _, n := range l {
					out = append(out, n.ID)
				}
				return out
			}
			if !slices.Equal(ids(r.Carried), w.carried) || !slices.Equal(ids(r.Repeats), w.repeats) {
				t.Errorf("carried %v repeats %v, want %v %v", ids(r.Carried), ids(r.Repeats), w.carried, w.repeats)
			}
			var periods []string
			for _, f := range r.Figures {
				periods = append(periods, f.Unit+" "+f.Period)
			}
			if (r.Dossier != nil) != w.dossier || !slices.Equal(periods, w.periods) {
				t.Errorf("dossier %+v periods %v, want %v %v", r.Dossier, periods, w.dossier, w.periods)
			}
		})
	}
}

// TestReviewTrendAndDossier checks the rounds' changes and the year's
// dossier figures of the family against the target.
func TestReviewTrendAndDossier(t *testing.T) {
	r := dashboard.BuildReview(reviewFixture("Xã Hiệp An", "x"))
	var changes []float64
	for _, p := range r.Rounds {
		changes = append(changes, pct(p.Change))
	}
	if want := []float64{-1, -21.8, 26.8}; !slices.Equal(changes, want) {
		t.Errorf("changes %v, want %v", changes, want)
	}
	if in := []bool{r.Rounds[0].InPeriod, r.Rounds[1].InPeriod, r.Rounds[2].InPeriod}; !slices.Equal(in, []bool{false, true, true}) {
		t.Errorf("in period %v", in)
	}
	d := r.Dossier
	if d == nil || d.Received != 210 || d.OnTime != 205 || d.Paper != 100 || d.Electronic != 90 || !d.OnTimeRate.Below || !d.Parity.Below {
		t.Fatalf("dossier %+v", d)
	}
	if f := r.Figures[0]; !f.OnTimeRate.Known || f.OnTimeRate.Pct != 95 || !f.OnTimeRate.Below || f.Parity.Below {
		t.Errorf("2026-Q1 rates %+v %+v", f.OnTimeRate, f.Parity)
	}
	if f := r.Figures[2]; f.Parity.Known {
		t.Errorf("no paper dossier, yet a parity: %+v", f.Parity)
	}
}
