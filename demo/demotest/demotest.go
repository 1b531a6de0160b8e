// Package demotest gives tests a database with the demo district loaded.
//
// Loading the demo writes hundreds of audits, answers, photos, issued PDFs
// and nonconformities; under -race that takes tens of seconds, and many
// tests need it. So the demo is loaded once per test binary, kept as the
// bytes of its database file, and each test gets its own copy of that file:
// tests stay independent (each may write what it likes) at the cost of a
// file copy.
package demotest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/db"
)

var (
	once    sync.Once
	image   []byte // the demo database file, checkpointed
	output  string // what the demo printed while loading
	loadErr error
)

// Open returns a fresh database, in tb's temporary directory, holding the
// demo district exactly as `serve --demo` loads it.
func Open(tb testing.TB) *db.DB {
	tb.Helper()
	once.Do(load)
	if loadErr != nil {
		tb.Fatalf("load the demo: %v", loadErr)
	}
	path := filepath.Join(tb.TempDir(), "demo.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		tb.Fatal(err)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// WriteFile writes the demo database to path, for a test that opens the
// file itself (a command run on a --db file).
func WriteFile(tb testing.TB, path string) {
	tb.Helper()
	once.Do(load)
	if loadErr != nil {
		tb.Fatalf("load the demo: %v", loadErr)
	}
	if err := os.WriteFile(path, image, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// Output returns what loading the demo printed (the demo logins).
func Output(tb testing.TB) string {
	tb.Helper()
	once.Do(load)
	if loadErr != nil {
		tb.Fatalf("load the demo: %v", loadErr)
	}
	return output
}

// load loads the demo into a scratch file, closes it (which checkpoints the
// WAL into the file) and keeps the file's bytes.
func load() {
	dir, err := os.MkdirTemp("", "crossaudit-demo-")
	if err != nil {
		loadErr = err
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		loadErr = err
		return
	}
	var out bytes.Buffer
	if err := demo.Load(context.Background(), findings.Open(d), &out); err != nil {
		d.Close()
		loadErr = err
		return
	}
	// Everything into the main file, so that its bytes alone are the demo.
	if _, err := d.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		d.Close()
		loadErr = err
		return
	}
	if err := d.Close(); err != nil {
		loadErr = err
		return
	}
	image, loadErr = os.ReadFile(path)
	output = out.String()
}
