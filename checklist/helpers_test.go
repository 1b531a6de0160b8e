package checklist_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// seeded opens a fresh migrated database with the clauses and edition 1 of
// the built-in checklist alone, as every install was before version 2: the
// editing tests count versions from there. seededLatest seeds as every
// start now does.
func seeded(t *testing.T) (*db.DB, *checklist.Store) {
	t.Helper()
	d := webtest.OpenDB(t)
	if err := checklist.SeedEditions(context.Background(), d, 1); err != nil {
		t.Fatal(err)
	}
	return d, &checklist.Store{DB: d}
}

// seededLatest opens a fresh migrated database seeded as a start of this
// binary leaves it: every edition of the built-in checklist.
func seededLatest(t *testing.T) (*db.DB, *checklist.Store) {
	t.Helper()
	d := webtest.OpenDB(t)
	if err := checklist.Seed(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d, &checklist.Store{DB: d}
}

// known is the clause lookup of the shipped clauses.
func known(t testing.TB) func(string) bool {
	t.Helper()
	cs, err := checklist.BuiltinClauses()
	if err != nil {
		t.Fatal(err)
	}
	return checklist.ClauseSet(cs)
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// appErr returns err as an *apperr.Error, failing the test when it is not one.
func appErr(t *testing.T, err error) *apperr.Error {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an application error", err)
	}
	return e
}

// export writes a version in a format.
func export(t testing.TB, format string, v *checklist.Version) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := checklist.Write(&buf, format, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
