package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// The demo holds one proposal of another audit day from an audited
// commune, with its reason in Vietnamese, waiting for the office: on a
// working day ahead, inside its round, and announced in the office's inbox.
func TestDemoDateProposal(t *testing.T) {
	d, _ := loaded(t)
	store := &audit.Store{DB: d}
	pending, err := store.PendingDateProposals(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 {
		t.Fatalf("%d pending date proposals, want 1", len(pending))
	}
	dp := pending[0]
	if !strings.HasPrefix(dp.ProposedBy, "auditee.") || !strings.HasSuffix(dp.ProposedBy, dp.AuditeeUnit) || !strings.HasPrefix(dp.AuditeeName, "Xã ") {
		t.Errorf("proposed by %s for %s (%s), want an auditee of the audited commune", dp.ProposedBy, dp.AuditeeUnit, dp.AuditeeName)
	}
	if !strings.Contains(dp.Reason, "Hội đồng nhân dân xã") {
		t.Errorf("reason %q, want the commune's Vietnamese reason", dp.Reason)
	}
	cal, err := audit.LoadCalendar(context.Background(), d.R)
	if err != nil {
		t.Fatal(err)
	}
	var starts, ends string
	if err := d.R.QueryRow(`SELECT r.starts_on, r.ends_on FROM audits a JOIN rounds r ON r.id = a.round_id WHERE a.id = ?`, dp.AuditID).Scan(&starts, &ends); err != nil {
		t.Fatal(err)
	}
	if !cal.IsWorkday(dp.Date) || dp.Date <= i18n.Day(d.Now()) || dp.Date < starts || dp.Date > ends || dp.Date == dp.PlannedDate {
		t.Errorf("proposed day %s (planned %s, round %s..%s) is not a working day ahead inside the round", dp.Date, dp.PlannedDate, starts, ends)
	}
	if got := count(t, d, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = 'office' AND n.link = ?`,
		fmt.Sprintf("/audits/%d/plan", dp.AuditID)); got != 1 {
		t.Errorf("the office has %d notices of the proposal, want 1", got)
	}
}
