package conduct

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Store stores what a team does during an audit: answers, evidence and
// the meetings. It reads audits (plans, teams) through Audits, and keeps
// what saving at every touch needs: a cache of the pinned checklist
// versions and the group commit of saves. Build one per process with
// NewStore: the cache and the commit queue are only right when shared.
type Store struct {
	DB         *db.DB
	Audits     *audit.Store
	Checklists *checklist.Store
	// versions caches published checklist versions by id: a published
	// version never changes (the database refuses it), and every save
	// checks its item against the audit's version.
	versions sync.Map
	saves    commitGroup
}

// NewStore returns the conduct store over the audits' store.
func NewStore(audits *audit.Store) *Store {
	return &Store{DB: audits.DB, Audits: audits, Checklists: audits.Checklists, saves: commitGroup{db: audits.DB}}
}

// Version returns a checklist version with its items, from the cache when
// it is published. Returns apperr.NotFound.
func (c *Store) Version(ctx context.Context, id int64) (*checklist.Version, error) {
	if v, ok := c.versions.Load(id); ok {
		return v.(*checklist.Version), nil
	}
	v, err := c.Checklists.Version(ctx, id)
	if err != nil {
		return nil, err
	}
	if v.Published() {
		c.versions.Store(id, v)
	}
	return v, nil
}

// Sheet returns the audit's checklist with its answers and attachments.
func (c *Store) Sheet(ctx context.Context, p *audit.Audit) (*Sheet, error) {
	v, err := c.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return nil, err
	}
	clauses, err := c.Checklists.Clauses(ctx)
	if err != nil {
		return nil, err
	}
	answers, err := c.Answers(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	atts, err := c.Attachments(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return NewSheet(v, clauses, answers, atts), nil
}

// Answers returns an audit's answers keyed by item code.
func (c *Store) Answers(ctx context.Context, auditID int64) (map[string]Answer, error) {
	return AnswersOf(ctx, c.DB.R, auditID)
}

// AnswersOf reads an audit's answers through q, the reader pool or a write
// transaction.
func AnswersOf(ctx context.Context, q audit.Querier, auditID int64) (map[string]Answer, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.item_code, a.result, a.note, a.value, a.reason, a.version, COALESCE(u.username, ''), a.updated_at
		FROM answers a LEFT JOIN users u ON u.id = a.updated_by WHERE a.audit_id = ?`, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit: answers of %d: %w", auditID, err)
	}
	defer rows.Close()
	out := map[string]Answer{}
	for rows.Next() {
		var code string
		a, err := scanAnswer(rows, &code)
		if err != nil {
			return nil, fmt.Errorf("audit: answers of %d: %w", auditID, err)
		}
		out[code] = a
	}
	return out, rows.Err()
}

// scanAnswer reads the columns item_code (into code, when not nil), result,
// note, value, reason, version, the updater's username and updated_at.
func scanAnswer(row interface{ Scan(...any) error }, code *string) (Answer, error) {
	var a Answer
	var value sql.NullFloat64
	var at, result string
	dest := []any{&result, &a.Note, &value, &a.Reason, &a.Version, &a.UpdatedBy, &at}
	if code != nil {
		dest = append([]any{code}, dest...)
	}
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.Result = checklist.Result(result)
	if value.Valid {
		a.Value = &value.Float64
	}
	a.UpdatedAt, _ = db.ParseTime(at)
	return a, nil
}

// Progresses returns how far each audit has got (items with a result, of
// the items of its checklist version), for the lists.
func (c *Store) Progresses(ctx context.Context) (map[int64]Progress, error) {
	rows, err := c.DB.R.QueryContext(ctx, `SELECT a.id,
		(SELECT COUNT(*) FROM answers x WHERE x.audit_id = a.id AND x.result <> ''),
		(SELECT COUNT(*) FROM checklist_items i WHERE i.version_id = a.checklist_version_id)
		FROM audits a`)
	if err != nil {
		return nil, fmt.Errorf("audit: progress: %w", err)
	}
	defer rows.Close()
	out := map[int64]Progress{}
	for rows.Next() {
		var id int64
		var p Progress
		if err := rows.Scan(&id, &p.Answered, &p.Total); err != nil {
			return nil, fmt.Errorf("audit: progress: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}
