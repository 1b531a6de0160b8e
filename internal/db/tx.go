package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Tx is a write transaction. It carries one Now so that every timestamp it
// writes agrees, and the acting user for the audit trail.
type Tx struct {
	*sql.Tx
	Now   time.Time
	Actor int64 // user id, 0 for the system
	ctx   context.Context
}

// Context returns the context the transaction was begun with.
func (tx *Tx) Context() context.Context { return tx.ctx }

// Exec runs a statement in the transaction's context.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(tx.ctx, query, args...)
}

// QueryRow runs a query returning one row in the transaction's context.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(tx.ctx, query, args...)
}

// Query runs a query in the transaction's context.
func (tx *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(tx.ctx, query, args...)
}

type actorKey struct{}

// WithActor returns a context whose write transactions are attributed to the
// user id in the audit trail.
func WithActor(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// ActorFrom returns the user id set by WithActor, or 0.
func ActorFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(actorKey{}).(int64)
	return id
}

// Write runs fn in a write transaction on the writer connection and commits
// when fn returns nil. Keep fn short: it holds the only writer.
func (d *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer stx.Rollback()
	tx := &Tx{Tx: stx, Now: d.Now().UTC().Truncate(time.Second), Actor: ActorFrom(ctx), ctx: ctx}
	if err := fn(tx); err != nil {
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// FormatTime renders t as the RFC 3339 UTC text every table stores.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ParseTime reads a time written by FormatTime.
func ParseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }

// IsUnique reports whether err is a UNIQUE or PRIMARY KEY constraint failure.
func IsUnique(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	return false
}

// IsForeignKey reports whether err is a FOREIGN KEY constraint failure.
func IsForeignKey(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintForeignKey
	}
	return false
}

// IsBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func IsBusy(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	return false
}

// NoRows reports whether err is sql.ErrNoRows.
func NoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// ActorArg is the transaction's actor as an SQL argument: NULL for the
// system, so that a user-id column with a foreign key accepts it.
func (tx *Tx) ActorArg() any {
	if tx.Actor == 0 {
		return nil
	}
	return tx.Actor
}
