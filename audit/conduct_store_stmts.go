package audit

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// stmts keeps the prepared statements of the saves' hot path. Preparing a
// statement is the largest part of running it in SQLite (measured: the
// preparation of the plan's joins took a quarter of the CPU of a save), and
// database/sql prepares afresh for every QueryContext; a *sql.Stmt is
// prepared once per connection and reused.
type stmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get returns the statement of query, preparing it on pool the first time.
// The lock is not held while preparing: preparing on the writer waits for
// its connection, which a transaction that looks statements up may hold.
func (s *stmts) get(ctx context.Context, pool *sql.DB, query string) (*sql.Stmt, error) {
	if st := s.lookup(query); st != nil {
		return st, nil
	}
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.m[query]; ok {
		st.Close() // prepared twice at once; keep the first
		return prev, nil
	}
	if s.m == nil {
		s.m = map[string]*sql.Stmt{}
	}
	s.m[query] = st
	return st, nil
}

func (s *stmts) lookup(query string) *sql.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[query]
}

// prepareWrites prepares the save's statements on the writer. It must run
// outside a transaction: the writer has one connection, which a
// transaction holds.
func (c *Conduct) prepareWrites(ctx context.Context) error {
	for _, q := range []string{statusQuery, answerQuery, upsertAnswer} {
		if _, err := c.writes.get(ctx, c.DB.W, q); err != nil {
			return fmt.Errorf("audit: prepare: %w", err)
		}
	}
	return nil
}

// inTx returns a write statement bound to the transaction: the prepared
// one when prepareWrites made it, else prepared in the transaction.
func (c *Conduct) inTx(tx *db.Tx, query string) (*sql.Stmt, error) {
	if st := c.writes.lookup(query); st != nil {
		return tx.StmtContext(tx.Context(), st), nil
	}
	return tx.PrepareContext(tx.Context(), query)
}

const accessQuery = `SELECT a.status, a.checklist_version_id, a_u.code, b_u.code, COALESCE(t.user_id, 0), COALESCE(t.role, '')
	FROM audits a JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
	LEFT JOIN audit_team t ON t.audit_id = a.id WHERE a.id = ?`

// Access returns what the access rules need of an audit, in one prepared
// query: its state, units, checklist version and team (user ids and roles,
// without names). The saves use it; pages and views use Plan. Returns
// apperr.NotFound.
func (c *Conduct) Access(ctx context.Context, id int64) (*Plan, error) {
	st, err := c.reads.get(ctx, c.DB.R, accessQuery)
	if err != nil {
		return nil, fmt.Errorf("audit: access %d: %w", id, err)
	}
	rows, err := st.QueryContext(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("audit: access %d: %w", id, err)
	}
	defer rows.Close()
	p := &Plan{Team: []TeamMember{}}
	p.ID = id
	found := false
	for rows.Next() {
		var m TeamMember
		if err := rows.Scan(&p.Status, &p.ChecklistVersionID, &p.AuditorUnit, &p.AuditeeUnit, &m.UserID, &m.Role); err != nil {
			return nil, fmt.Errorf("audit: access %d: %w", id, err)
		}
		found = true
		if m.UserID != 0 {
			p.Team = append(p.Team, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, apperr.NotFoundThing("thing.audit")
	}
	return p, nil
}
