package org

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/crossaudit/crossaudit/internal/db"
)

// Lineage is the succession of units after reorganisations: which unit
// stands now for each unit, and which units each one absorbed. It is read
// whole (a deployment has hundreds of units, not millions) so that a caller
// maps many codes without a query each.
//
// How other features use it: the round preview maps earlier rounds' pairs
// and declared conflicts through Current; repeat-finding detection looks for
// earlier findings among Family(auditee) instead of the auditee alone; the
// dashboard sums a live unit's history over Family(code) and marks the unit
// as merged when Merged(code). The SQL view unit_successions (migration 0010)
// offers the same mapping inside a query.
type Lineage struct {
	successor map[string]string   // code → direct successor's code, for merged units
	retired   map[string]bool     // code → retired (merged or dissolved)
	absorbed  map[string][]string // code → direct predecessors' codes, sorted
}

// Lineage reads the current succession of every unit.
func (s *Store) Lineage(ctx context.Context) (*Lineage, error) {
	return readLineage(ctx, s.DB.R)
}

// LineageTx reads the succession inside a transaction, so that a write sees
// its own changes.
func LineageTx(tx *db.Tx) (*Lineage, error) {
	return readLineage(tx.Context(), tx.Tx)
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readLineage(ctx context.Context, q rowsQueryer) (*Lineage, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.code, u.retired_at IS NOT NULL, COALESCE(s.code, '')
		FROM units u LEFT JOIN units s ON s.id = u.successor_id ORDER BY u.code`)
	if err != nil {
		return nil, fmt.Errorf("org: lineage: %w", err)
	}
	defer rows.Close()
	l := &Lineage{successor: map[string]string{}, retired: map[string]bool{}, absorbed: map[string][]string{}}
	for rows.Next() {
		var code, succ string
		var retired bool
		if err := rows.Scan(&code, &retired, &succ); err != nil {
			return nil, fmt.Errorf("org: lineage: %w", err)
		}
		l.retired[code] = retired
		if succ != "" {
			l.successor[code] = succ
			l.absorbed[succ] = append(l.absorbed[succ], code) // rows come sorted by code
		}
	}
	return l, rows.Err()
}

// Current returns the code of the unit that stands for code now: code itself
// when it is live, unknown, or retired without a successor; else the end of
// its chain of successors.
func (l *Lineage) Current(code string) string {
	for range len(l.successor) + 1 { // a bound, in case of a corrupt cycle
		next, ok := l.successor[code]
		if !ok {
			return code
		}
		code = next
	}
	return code
}

// Live reports whether code names a unit that has not been retired.
func (l *Lineage) Live(code string) bool {
	retired, known := l.retired[code]
	return known && !retired
}

// Predecessors lists every unit merged into code, directly or through
// earlier mergers, sorted by code; nil when none.
func (l *Lineage) Predecessors(code string) []string {
	var out []string
	seen := map[string]bool{code: true}
	queue := []string{code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, p := range l.absorbed[c] {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
				queue = append(queue, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Family is code followed by its predecessors: the units whose records
// count as code's own history.
func (l *Lineage) Family(code string) []string {
	return append([]string{code}, l.Predecessors(code)...)
}

// Merged reports whether other units were merged into code, so that figures
// summed over its family are marked as such.
func (l *Lineage) Merged(code string) bool { return len(l.absorbed[code]) > 0 }

// PredecessorsOf lists the codes of every unit merged into the unit with
// that id, sorted; the signed-in user's unit reads it to see its
// predecessors' records as its own.
func PredecessorsOf(ctx context.Context, q rowsQueryer, unitID int64) ([]string, error) {
	// Walk down from the unit rather than through unit_successions, which
	// would compute every unit's chain: this runs on every request.
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE pred (id, depth) AS (
			SELECT id, 0 FROM units WHERE successor_id = ?
			UNION ALL SELECT u.id, p.depth + 1 FROM units u JOIN pred p ON u.successor_id = p.id WHERE p.depth < 100)
		SELECT u.code FROM pred JOIN units u ON u.id = pred.id ORDER BY u.code`, unitID)
	if err != nil {
		return nil, fmt.Errorf("org: predecessors: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
