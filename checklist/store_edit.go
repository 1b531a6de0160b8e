package checklist

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Import stores a new checklist whose version 1 holds items (validated by
// ParseFile) and is published at once. Returns the checklist, apperr.Invalid
// for a bad name.
func (s *Store) Import(ctx context.Context, name string, items []Item) (Checklist, error) {
	name, err := CheckName(name)
	if err != nil {
		return Checklist{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		var err error
		id, err = createPublished(tx, name, "", items, nil)
		if err != nil {
			return err
		}
		return tx.Record("checklist", id, "import", map[string]any{"name": name, "items": len(items)})
	})
	if err != nil {
		return Checklist{}, err
	}
	return s.Get(ctx, id)
}

// createPublished creates a checklist with version 1 holding items and
// the clauses not applicable, published. key is the builtin_key, "" for none.
func createPublished(tx *db.Tx, name, key string, items []Item, excluded map[string]string) (int64, error) {
	now := db.FormatTime(tx.Now)
	var bkey any
	if key != "" {
		bkey = key
	}
	res, err := tx.Exec(`INSERT INTO checklists (name, search_key, builtin_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		name, searchText(name), bkey, now, now)
	if err != nil {
		return 0, fmt.Errorf("checklist: create %q: %w", name, err)
	}
	id, _ := res.LastInsertId()
	vid, err := insertVersion(tx, id, 1)
	if err != nil {
		return 0, err
	}
	if err := insertItems(tx, vid, items); err != nil {
		return 0, err
	}
	for clause, reason := range excluded {
		if err := exclude(tx, vid, clause, reason); err != nil {
			return 0, err
		}
	}
	return id, publishVersion(tx, vid)
}

func insertVersion(tx *db.Tx, checklistID int64, number int) (int64, error) {
	now := db.FormatTime(tx.Now)
	res, err := tx.Exec(`INSERT INTO checklist_versions (checklist_id, number, status, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?)`,
		checklistID, number, now, now)
	if err != nil {
		return 0, fmt.Errorf("checklist: create version %d of %d: %w", number, checklistID, err)
	}
	return res.LastInsertId()
}

// insertItems stores items at positions 1…n in the order given.
func insertItems(tx *db.Tx, versionID int64, items []Item) error {
	for i, it := range items {
		it.Position = i + 1
		if err := insertItem(tx, versionID, it); err != nil {
			return err
		}
	}
	return nil
}

func insertItem(tx *db.Tx, versionID int64, it Item) error {
	_, err := tx.Exec(`INSERT INTO checklist_items (version_id, position, code, clause, clause_code, kind, text_vi, text_en,
		guidance_vi, guidance_en, unit, target, failure, legal_refs_vi, legal_refs_en, search_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		versionID, it.Position, it.Code, it.Clause, it.GroupClause(), it.Kind, it.TextVI, it.TextEN,
		it.GuidanceVI, it.GuidanceEN, it.Unit, it.Target, it.Failure, it.LegalRefsVI, it.LegalRefsEN, searchKey(it))
	if db.IsUnique(err) {
		return duplicateCode(it.Code)
	}
	if err != nil {
		return fmt.Errorf("checklist: item %s: %w", it.Code, err)
	}
	return nil
}

func duplicateCode(code string) error {
	e := apperr.New(apperr.Conflict, "duplicate_code", apperr.M("error.duplicate_code", "code", code))
	e.Fields = map[string]apperr.Msg{"id": apperr.M("validation.duplicate")}
	return e
}

func publishVersion(tx *db.Tx, versionID int64) error {
	now := db.FormatTime(tx.Now)
	_, err := tx.Exec(`UPDATE checklist_versions SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`, now, now, versionID)
	if err != nil {
		return fmt.Errorf("checklist: publish version %d: %w", versionID, err)
	}
	return nil
}

// touch marks the checklist changed, for the list's "updated" column.
func touch(tx *db.Tx, checklistID int64) error {
	_, err := tx.Exec(`UPDATE checklists SET updated_at = ? WHERE id = ?`, db.FormatTime(tx.Now), checklistID)
	if err != nil {
		return fmt.Errorf("checklist: touch %d: %w", checklistID, err)
	}
	return nil
}

// StartDraft returns the checklist's draft, creating it as a copy of the
// latest published version numbered one above the highest version when
// there is none; created says which. Returns apperr.NotFound for an
// unknown checklist.
func (s *Store) StartDraft(ctx context.Context, checklistID int64) (v *Version, created bool, err error) {
	var vid int64
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		vid, created, err = startDraft(tx, checklistID)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	v, err = s.Version(ctx, vid)
	return v, created, err
}

func startDraft(tx *db.Tx, checklistID int64) (int64, bool, error) {
	var vid int64
	err := tx.QueryRow(`SELECT id FROM checklist_versions WHERE checklist_id = ? AND status = 'draft'`, checklistID).Scan(&vid)
	if err == nil {
		return vid, false, nil
	}
	if !db.NoRows(err) {
		return 0, false, fmt.Errorf("checklist: draft of %d: %w", checklistID, err)
	}
	var from, top sql.NullInt64
	err = tx.QueryRow(`SELECT (SELECT id FROM checklist_versions WHERE checklist_id = ? AND status = 'published' ORDER BY number DESC LIMIT 1),
		(SELECT MAX(number) FROM checklist_versions WHERE checklist_id = ?)`, checklistID, checklistID).Scan(&from, &top)
	if err != nil {
		return 0, false, fmt.Errorf("checklist: latest of %d: %w", checklistID, err)
	}
	if !from.Valid {
		// Every checklist is born published, so this one does not exist.
		return 0, false, apperr.NotFoundThing("thing.checklist")
	}
	if vid, err = insertVersion(tx, checklistID, int(top.Int64)+1); err != nil {
		return 0, false, err
	}
	if _, err := tx.Exec(`INSERT INTO checklist_items (version_id, position, code, clause, clause_code, kind, text_vi, text_en,
		guidance_vi, guidance_en, unit, target, failure, legal_refs_vi, legal_refs_en, search_key)
		SELECT ?, position, code, clause, clause_code, kind, text_vi, text_en, guidance_vi, guidance_en, unit, target, failure,
		legal_refs_vi, legal_refs_en, search_key FROM checklist_items WHERE version_id = ?`, vid, from.Int64); err != nil {
		return 0, false, fmt.Errorf("checklist: copy items into draft: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO checklist_exclusions (version_id, clause, reason)
		SELECT ?, clause, reason FROM checklist_exclusions WHERE version_id = ?`, vid, from.Int64); err != nil {
		return 0, false, fmt.Errorf("checklist: copy exclusions into draft: %w", err)
	}
	if err := touch(tx, checklistID); err != nil {
		return 0, false, err
	}
	return vid, true, tx.Record("checklist", checklistID, "draft", map[string]int64{"version": top.Int64 + 1})
}

// editable returns the id of version n of a checklist when it is a draft.
// Returns apperr.NotFound when there is no such version and apperr.Conflict
// (code "version_published") when it is published.
func editable(tx *db.Tx, checklistID int64, n int) (int64, error) {
	var vid int64
	var status string
	err := tx.QueryRow(`SELECT id, status FROM checklist_versions WHERE checklist_id = ? AND number = ?`, checklistID, n).Scan(&vid, &status)
	if db.NoRows(err) {
		return 0, apperr.NotFoundThing("thing.checklist_version")
	}
	if err != nil {
		return 0, fmt.Errorf("checklist: version %d of %d: %w", n, checklistID, err)
	}
	if status != StatusDraft {
		return 0, apperr.New(apperr.Conflict, "version_published", apperr.M("checklist.version_published", "version", n))
	}
	return vid, nil
}

// edit runs fn on draft n of a checklist inside one write transaction and
// records the change in the trail.
func (s *Store) edit(ctx context.Context, checklistID int64, n int, action string, summary any, fn func(tx *db.Tx, vid int64) error) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		vid, err := editable(tx, checklistID, n)
		if err != nil {
			return err
		}
		if err := fn(tx, vid); err != nil {
			return err
		}
		if err := touch(tx, checklistID); err != nil {
			return err
		}
		return tx.Record("checklist_version", vid, action, summary)
	})
}

// SaveItem adds an item to draft n (oldCode "") or replaces the item whose
// code is oldCode, keeping its place; a new item goes after the last item of
// the same or an earlier clause. Returns the stored item; apperr.Invalid
// naming the columns at fault, apperr.Conflict "duplicate_code" when another
// item has the code, "version_published" when n is published;
// apperr.NotFound for an unknown version or item.
func (s *Store) SaveItem(ctx context.Context, checklistID int64, n int, oldCode string, in Item) (Item, error) {
	var it Item
	err := s.edit(ctx, checklistID, n, "save_item", map[string]string{"id": in.Code, "was": oldCode}, func(tx *db.Tx, vid int64) error {
		var err error
		it, err = saveItem(tx, vid, oldCode, in)
		return err
	})
	return it, err
}

func saveItem(tx *db.Tx, vid int64, oldCode string, in Item) (Item, error) {
	cs, err := clauses(tx.Context(), tx.Tx)
	if err != nil {
		return Item{}, err
	}
	it := in.Normalize()
	if p := it.Problems(ClauseSet(cs)); len(p) > 0 {
		return Item{}, apperr.InvalidFields(p)
	}
	if oldCode == "" {
		if it.Position, err = insertionPoint(tx, vid, it.GroupClause()); err != nil {
			return Item{}, err
		}
		if _, err := tx.Exec(`UPDATE checklist_items SET position = position + 1 WHERE version_id = ? AND position >= ?`, vid, it.Position); err != nil {
			return Item{}, fmt.Errorf("checklist: make room: %w", err)
		}
		return it, insertItem(tx, vid, it)
	}
	var id int64
	err = tx.QueryRow(`SELECT id, position FROM checklist_items WHERE version_id = ? AND code = ? COLLATE NOCASE`, vid, oldCode).Scan(&id, &it.Position)
	if db.NoRows(err) {
		return Item{}, apperr.NotFoundThing("thing.checklist_item")
	}
	if err != nil {
		return Item{}, fmt.Errorf("checklist: item %s: %w", oldCode, err)
	}
	_, err = tx.Exec(`UPDATE checklist_items SET code = ?, clause = ?, clause_code = ?, kind = ?, text_vi = ?, text_en = ?,
		guidance_vi = ?, guidance_en = ?, unit = ?, target = ?, failure = ?, legal_refs_vi = ?, legal_refs_en = ?,
		search_key = ? WHERE id = ?`,
		it.Code, it.Clause, it.GroupClause(), it.Kind, it.TextVI, it.TextEN, it.GuidanceVI, it.GuidanceEN,
		it.Unit, it.Target, it.Failure, it.LegalRefsVI, it.LegalRefsEN, searchKey(it), id)
	if db.IsUnique(err) {
		return Item{}, duplicateCode(it.Code)
	}
	if err != nil {
		return Item{}, fmt.Errorf("checklist: update item %s: %w", oldCode, err)
	}
	return it, nil
}

// insertionPoint is the position after the last item whose grouping clause
// comes no later than clause in the standard's order (1 when none does).
func insertionPoint(tx *db.Tx, vid int64, clause string) (int, error) {
	var p int
	err := tx.QueryRow(`SELECT COALESCE(MAX(i.position), 0) + 1 FROM checklist_items i JOIN clauses c ON c.code = i.clause_code
		WHERE i.version_id = ? AND c.position <= (SELECT position FROM clauses WHERE code = ?)`, vid, clause).Scan(&p)
	if err != nil {
		return 0, fmt.Errorf("checklist: insertion point: %w", err)
	}
	return p, nil
}

// RemoveItem removes an item from draft n and closes the gap. Returns
// apperr.NotFound for an unknown version or item, apperr.Conflict
// "version_published" when n is published.
func (s *Store) RemoveItem(ctx context.Context, checklistID int64, n int, code string) error {
	return s.edit(ctx, checklistID, n, "remove_item", map[string]string{"id": code}, func(tx *db.Tx, vid int64) error {
		return removeItem(tx, vid, code)
	})
}

func removeItem(tx *db.Tx, vid int64, code string) error {
	id, pos, err := itemAt(tx, vid, code)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM checklist_items WHERE id = ?`, id); err != nil {
		return fmt.Errorf("checklist: remove %s: %w", code, err)
	}
	if _, err := tx.Exec(`UPDATE checklist_items SET position = position - 1 WHERE version_id = ? AND position > ?`, vid, pos); err != nil {
		return fmt.Errorf("checklist: remove %s: %w", code, err)
	}
	return nil
}

func itemAt(tx *db.Tx, vid int64, code string) (id int64, pos int, err error) {
	err = tx.QueryRow(`SELECT id, position FROM checklist_items WHERE version_id = ? AND code = ? COLLATE NOCASE`, vid, code).Scan(&id, &pos)
	if db.NoRows(err) {
		return 0, 0, apperr.NotFoundThing("thing.checklist_item")
	}
	if err != nil {
		return 0, 0, fmt.Errorf("checklist: item %s: %w", code, err)
	}
	return id, pos, nil
}

// MoveItem swaps an item of draft n with its neighbour above (delta -1) or
// below (+1); at either end it changes nothing. Returns the item's new
// position; apperr.NotFound for an unknown version or item, apperr.Conflict
// "version_published" when n is published.
func (s *Store) MoveItem(ctx context.Context, checklistID int64, n int, code string, delta int) (int, error) {
	var pos int
	err := s.edit(ctx, checklistID, n, "move_item", map[string]any{"id": code, "by": delta}, func(tx *db.Tx, vid int64) error {
		id, p, err := itemAt(tx, vid, code)
		if err != nil {
			return err
		}
		pos = p
		var other int64
		err = tx.QueryRow(`SELECT id FROM checklist_items WHERE version_id = ? AND position = ?`, vid, p+delta).Scan(&other)
		if db.NoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("checklist: move %s: %w", code, err)
		}
		if _, err := tx.Exec(`UPDATE checklist_items SET position = ? WHERE id = ?`, p, other); err != nil {
			return fmt.Errorf("checklist: move %s: %w", code, err)
		}
		pos = p + delta
		_, err = tx.Exec(`UPDATE checklist_items SET position = ? WHERE id = ?`, pos, id)
		return err
	})
	return pos, err
}

// SetNotApplicable marks a clause of draft n not applicable with a reason,
// or replaces the reason. Returns apperr.Invalid for an unknown clause or a
// bad reason, apperr.NotFound for an unknown version, apperr.Conflict
// "version_published" when n is published.
func (s *Store) SetNotApplicable(ctx context.Context, checklistID int64, n int, clause, reason string) error {
	clause = normalizeClause(clause)
	reason, err := CheckReason(reason)
	if err != nil {
		return err
	}
	return s.edit(ctx, checklistID, n, "exclude_clause", map[string]string{"clause": clause, "reason": reason}, func(tx *db.Tx, vid int64) error {
		return exclude(tx, vid, clause, reason)
	})
}

func exclude(tx *db.Tx, vid int64, clause, reason string) error {
	_, err := tx.Exec(`INSERT INTO checklist_exclusions (version_id, clause, reason) VALUES (?, ?, ?)
		ON CONFLICT (version_id, clause) DO UPDATE SET reason = excluded.reason`, vid, clause, reason)
	if db.IsForeignKey(err) {
		return apperr.InvalidFields(map[string]apperr.Msg{"clause": apperr.M("checklist.unknown_clause", "clause", clause)})
	}
	if err != nil {
		return fmt.Errorf("checklist: exclude %s: %w", clause, err)
	}
	return nil
}

// ClearNotApplicable makes a clause of draft n applicable again; a clause
// that was applicable stays so. Returns apperr.NotFound for an unknown
// version, apperr.Conflict "version_published" when n is published.
func (s *Store) ClearNotApplicable(ctx context.Context, checklistID int64, n int, clause string) error {
	clause = normalizeClause(clause)
	return s.edit(ctx, checklistID, n, "include_clause", map[string]string{"clause": clause}, func(tx *db.Tx, vid int64) error {
		_, err := tx.Exec(`DELETE FROM checklist_exclusions WHERE version_id = ? AND clause = ?`, vid, clause)
		return err
	})
}

// Publish publishes draft n, which from then on never changes. Returns the
// version; apperr.Conflict "version_published" when it already is,
// "draft_empty" when it has no item; apperr.NotFound for an unknown version.
func (s *Store) Publish(ctx context.Context, checklistID int64, n int) (*Version, error) {
	var vid int64
	err := s.edit(ctx, checklistID, n, "publish", map[string]int{"version": n}, func(tx *db.Tx, id int64) error {
		vid = id
		var count int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM checklist_items WHERE version_id = ?`, id).Scan(&count); err != nil {
			return fmt.Errorf("checklist: publish: %w", err)
		}
		if count == 0 {
			return apperr.New(apperr.Conflict, "draft_empty", apperr.M("checklist.draft_empty"))
		}
		return publishVersion(tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Version(ctx, vid)
}

// Discard deletes draft n with its items. Returns apperr.NotFound for an
// unknown version, apperr.Conflict "version_published" when n is published.
func (s *Store) Discard(ctx context.Context, checklistID int64, n int) error {
	return s.edit(ctx, checklistID, n, "discard", map[string]int{"version": n}, func(tx *db.Tx, vid int64) error {
		for _, q := range []string{
			`DELETE FROM checklist_exclusions WHERE version_id = ?`,
			`DELETE FROM checklist_items WHERE version_id = ?`,
			`DELETE FROM checklist_versions WHERE id = ?`,
		} {
			if _, err := tx.Exec(q, vid); err != nil {
				return fmt.Errorf("checklist: discard draft: %w", err)
			}
		}
		return nil
	})
}

// upsertClauses stores the clauses, updating titles and order that a newer
// binary improved; clauses it no longer ships stay, since items may cite them.
func upsertClauses(tx *db.Tx, cs []Clause) error {
	for i, c := range cs {
		_, err := tx.Exec(`INSERT INTO clauses (code, title_vi, title_en, position) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET title_vi = excluded.title_vi, title_en = excluded.title_en, position = excluded.position
			WHERE title_vi <> excluded.title_vi OR title_en <> excluded.title_en OR position <> excluded.position`,
			c.Code, c.TitleVI, c.TitleEN, i+1)
		if err != nil {
			return fmt.Errorf("checklist: clause %s: %w", c.Code, err)
		}
	}
	return nil
}
