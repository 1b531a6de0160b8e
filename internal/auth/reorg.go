package auth

import (
	"context"
	"fmt"
	"slices"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

// FollowMerger moves the people of merged units to their successors inside
// the transaction that applies a change table (an org.Follower). Their
// certificates and declared conflicts are keyed by the person, so they go
// with them; each move goes to the audit trail.
func FollowMerger(tx *db.Tx, moves []org.Move) (map[string]int, error) {
	moved := 0
	for _, m := range moves {
		rows, err := tx.Query(`SELECT username FROM users WHERE unit_id = ? ORDER BY username`, m.FromID)
		if err != nil {
			return nil, fmt.Errorf("auth: people of %s: %w", m.From, err)
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, err
			}
			names = append(names, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(`UPDATE users SET unit_id = ?, updated_at = ? WHERE unit_id = ?`, m.ToID, db.FormatTime(tx.Now), m.FromID); err != nil {
			return nil, fmt.Errorf("auth: move people of %s: %w", m.From, err)
		}
		for _, n := range names {
			if err := tx.Record("user", n, "follow_merger", map[string]any{"unit": diff(m.From, m.To), "effective_date": m.Effective}); err != nil {
				return nil, err
			}
		}
		moved += len(names)
	}
	return map[string]int{org.FollowUsersMoved: moved}, nil
}

// withPredecessors fills the codes of the units merged into the user's
// unit, so that InUnit counts their records (their audits, their open
// nonconformities) as the user's own unit's.
func (s *Store) withPredecessors(ctx context.Context) func(*User, error) (*User, error) {
	return func(u *User, err error) (*User, error) {
		if err != nil || u.UnitID == 0 {
			return u, err
		}
		if u.Predecessors, err = org.PredecessorsOf(ctx, s.DB.R, u.UnitID); err != nil {
			return nil, fmt.Errorf("auth: user %s: %w", u.Username, err)
		}
		return u, nil
	}
}

// UnitCodes lists the user's unit and the units merged into it, "" for none.
func (u *User) UnitCodes() []string {
	if u.UnitCode == "" {
		return nil
	}
	return append([]string{u.UnitCode}, u.Predecessors...)
}

// inPredecessor reports whether code names a unit merged into the user's.
func (u *User) inPredecessor(code string) bool { return slices.Contains(u.Predecessors, code) }
