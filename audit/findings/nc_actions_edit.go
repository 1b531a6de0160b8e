package findings

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Corrective actions are written while the plan is drawn up: the audited
// unit adds, corrects and removes them while the nonconformity is
// cause_analysed, the state in which AddAction takes them. Once the plan is
// submitted the lead judges it as written, so they are fixed until the plan
// comes back. Every change goes to the audit trail with what it was.

// ErrActionsClosed is the 409 for a change of the actions in another state.
func ErrActionsClosed(status string) error {
	e := apperr.New(apperr.Conflict, "actions_closed", apperr.M("ca.actions_closed", "status", i18n.StatusMsg(i18n.StatusNC, status)))
	e.Allowed = NextNCStates(status)
	return e
}

// Action reads one corrective action of a nonconformity. Returns
// apperr.NotFound.
func (s *Store) Action(ctx context.Context, id, actionID int64) (NCAction, error) {
	acts, err := s.ncActions(ctx, id)
	if err != nil {
		return NCAction{}, err
	}
	for _, a := range acts {
		if a.ID == actionID {
			return a, nil
		}
	}
	return NCAction{}, apperr.NotFoundThing("ca.thing_action")
}

// storedAction is an action as its change reads it in the transaction.
type storedAction struct {
	description, owner, due string
}

func readAction(tx *db.Tx, id, actionID int64) (storedAction, error) {
	var a storedAction
	err := tx.QueryRow(`SELECT x.description, u.username, x.due_date FROM nc_actions x JOIN users u ON u.id = x.owner_id
		WHERE x.id = ? AND x.finding_id = ?`, actionID, id).Scan(&a.description, &a.owner, &a.due)
	if db.NoRows(err) {
		return a, apperr.NotFoundThing("ca.thing_action")
	}
	if err != nil {
		return a, fmt.Errorf("audit: action %d: %w", actionID, err)
	}
	return a, nil
}

// EditAction corrects a corrective action (what, who, by when) while the
// nonconformity is cause_analysed, with AddAction's rules, except that a
// due date left as it was may be in the past. Returns the action as it is
// now; apperr.Invalid naming the field, apperr.NotFound, apperr.Conflict
// (another state, with Allowed).
func (s *Store) EditAction(ctx context.Context, id, actionID int64, in ActionInput) (NCAction, error) {
	var out NCAction
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if h.status != NCCauseAnalysed {
			return ErrActionsClosed(h.status)
		}
		old, err := readAction(tx, id, actionID)
		if err != nil {
			return err
		}
		today := dayOf(tx.Now)
		if in.DueDate == old.due && old.due < today {
			today = old.due // kept as it was: not a new date in the past
		}
		if err := in.Normalize(today); err != nil {
			return err
		}
		ownerID, err := actionOwner(tx, in.Owner, h.auditee, &out.OwnerName)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE nc_actions SET description = ?, owner_id = ?, due_date = ? WHERE id = ? AND finding_id = ?`,
			in.Description, ownerID, in.DueDate, actionID, id); err != nil {
			return fmt.Errorf("audit: edit action %d: %w", actionID, err)
		}
		out.ID, out.Description, out.Owner, out.DueDate = actionID, in.Description, in.Owner, in.DueDate
		changed := map[string]any{"action": actionID}
		for k, v := range map[string][2]string{"description": {old.description, in.Description}, "owner": {old.owner, in.Owner},
			"due_date": {old.due, in.DueDate}} {
			if v[0] != v[1] {
				changed[k] = map[string]string{"from": v[0], "to": v[1]}
			}
		}
		return tx.Record("finding", id, "edit_action", changed)
	})
	return out, err
}

// RemoveAction removes a corrective action while the nonconformity is
// cause_analysed; the trail keeps what it said. Returns apperr.NotFound or
// apperr.Conflict (another state, with Allowed).
func (s *Store) RemoveAction(ctx context.Context, id, actionID int64) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if h.status != NCCauseAnalysed {
			return ErrActionsClosed(h.status)
		}
		old, err := readAction(tx, id, actionID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM nc_actions WHERE id = ? AND finding_id = ?`, actionID, id); err != nil {
			return fmt.Errorf("audit: remove action %d: %w", actionID, err)
		}
		// Its reminders go with it, so that an action given the same id
		// later is reminded of in its turn.
		if _, err := tx.Exec(`DELETE FROM nc_reminders WHERE finding_id = ? AND action_id = ?`, id, actionID); err != nil {
			return fmt.Errorf("audit: remove action %d: %w", actionID, err)
		}
		return tx.Record("finding", id, "remove_action", map[string]any{"action": actionID, "description": old.description,
			"owner": old.owner, "due_date": old.due})
	})
}

// actionOwner resolves an action's owner, who must be an active person of
// the audited unit, and fills in their name. Returns apperr.Invalid naming
// "owner".
func actionOwner(tx *db.Tx, username, auditee string, name *string) (int64, error) {
	var id int64
	err := tx.QueryRow(`SELECT u.id, u.display_name FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.username = ? AND n.code = ? AND u.active = 1`, username, auditee).Scan(&id, name)
	if db.NoRows(err) {
		return 0, apperr.InvalidFields(map[string]apperr.Msg{"owner": apperr.M("ca.owner_outside", "unit", auditee)})
	}
	if err != nil {
		return 0, fmt.Errorf("audit: action owner: %w", err)
	}
	return id, nil
}
