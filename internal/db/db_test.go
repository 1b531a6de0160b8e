package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/crossaudit/crossaudit/internal/db"
)

func open(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func count(t *testing.T, d *db.DB, query string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrateFreshThenSecondStartChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	d := open(t, path)
	if got, want := count(t, d, `SELECT COUNT(*) FROM schema_migrations`), db.SchemaVersion(); got != want || want == 0 {
		t.Fatalf("applied %d migrations, want %d", got, want)
	}
	var applied string
	d.R.QueryRow(`SELECT group_concat(applied_at) FROM schema_migrations`).Scan(&applied)
	d.Close()

	d = open(t, path)
	defer d.Close()
	var again string
	d.R.QueryRow(`SELECT group_concat(applied_at) FROM schema_migrations`).Scan(&again)
	if again != applied {
		t.Errorf("second start re-applied migrations: %q then %q", applied, again)
	}
	var fk, mode string
	d.R.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	d.R.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if fk != "1" || mode != "wal" {
		t.Errorf("reader pragmas: foreign_keys=%s journal_mode=%s", fk, mode)
	}
}

func TestRefusesDatabaseOfNewerBinary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	d := open(t, path)
	if _, err := d.W.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err := db.Open(context.Background(), path)
	var newer *db.ErrNewerSchema
	if !errors.As(err, &newer) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if newer.Have != 9999 || newer.Know != db.SchemaVersion() {
		t.Errorf("ErrNewerSchema = %+v", newer)
	}
}

func TestReadersCannotWrite(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "r.db"))
	defer d.Close()
	if _, err := d.R.Exec(`INSERT INTO owners (name, created_at) VALUES ('x', 'y')`); err == nil {
		t.Fatal("a reader connection wrote")
	}
}

// Concurrent read-then-write transactions through the writer connection
// never meet SQLITE_BUSY, and none is lost.
func TestConcurrentWritersNeverBusy(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "c.db"))
	defer d.Close()
	ctx := context.Background()
	if _, err := d.W.Exec(`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)`); err != nil {
		t.Fatal(err)
	}
	const workers, each = 32, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				errs <- d.Write(ctx, func(tx *db.Tx) error {
					var n int
					if err := tx.QueryRow(`SELECT n FROM counter WHERE id = 1`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.Exec(`UPDATE counter SET n = ? WHERE id = 1`, n+1)
					return err
				})
			}
		}()
		// Readers run beside the writers.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var n int
				if err := d.R.QueryRow(`SELECT n FROM counter WHERE id = 1`).Scan(&n); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent write failed (busy=%v): %v", db.IsBusy(err), err)
		}
	}
	if got, want := count(t, d, `SELECT n FROM counter`), workers*each; got != want {
		t.Errorf("counter = %d, want %d (lost updates)", got, want)
	}
}

func TestTrailWrittenOnlyWithCommittedChange(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "t.db"))
	defer d.Close()
	ctx := context.Background()
	boom := errors.New("boom")
	err := d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(`INSERT INTO owners (name, created_at) VALUES ('rolled back', 'x')`); err != nil {
			return err
		}
		if err := tx.Record("owner", 1, "create", map[string]string{"name": "rolled back"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v", err)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM events`); n != 0 {
		t.Fatalf("%d events after a rolled-back change", n)
	}
	err = d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(`INSERT INTO owners (name, created_at) VALUES ('kept', 'x')`); err != nil {
			return err
		}
		return tx.Record("owner", 1, "create", map[string]string{"name": "kept"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM events WHERE entity = 'owner' AND action = 'create'`); n != 1 {
		t.Fatalf("%d events after a committed change, want 1", n)
	}
	if _, err := d.W.Exec(`UPDATE events SET action = 'forged'`); err == nil {
		t.Error("the trail accepted an update")
	}
	if _, err := d.W.Exec(`DELETE FROM events`); err == nil {
		t.Error("the trail accepted a delete")
	}
}
