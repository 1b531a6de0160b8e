package demo_test

import (
	"context"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
)

// TestDemoNonconformities checks CONTRACT.md's demo list for the
// corrective-action workflow: nonconformities in every state, at least 2
// open, 2 overdue and 1 repeat, with the histories, actions and evidence
// the workflow's rules ask for.
func TestDemoNonconformities(t *testing.T) {
	d, _ := loaded(t)
	c := findings.Open(d)
	all, err := c.Findings(context.Background(), findings.FindingFilter{NonconformitiesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	overdue, repeats := 0, 0
	for _, f := range all {
		states[f.Status]++
		if f.Overdue {
			overdue++
		}
		if f.RepeatOf != nil {
			repeats++
		}
	}
	for _, s := range findings.NCStates {
		if states[s] == 0 {
			t.Errorf("no nonconformity in %s (%v)", s, states)
		}
	}
	if states[findings.NCOpen] < 2 || overdue < 2 || repeats < 1 {
		t.Errorf("open %d, overdue %d, repeats %d", states[findings.NCOpen], overdue, repeats)
	}
	// Each step is in the history, every closed one has its evidence and
	// all its actions done.
	if n := count(t, d, `SELECT COUNT(*) FROM findings f WHERE f.status = 'closed' AND (
		NOT EXISTS (SELECT 1 FROM nc_evidence e WHERE e.finding_id = f.id AND e.kind = 'effectiveness')
		OR EXISTS (SELECT 1 FROM nc_actions x WHERE x.finding_id = f.id AND x.done_at IS NULL)
		OR (SELECT COUNT(*) FROM nc_transitions t WHERE t.finding_id = f.id) <> 6)`); n != 0 {
		t.Errorf("%d closed nonconformities without their evidence, actions or history", n)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM findings WHERE status <> 'open' AND grade IN ('minor','major') AND (root_cause = '' OR why_chain = '')`); n != 0 {
		t.Errorf("%d analysed without a root cause", n)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM nc_extensions`); n < 1 {
		t.Error("no extension of a plan's due date")
	}
	// A plan being drawn up shows a corrected action, and the trail its
	// correction and a removal.
	if n := count(t, d, `SELECT COUNT(*) FROM events e JOIN findings f ON CAST(f.id AS TEXT) = e.entity_id
		WHERE e.entity = 'finding' AND e.action IN ('edit_action', 'remove_action') AND f.status = 'cause_analysed'
		AND EXISTS (SELECT 1 FROM nc_actions x WHERE x.finding_id = f.id)`); n != 2 {
		t.Errorf("%d corrections and removals of actions of a plan being drawn up, want 2", n)
	}
}
