package org

import (
	"context"
	"fmt"
)

// RecordedChange is a line of a change table that was applied.
type RecordedChange struct {
	Batch     int64  `json:"batch"`
	Line      int    `json:"line"`
	Kind      string `json:"kind"`
	OldCode   string `json:"old_code"`
	OldName   string `json:"old_name"`
	NewCode   string `json:"new_code,omitempty"`
	NewName   string `json:"new_name,omitempty"`
	Effective string `json:"effective_date"`
	AppliedAt string `json:"applied_at"`
}

// Changes returns every applied change, the latest table first and each
// table in its lines' order.
func (s *Store) Changes(ctx context.Context) ([]RecordedChange, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.batch_id, c.line, c.kind, u.code, c.old_name,
		COALESCE(n.code, CASE WHEN c.kind = 'retire' THEN '' ELSE u.code END), c.new_name, c.effective_on, b.created_at
		FROM unit_changes c JOIN unit_change_batches b ON b.id = c.batch_id JOIN units u ON u.id = c.unit_id
		LEFT JOIN units n ON n.id = c.successor_id
		ORDER BY c.batch_id DESC, c.line`)
	if err != nil {
		return nil, fmt.Errorf("org: changes: %w", err)
	}
	defer rows.Close()
	out := []RecordedChange{}
	for rows.Next() {
		var c RecordedChange
		if err := rows.Scan(&c.Batch, &c.Line, &c.Kind, &c.OldCode, &c.OldName, &c.NewCode, &c.NewName, &c.Effective, &c.AppliedAt); err != nil {
			return nil, fmt.Errorf("org: changes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
