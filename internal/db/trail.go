package db

import (
	"encoding/json"
	"fmt"
)

// Record appends an event to the audit trail inside the transaction, so that
// the trail holds a change exactly when the change is committed. summary is
// marshalled to JSON; pass a map or struct naming what changed.
func (tx *Tx) Record(entity string, entityID any, action string, summary any) error {
	b, err := json.Marshal(summary)
	if err != nil {
		return fmt.Errorf("db: trail %s %v %s: %w", entity, entityID, action, err)
	}
	var actor any
	if tx.Actor != 0 {
		actor = tx.Actor
	}
	_, err = tx.Exec(`INSERT INTO events (at, actor_id, entity, entity_id, action, summary) VALUES (?, ?, ?, ?, ?, ?)`,
		FormatTime(tx.Now), actor, entity, fmt.Sprint(entityID), action, string(b))
	if err != nil {
		return fmt.Errorf("db: trail %s %v %s: %w", entity, entityID, action, err)
	}
	return nil
}
