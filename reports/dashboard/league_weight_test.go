package dashboard

import "testing"

// The league does not tie one major and one minor with two minors: a major
// counts as three failed items (DOMAIN.md), so the unit with the major
// ranks below.
func TestLeagueWeighsAMajorAboveAMinor(t *testing.T) {
	history := []Result{
		{AuditID: 1, ProgrammeID: 1, Round: 1, Status: "issued", Auditor: "X", Auditee: "A", Counts: Counts{Conform: 56, Minor: 2, NA: 1}},
		{AuditID: 2, ProgrammeID: 1, Round: 1, Status: "issued", Auditor: "Y", Auditee: "B", Counts: Counts{Conform: 56, Minor: 1, Major: 1, NA: 1}},
	}
	rank := map[string]Standing{}
	for _, s := range League([]string{"A", "B"}, 1, history) {
		rank[s.Unit] = s
	}
	a, b := rank["A"], rank["B"]
	if a.Score == nil || b.Score == nil || !(*b.Score < *a.Score) || !(a.Rank < b.Rank) {
		t.Fatalf("two minors %+v, a major and a minor %+v: want the major ranked below", a, b)
	}
}
