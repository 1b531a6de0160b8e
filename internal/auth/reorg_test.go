package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestPeopleFollowAMerger merges two units into a third: their people
// move with the trail saying so, the people already there stay, and
// everyone of the successor counts the merged units as their own.
func TestPeopleFollowAMerger(t *testing.T) {
	a := webtest.New(t)
	for _, u := range []string{"P1", "P2", "S", "O"} {
		a.Unit(u, "Xã "+u, "")
	}
	a.User("auditor.P1", role.Auditor, "P1")
	a.User("auditee.P2", role.Auditee, "P2")
	a.User("auditee.S", role.Auditee, "S")
	a.User("auditee.O", role.Auditee, "O")
	a.User("office", role.Office, "")
	reorg := &org.Reorg{DB: a.DB, Followers: []org.Follower{auth.FollowMerger}}
	res, err := reorg.Apply(context.Background(), []byte("old_code,new_code,new_name,effective_date\nP1,S,,01/07/2025\nP2,S,,01/07/2025\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if res.Follow[org.FollowUsersMoved] != 2 {
		t.Errorf("moved %v, want 2", res.Follow)
	}
	ctx := context.Background()
	for name, want := range map[string]string{"auditor.P1": "S", "auditee.P2": "S", "auditee.S": "S", "auditee.O": "O"} {
		u, err := a.Auth.UserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if u.UnitCode != want {
			t.Errorf("%s is in %s, want %s", name, u.UnitCode, want)
		}
		inMerged := u.InUnit("P1") && u.InUnit("P2")
		if inMerged != (want == "S") || !u.InUnit(want) || u.InUnit("X") {
			t.Errorf("%s: InUnit of the merged units %v", name, inMerged)
		}
	}
	office, _ := a.Auth.UserByUsername(ctx, "office")
	if office.InUnit("P1") || office.InUnit("") || len(office.UnitCodes()) != 0 {
		t.Error("a user without a unit belongs to one")
	}
	var summary string
	if err := a.DB.R.QueryRow(`SELECT summary FROM events WHERE entity = 'user' AND entity_id = 'auditor.P1' AND action = 'follow_merger'`).Scan(&summary); err != nil ||
		!strings.Contains(summary, `"from":"P1"`) || !strings.Contains(summary, `"to":"S"`) {
		t.Errorf("trail of the move: %q %v", summary, err)
	}

}
