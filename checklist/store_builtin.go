package checklist

import (
	"database/sql"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/db"
)

// builtinEdition is the last edition of the built-in checklist id stored
// (checklists.builtin_edition).
func builtinEdition(tx *db.Tx, id int64) (int, error) {
	var n int
	if err := tx.QueryRow(`SELECT builtin_edition FROM checklists WHERE id = ?`, id).Scan(&n); err != nil {
		return 0, fmt.Errorf("checklist: edition of %d: %w", id, err)
	}
	return n, nil
}

func setEdition(tx *db.Tx, id int64, n int) error {
	if _, err := tx.Exec(`UPDATE checklists SET builtin_edition = ? WHERE id = ?`, n, id); err != nil {
		return fmt.Errorf("checklist: set edition of %d: %w", id, err)
	}
	return nil
}

// publishEdition stores edition n of the built-in checklist id as its next
// published version, with the usual exclusion. A draft the office had
// started moves up one number, with its items and exclusions as they were,
// so that it stays the newest version and its diff shows what it would
// change in the new edition. A checklist has one draft at most and every
// version is born a draft, so the draft is set aside while the edition is
// stored and made again after it.
func publishEdition(tx *db.Tx, id int64, edition int, items []Item) error {
	var top, draftID sql.NullInt64
	err := tx.QueryRow(`SELECT (SELECT MAX(number) FROM checklist_versions WHERE checklist_id = ?),
		(SELECT id FROM checklist_versions WHERE checklist_id = ? AND status = 'draft')`, id, id).Scan(&top, &draftID)
	if err != nil {
		return fmt.Errorf("checklist: latest of %d: %w", id, err)
	}
	number := int(top.Int64) + 1
	var draft *Version
	if draftID.Valid {
		if draft, err = setDraftAside(tx, draftID.Int64); err != nil {
			return err
		}
		number = draft.Number // the draft holds the top number: the edition takes it
	}
	vid, err := insertVersion(tx, id, number)
	if err != nil {
		return err
	}
	if err := fillVersion(tx, vid, items, builtinExcluded); err != nil {
		return err
	}
	if err := publishVersion(tx, vid); err != nil {
		return err
	}
	summary := map[string]any{"edition": edition, "version": number, "items": len(items)}
	if draft != nil {
		nid, err := insertVersion(tx, id, number+1)
		if err != nil {
			return err
		}
		if err := fillVersion(tx, nid, draft.Items, draft.NotApplicable); err != nil {
			return err
		}
		summary["draft_moved_to"] = number + 1
	}
	if err := setEdition(tx, id, edition); err != nil {
		return err
	}
	if err := touch(tx, id); err != nil {
		return err
	}
	return tx.Record("checklist", id, "seed_edition", summary)
}

// setDraftAside reads a draft with its items and exclusions, then deletes it.
func setDraftAside(tx *db.Tx, draftID int64) (*Version, error) {
	v, err := loadVersion(tx.Context(), tx.Tx, `v.id = ?`, draftID)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{
		`DELETE FROM checklist_exclusions WHERE version_id = ?`,
		`DELETE FROM checklist_items WHERE version_id = ?`,
		`DELETE FROM checklist_versions WHERE id = ?`,
	} {
		if _, err := tx.Exec(q, draftID); err != nil {
			return nil, fmt.Errorf("checklist: set draft aside: %w", err)
		}
	}
	return v, nil
}

// fillVersion stores items and the clauses not applicable in a new version.
func fillVersion(tx *db.Tx, vid int64, items []Item, excluded map[string]string) error {
	if err := insertItems(tx, vid, items); err != nil {
		return err
	}
	for clause, reason := range excluded {
		if err := exclude(tx, vid, clause, reason); err != nil {
			return err
		}
	}
	return nil
}
