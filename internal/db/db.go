// Package db opens CrossAudit's SQLite database, migrates it, and runs
// transactions.
//
// Writes go through one writer connection (SetMaxOpenConns(1) with
// _txlock=immediate): measured on the target machine, a shared pool with
// deferred transactions failed about three quarters of concurrent
// read-then-write transactions with SQLITE_BUSY, while one writer gave none.
// Reads go through a separate pool of query-only connections, which WAL lets
// run beside the writer.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"
)

// DB is an open, migrated database.
type DB struct {
	W    *sql.DB // the one writer connection
	R    *sql.DB // query-only readers
	Path string
	// Now is the clock every transaction reads once; tests and the demo may
	// replace it.
	Now func() time.Time
}

// dsn builds the connection string: pragmas go into the DSN because a PRAGMA
// run with Exec reaches only one pooled connection.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	// Reusing prepared statements saves SQLite re-parsing the same few
	// queries on every answer save, the largest cost once commits are grouped.
	q.Set("_stmt_cache_size", "64")
	if readOnly {
		q.Set("_query_only", "true")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}

// Open opens the database at path, creating it if needed, and applies every
// pending migration. It refuses a database written by a newer binary.
func Open(ctx context.Context, path string) (*DB, error) {
	w, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	d := &DB{W: w, Path: path, Now: func() time.Time { return time.Now().UTC() }}
	if err := d.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	d.R = r
	return d, nil
}

// Close closes both pools; the writer last so that it checkpoints the WAL.
func (d *DB) Close() error {
	var err error
	if d.R != nil {
		err = d.R.Close()
	}
	if werr := d.W.Close(); werr != nil {
		err = werr
	}
	return err
}
