package org

import (
	"context"
	"fmt"
)

// Person is an active user attached to a unit, as the change pages list the
// people of a unit that a table dissolves.
type Person struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Unit        string `json:"unit"`
	UnitName    string `json:"unit_name"`
}

// peopleSQL lists active users with their unit; callers add a condition.
const peopleSQL = `SELECT u.username, u.display_name, u.role, un.code, un.name
	FROM users u JOIN units un ON un.id = u.unit_id WHERE u.active = 1`

func queryPeople(ctx context.Context, q rowsQueryer, where string) ([]Person, error) {
	rows, err := q.QueryContext(ctx, peopleSQL+where+` ORDER BY un.code, u.username`)
	if err != nil {
		return nil, fmt.Errorf("org: people: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.Username, &p.DisplayName, &p.Role, &p.Unit, &p.UnitName); err != nil {
			return nil, fmt.Errorf("org: people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// loadPeople returns the active people of every live unit by unit code.
func loadPeople(ctx context.Context, q rowsQueryer) (map[string][]Person, error) {
	list, err := queryPeople(ctx, q, ` AND un.retired_at IS NULL`)
	if err != nil {
		return nil, err
	}
	out := map[string][]Person{}
	for _, p := range list {
		out[p.Unit] = append(out[p.Unit], p)
	}
	return out, nil
}

// Stranded lists the active people still attached to a unit dissolved
// without a successor. Auditors and auditees must belong to a unit (0001),
// so they keep the dissolved one: they read its records, cannot act on
// current work (see DissolvedUnitGate), and the office moves them to a live
// unit from the users page.
func (s *Store) Stranded(ctx context.Context) ([]Person, error) {
	return queryPeople(ctx, s.DB.R, ` AND un.retired_at IS NOT NULL AND un.successor_id IS NULL`)
}
