package audit

import (
	"slices"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

func TestSelectTeam(t *testing.T) {
	cands := []Candidate{
		{UserID: 1, Username: "b.new", UnitCode: "A", Certificates: [][2]string{{"2025-01-01", "2027-12-31"}}},
		{UserID: 2, Username: "a.old", UnitCode: "A", Certificates: [][2]string{{"2020-01-01", "2026-12-31"}}},
		{UserID: 3, Username: "c.expired", UnitCode: "A", Certificates: [][2]string{{"2019-01-01", "2026-03-01"}}},
		{UserID: 4, Username: "d.conflict", UnitCode: "A", Certificates: [][2]string{{"2018-01-01", "2030-01-01"}}, Conflicts: []string{"B"}},
		{UserID: 5, Username: "e.none", UnitCode: "A"},
		{UserID: 6, Username: "f.other", UnitCode: "C", Certificates: [][2]string{{"2018-01-01", "2030-01-01"}}},
		{UserID: 7, Username: "g.third", UnitCode: "A", Certificates: [][2]string{{"2024-01-01", "2030-01-01"}}},
		{UserID: 8, Username: "h.fourth", UnitCode: "A", Certificates: [][2]string{{"2024-06-01", "2030-01-01"}}},
	}
	team := SelectTeam(cands, "A", "B", "2026-06-15")
	var got []string
	for _, m := range team {
		got = append(got, m.Username+":"+m.Role)
	}
	want := []string{"a.old:lead", "g.third:auditor", "h.fourth:auditor"}
	if !slices.Equal(got, want) {
		t.Errorf("team %v, want %v", got, want)
	}
	if team := SelectTeam(cands, "A", "A", "2026-06-15"); team != nil {
		t.Errorf("a unit's own auditors audit it: %v", team)
	}
	if team := SelectTeam(cands, "Z", "B", "2026-06-15"); team != nil {
		t.Errorf("a unit without auditors got a team: %v", team)
	}
	if team := SelectTeam(cands[:1], "A", "B", "2024-06-15"); team != nil {
		t.Errorf("a certificate not yet issued qualified: %v", team)
	}
}

func TestScheduleStaysInTheWindowOnWorkingDays(t *testing.T) {
	pairs := []assign.Pair{{Auditor: "A", Auditee: "B"}, {Auditor: "B", Auditee: "C"}, {Auditor: "C", Auditee: "A"},
		{Auditor: "A", Auditee: "C"}, {Auditor: "B", Auditee: "A"}, {Auditor: "C", Auditee: "B"}}
	w := RoundWindow{StartsOn: "2026-06-01", EndsOn: "2026-06-14"} // Monday to Sunday of the next week
	days := Schedule(pairs, w, Calendar{})
	perAuditor := map[string][]string{}
	for i, d := range days {
		day, err := time.Parse(time.DateOnly, d)
		if err != nil || d < w.StartsOn || d > w.EndsOn {
			t.Fatalf("day %q outside %v", d, w)
		}
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("audit on a %v", wd)
		}
		perAuditor[pairs[i].Auditor] = append(perAuditor[pairs[i].Auditor], d)
	}
	for u, ds := range perAuditor {
		if ds[0] == ds[1] {
			t.Errorf("%s has two audits on %s", u, ds[0])
		}
	}
	if got := Schedule(pairs[:1], RoundWindow{StartsOn: "2026-06-06", EndsOn: "2026-06-07"}, Calendar{}); got[0] != "2026-06-06" {
		t.Errorf("a weekend-only window: %v", got)
	}
}

// A round across the new year schedules nobody on 1 January or on the
// weekend, and does on a make-up working day.
func TestScheduleKeepsHolidays(t *testing.T) {
	cal := Calendar{Holidays: map[string]bool{"2027-01-01": true}, Workdays: map[string]bool{"2027-01-02": true}}
	var pairs []assign.Pair
	for _, u := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		pairs = append(pairs, assign.Pair{Auditor: u, Auditee: u + "x"})
	}
	w := RoundWindow{StartsOn: "2026-12-30", EndsOn: "2027-01-06"}
	seen := map[string]bool{}
	for _, d := range Schedule(pairs, w, cal) {
		seen[d] = true
		if !cal.IsWorkday(d) {
			t.Errorf("an audit on %s, not a working day", d)
		}
	}
	if !seen["2027-01-02"] {
		t.Errorf("the make-up working day is never used: %v", seen)
	}
}

