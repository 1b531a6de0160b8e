package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// BackupInfo describes a finished backup.
type BackupInfo struct {
	Path          string // where the copy was written
	Bytes         int64  // its size
	SchemaVersion int    // the newest migration it holds
	Attachments   int    // attachment files it carries (their bytes live in the database)
}

// ErrBackupExists is returned when the backup's destination already exists:
// a backup never overwrites a file, which might be the only good copy.
var ErrBackupExists = errors.New("db: the backup file already exists")

// Backup writes a consistent copy of the database at src to dst while a
// server may be writing to it. VACUUM INTO reads inside one read
// transaction, which WAL lets run beside the writer, so the copy is a
// snapshot of one moment and never blocks the server for long. Attachments
// live in the database (attachment_blobs), so the one file holds them.
//
// The copy is written beside dst under a temporary name, checked with
// PRAGMA integrity_check, synced, and only then renamed to dst, so that a
// crash or a full disk never leaves a half-written file under the
// backup's name.
func Backup(ctx context.Context, src, dst string) (BackupInfo, error) {
	if _, err := os.Stat(src); err != nil {
		return BackupInfo{}, fmt.Errorf("db: no database at %s: %w", src, err)
	}
	if _, err := os.Stat(dst); err == nil {
		return BackupInfo{}, fmt.Errorf("%w: %s", ErrBackupExists, dst)
	}
	tmp, err := partialName(dst)
	if err != nil {
		return BackupInfo{}, err
	}
	defer os.Remove(tmp) // a no-op once renamed

	// Read-only and without migrations: backing up must not change the
	// source, not even its schema.
	source, err := sql.Open("sqlite3", "file:"+url.PathEscape(src)+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("db: open %s: %w", src, err)
	}
	defer source.Close()
	if _, err := source.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("db: copy %s: %w", src, err)
	}

	info, err := checkCopy(ctx, tmp)
	if err != nil {
		return BackupInfo{}, err
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return BackupInfo{}, fmt.Errorf("db: move backup into place: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(dst)); err == nil {
		_ = dir.Sync() // make the rename itself durable where the OS allows it
		dir.Close()
	}
	st, err := os.Stat(dst)
	if err != nil {
		return BackupInfo{}, err
	}
	info.Path, info.Bytes = dst, st.Size()
	return info, nil
}

// checkCopy opens the fresh copy and refuses it unless SQLite finds it
// intact.
func checkCopy(ctx context.Context, path string) (BackupInfo, error) {
	c, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("db: open backup: %w", err)
	}
	defer c.Close()
	var verdict string
	if err := c.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict); err != nil {
		return BackupInfo{}, fmt.Errorf("db: check backup: %w", err)
	}
	if verdict != "ok" {
		return BackupInfo{}, fmt.Errorf("db: the backup failed its integrity check: %s", verdict)
	}
	var info BackupInfo
	// A database that was never migrated has neither table; its copy is
	// still a faithful copy, so both counts stay zero.
	_ = c.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.SchemaVersion)
	_ = c.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachment_blobs`).Scan(&info.Attachments)
	return info, nil
}

func partialName(dst string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return dst + ".partial-" + hex.EncodeToString(b[:]), nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
