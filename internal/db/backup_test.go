package db_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/crossaudit/crossaudit/internal/db"
)

// Each write adds two rows in one transaction, so a copy of one moment
// always holds an even number; a copy torn between transactions would not.
func TestBackupUnderWriteLoadIsASnapshot(t *testing.T) {
	dir := t.TempDir()
	d := open(t, filepath.Join(dir, "live.db"))
	defer d.Close()
	if _, err := d.W.Exec(`CREATE TABLE pairs (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var written atomic.Int64
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for ctx.Err() == nil {
			err := d.Write(ctx, func(tx *db.Tx) error {
				for range 2 {
					if _, err := tx.Exec(`INSERT INTO pairs (n) VALUES (?)`, written.Load()); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil {
				written.Add(1)
			}
		}
	}()
	for i := range 5 {
		out := filepath.Join(dir, "copy"+string(rune('a'+i))+".db")
		info, err := db.Backup(context.Background(), d.Path, out)
		if err != nil {
			t.Fatal(err)
		}
		if info.SchemaVersion != db.SchemaVersion() || info.Bytes == 0 {
			t.Errorf("backup info %+v", info)
		}
		c := open(t, out)
		if n := count(t, c, `SELECT COUNT(*) FROM pairs`); n%2 != 0 {
			t.Errorf("copy %d holds %d rows: torn between transactions", i, n)
		}
		c.Close()
	}
	cancel()
	<-stopped
	if written.Load() == 0 {
		t.Fatal("nothing was written during the backups")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".db" && filepath.Ext(e.Name()) != ".db-wal" && filepath.Ext(e.Name()) != ".db-shm" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if _, err := db.Backup(context.Background(), d.Path, filepath.Join(dir, "copya.db")); !errors.Is(err, db.ErrBackupExists) {
		t.Errorf("backing up onto an existing file: %v", err)
	}
}
