package checklist

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Store reads and writes checklists, their versions and the clauses. It
// holds all of the package's SQL (with store_edit.go, the writes).
type Store struct{ DB *db.DB }

// querier is what reads need: the reader pool, a read transaction or a
// write transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// read runs fn in one read transaction, so that a version and its items are
// read from the same snapshot even while a draft is being edited.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.DB.R.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("checklist: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// Clauses returns every clause in the standard's order; its only errors
// are internal ones.
func (s *Store) Clauses(ctx context.Context) ([]Clause, error) {
	return clauses(ctx, s.DB.R)
}

func clauses(ctx context.Context, q querier) ([]Clause, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, title_vi, title_en FROM clauses ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("checklist: clauses: %w", err)
	}
	defer rows.Close()
	out := []Clause{}
	for rows.Next() {
		var c Clause
		if err := rows.Scan(&c.Code, &c.TitleVI, &c.TitleEN); err != nil {
			return nil, fmt.Errorf("checklist: clauses: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClauseSet returns a lookup of the clause codes, for validating items.
func ClauseSet(cs []Clause) func(string) bool {
	m := make(map[string]bool, len(cs))
	for _, c := range cs {
		m[c.Code] = true
	}
	return func(code string) bool { return m[code] }
}

const listColumns = `c.id, c.name, c.builtin_key IS NOT NULL, c.updated_at,
	COALESCE((SELECT MAX(number) FROM checklist_versions WHERE checklist_id = c.id AND status = 'published'), 0),
	COALESCE((SELECT number FROM checklist_versions WHERE checklist_id = c.id AND status = 'draft'), 0),
	(SELECT COUNT(*) FROM checklist_items i WHERE i.version_id = (SELECT id FROM checklist_versions
		WHERE checklist_id = c.id AND status = 'published' ORDER BY number DESC LIMIT 1))`

func scanChecklist(r interface{ Scan(...any) error }) (Checklist, error) {
	var c Checklist
	var updated string
	if err := r.Scan(&c.ID, &c.Name, &c.Builtin, &updated, &c.Version, &c.Draft, &c.Items); err != nil {
		return c, err
	}
	c.UpdatedAt, _ = db.ParseTime(updated)
	return c, nil
}

// List returns the checklists, the built-in first, then by name. A query
// keeps those whose name, or one item of a published version, holds every
// word, ignoring case and diacritics. Its only errors are internal ones.
func (s *Store) List(ctx context.Context, query string) ([]Checklist, error) {
	q := `SELECT ` + listColumns + ` FROM checklists c`
	var args []any
	if words := strings.Fields(text.Fold(query)); len(words) > 0 {
		name, item := likeAll("c.search_key", words), likeAll("i.search_key", words)
		q += ` WHERE (` + name + ` OR EXISTS (SELECT 1 FROM checklist_items i
			JOIN checklist_versions v ON v.id = i.version_id
			WHERE v.checklist_id = c.id AND v.status = 'published' AND ` + item + `))`
		for range 2 {
			for _, w := range words {
				args = append(args, "%"+escapeLike(w)+"%")
			}
		}
	}
	rows, err := s.DB.R.QueryContext(ctx, q+` ORDER BY c.builtin_key IS NULL, c.name, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("checklist: list: %w", err)
	}
	defer rows.Close()
	out := []Checklist{}
	for rows.Next() {
		c, err := scanChecklist(rows)
		if err != nil {
			return nil, fmt.Errorf("checklist: list: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// likeAll is the condition that col holds every word (one placeholder each).
func likeAll(col string, words []string) string {
	conds := make([]string, len(words))
	for i := range words {
		conds[i] = col + ` LIKE ? ESCAPE '\'`
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// escapeLike makes a user's text literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Get returns one checklist as listed. Returns apperr.NotFound when there
// is none.
func (s *Store) Get(ctx context.Context, id int64) (Checklist, error) {
	c, err := scanChecklist(s.DB.R.QueryRowContext(ctx, `SELECT `+listColumns+` FROM checklists c WHERE c.id = ?`, id))
	if db.NoRows(err) {
		return c, apperr.NotFoundThing("thing.checklist")
	}
	if err != nil {
		return c, fmt.Errorf("checklist: get %d: %w", id, err)
	}
	return c, nil
}

// Published returns the latest published version of a checklist, the one
// a new audit pins. Returns apperr.NotFound when the checklist does not
// exist or has no published version.
func (s *Store) Published(ctx context.Context, checklistID int64) (*Version, error) {
	var v *Version
	err := s.read(ctx, func(q querier) (err error) {
		v, err = publishedVersion(ctx, q, checklistID)
		return err
	})
	return v, err
}

// PublishedTx is Published inside a write transaction (the demo, an audit
// being created).
func PublishedTx(tx *db.Tx, checklistID int64) (*Version, error) {
	return publishedVersion(tx.Context(), tx.Tx, checklistID)
}

func publishedVersion(ctx context.Context, q querier, checklistID int64) (*Version, error) {
	return loadVersion(ctx, q, `v.checklist_id = ? AND v.status = 'published' ORDER BY v.number DESC LIMIT 1`, checklistID)
}

// Version returns a version by its id (checklist_versions.id), published or
// draft, with its items. Returns apperr.NotFound when there is none.
func (s *Store) Version(ctx context.Context, versionID int64) (*Version, error) {
	var v *Version
	err := s.read(ctx, func(q querier) (err error) {
		v, err = loadVersion(ctx, q, `v.id = ?`, versionID)
		return err
	})
	return v, err
}

// VersionNumber returns version n of a checklist. Returns apperr.NotFound
// when there is none.
func (s *Store) VersionNumber(ctx context.Context, checklistID int64, n int) (*Version, error) {
	var v *Version
	err := s.read(ctx, func(q querier) (err error) {
		v, err = loadVersion(ctx, q, `v.checklist_id = ? AND v.number = ?`, checklistID, n)
		return err
	})
	return v, err
}

// Draft returns the draft of a checklist. Returns apperr.NotFound when it
// has none.
func (s *Store) Draft(ctx context.Context, checklistID int64) (*Version, error) {
	var v *Version
	err := s.read(ctx, func(q querier) (err error) {
		v, err = loadVersion(ctx, q, `v.checklist_id = ? AND v.status = 'draft'`, checklistID)
		return err
	})
	return v, err
}

// loadVersion reads the first version matching where, with its items and
// exclusions.
func loadVersion(ctx context.Context, q querier, where string, args ...any) (*Version, error) {
	v := &Version{NotApplicable: map[string]string{}}
	var created, published string
	err := q.QueryRowContext(ctx, `SELECT v.id, v.checklist_id, c.name, v.number, v.status, v.created_at, COALESCE(v.published_at, '')
		FROM checklist_versions v JOIN checklists c ON c.id = v.checklist_id WHERE `+where, args...).
		Scan(&v.ID, &v.ChecklistID, &v.Name, &v.Number, &v.Status, &created, &published)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.checklist_version")
	}
	if err != nil {
		return nil, fmt.Errorf("checklist: version: %w", err)
	}
	v.CreatedAt, _ = db.ParseTime(created)
	if published != "" {
		v.PublishedAt, _ = db.ParseTime(published)
	}
	if v.Items, err = loadItems(ctx, q, v.ID); err != nil {
		return nil, err
	}
	if err := loadExclusions(ctx, q, v); err != nil {
		return nil, err
	}
	return v, nil
}

func loadItems(ctx context.Context, q querier, versionID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, clause, kind, text_vi, text_en, guidance_vi, guidance_en, unit, target, failure,
		legal_refs_vi, legal_refs_en, position FROM checklist_items WHERE version_id = ? ORDER BY position, id`, versionID)
	if err != nil {
		return nil, fmt.Errorf("checklist: items of %d: %w", versionID, err)
	}
	defer rows.Close()
	items := []Item{}
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.Code, &it.Clause, &it.Kind, &it.TextVI, &it.TextEN, &it.GuidanceVI, &it.GuidanceEN,
			&it.Unit, &it.Target, &it.Failure, &it.LegalRefsVI, &it.LegalRefsEN, &it.Position); err != nil {
			return nil, fmt.Errorf("checklist: items of %d: %w", versionID, err)
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

func loadExclusions(ctx context.Context, q querier, v *Version) error {
	rows, err := q.QueryContext(ctx, `SELECT clause, reason FROM checklist_exclusions WHERE version_id = ?`, v.ID)
	if err != nil {
		return fmt.Errorf("checklist: exclusions of %d: %w", v.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, r string
		if err := rows.Scan(&c, &r); err != nil {
			return fmt.Errorf("checklist: exclusions of %d: %w", v.ID, err)
		}
		v.NotApplicable[c] = r
	}
	return rows.Err()
}

// VersionInfo is a version as listed, without its items.
type VersionInfo struct {
	ID          int64     `json:"version_id"`
	Number      int       `json:"version"`
	Status      string    `json:"status"`
	Items       int       `json:"items"`
	CreatedAt   time.Time `json:"created_at"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// Versions lists a checklist's versions, the newest first. Returns
// apperr.NotFound when the checklist does not exist.
func (s *Store) Versions(ctx context.Context, checklistID int64) ([]VersionInfo, error) {
	if _, err := s.Get(ctx, checklistID); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.id, v.number, v.status, v.created_at, COALESCE(v.published_at, ''),
		(SELECT COUNT(*) FROM checklist_items i WHERE i.version_id = v.id)
		FROM checklist_versions v WHERE v.checklist_id = ? ORDER BY v.number DESC`, checklistID)
	if err != nil {
		return nil, fmt.Errorf("checklist: versions of %d: %w", checklistID, err)
	}
	defer rows.Close()
	out := []VersionInfo{}
	for rows.Next() {
		var vi VersionInfo
		var created, published string
		if err := rows.Scan(&vi.ID, &vi.Number, &vi.Status, &created, &published, &vi.Items); err != nil {
			return nil, fmt.Errorf("checklist: versions of %d: %w", checklistID, err)
		}
		vi.CreatedAt, _ = db.ParseTime(created)
		vi.PublishedAt, _ = db.ParseTime(published)
		out = append(out, vi)
	}
	return out, rows.Err()
}

// builtinKey names the built-in checklist in checklists.builtin_key.
const builtinKey = "iso9001-tthc"

// BuiltinID returns the id of the built-in checklist. Returns
// apperr.NotFound before Seed has run.
func BuiltinID(ctx context.Context, d *db.DB) (int64, error) {
	return builtinID(ctx, d.R)
}

// BuiltinIDTx is BuiltinID inside a write transaction.
func BuiltinIDTx(tx *db.Tx) (int64, error) {
	return builtinID(tx.Context(), tx.Tx)
}

func builtinID(ctx context.Context, q querier) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM checklists WHERE builtin_key = ?`, builtinKey).Scan(&id)
	if db.NoRows(err) {
		return 0, apperr.NotFoundThing("thing.checklist")
	}
	if err != nil {
		return 0, fmt.Errorf("checklist: built-in: %w", err)
	}
	return id, nil
}

// Previous is the number of the version before this one, 0 for the first.
func (vi VersionInfo) Previous() int { return vi.Number - 1 }
