package findings

import (
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
)

// FollowMerger passes the nonconformities still open of each merged unit to
// its successor, inside the transaction that applies a change table (an
// org.Follower): each goes to the audit trail, and the successor's
// auditees find a notice in their inbox.
//
// Nothing in the findings changes: they stay on the audit of the merged
// unit, where they were found. What passes is who answers them: the
// successor's people read the merged unit's records as their own unit's
// (auth.User.InUnit counts the units merged into theirs), and the people of
// the merged unit have moved to the successor.
func FollowMerger(tx *db.Tx, moves []org.Move) (map[string]int, error) {
	passed := 0
	for _, m := range moves {
		ids, err := openFindingsOf(tx, m.FromID)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			continue
		}
		for _, id := range ids {
			if err := tx.Record("finding", id, "pass_to_successor", map[string]any{"from": m.From, "to": m.To, "effective_date": m.Effective}); err != nil {
				return nil, err
			}
		}
		msg := apperr.M("reorg.notice_nc_passed", "n", len(ids), "from", audit.UnitName(tx, m.From), "to", audit.UnitName(tx, m.To))
		if err := inbox.NotifyUnitTx(tx, m.To, msg, "/nonconformities", role.Auditee); err != nil {
			return nil, err
		}
		passed += len(ids)
	}
	return map[string]int{org.FollowNonconformitiesPassed: passed}, nil
}

// openFindingsOf lists the nonconformities of a unit's audits that are not
// closed yet.
func openFindingsOf(tx *db.Tx, unitID int64) ([]int64, error) {
	rows, err := tx.Query(`SELECT f.id FROM findings f JOIN audits a ON a.id = f.audit_id
		WHERE a.auditee_unit_id = ? AND f.grade IN ('minor', 'major') AND f.status <> 'closed' ORDER BY f.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("audit: open nonconformities of unit %d: %w", unitID, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