func TestSwap(t *testing.T) {
	pairs := []assign.Pair{{Auditor: "A", Auditee: "B"}, {Auditor: "B", Auditee: "C"}, {Auditor: "C", Auditee: "D"}, {Auditor: "D", Auditee: "A"}}
	rules := Rules{Mode: assign.ClustersAny, Forbidden: map[assign.Pair]bool{{Auditor: "A", Auditee: "C"}: true},
		Last: map[assign.Pair]bool{{Auditor: "A", Auditee: "D"}: true}, Earlier: map[assign.Pair]bool{{Auditor: "A", Auditee: "D"}: true}}
	// A→B, C→D becomes A→D, C→B: A→D repeats the last round.
	out, soft, err := Swap(rules, pairs, pairs[0], pairs[2])
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != (assign.Pair{Auditor: "A", Auditee: "D"}) || out[2] != (assign.Pair{Auditor: "C", Auditee: "B"}) {
		t.Errorf("swapped pairs %v", out)
	}
	if !slices.Contains(soft, "round.rule.repeat_last") {
		t.Errorf("soft rules broken %v, want repeat_last", soft)
	}
	// A→B, B→C becomes A→C (forbidden), B→B (self): refused.
	if _, _, err := Swap(rules, pairs, pairs[0], pairs[1]); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("hard-rule swap: %v", err)
	}
	if _, _, err := Swap(rules, pairs, assign.Pair{Auditor: "X", Auditee: "Y"}, pairs[1]); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("a pair not in the round: %v", err)
	}
	// A→B, D→A becomes A→A: refused.
	if _, _, err := Swap(rules, pairs, pairs[0], pairs[3]); err == nil {
		t.Error("a swap making a self-audit passed")
	}
	within := Rules{Mode: assign.ClustersWithin, Cluster: map[string]string{"A": "1", "B": "1", "C": "2", "D": "2"}}
	if key := within.HardViolation(assign.Pair{Auditor: "A", Auditee: "C"}); key != "round.rule.within" {
		t.Errorf("within violation %q", key)
	}
}

func TestMatrix(t *testing.T) {
	m := NewMatrix([]string{"A", "B", "C"}, []assign.Pair{{Auditor: "A", Auditee: "B"}, {Auditor: "C", Auditee: "A"}, {Auditor: "X", Auditee: "A"}})
	if !m.Cells[0][1] || !m.Cells[2][0] || m.Cells[1][0] {
		t.Errorf("matrix %v", m.Cells)
	}
}

func TestCertificateStatusAndDays(t *testing.T) {
	tests := []struct{ expires, day, want string }{
		{"2026-12-31", "2026-01-01", "valid"},
		{"2026-02-01", "2026-01-01", "expiring"},
		{"2025-12-31", "2026-01-01", "expired"},
		{"2026-01-01", "2026-01-01", "expiring"},
	}
	for _, tt := range tests {
		if got := CertificateStatus(tt.expires, tt.day); got != tt.want {
			t.Errorf("CertificateStatus(%s, %s) = %s, want %s", tt.expires, tt.day, got, tt.want)
		}
	}
	for in, want := range map[string]string{"05/02/2026": "2026-02-05", "2026-02-05": "2026-02-05", "5/2/2026": "2026-02-05"} {
		if got, ok := text.ParseDay(in); !ok || got != want {
			t.Errorf("text.ParseDay(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"31/02/2026", "2026-13-01", "tomorrow", ""} {
		if _, ok := text.ParseDay(bad); ok {
			t.Errorf("text.ParseDay(%q) accepted", bad)
		}
	}
}

func TestProgrammeInputValidation(t *testing.T) {
	in := ProgrammeInput{Name: "  ", Year: 1999, ChecklistID: 0, Units: []string{"A", "A"},
		Rounds: []RoundWindow{{StartsOn: "2026-06-30", EndsOn: "2026-06-01"}}}
	err := in.Validate()
	e := apperr.As(err)
	for _, f := range []string{"name", "year", "checklist_id", "units", "rounds[0]"} {
		if _, ok := e.Fields[f]; !ok {
			t.Errorf("no error for %s in %v", f, e.Fields)
		}
	}
}
