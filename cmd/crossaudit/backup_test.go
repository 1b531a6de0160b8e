package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/crossaudit/crossaudit/internal/db"
)

// A backup taken while the server is busy writing restores into a server
// that serves the same district: the demo's logins, programmes and photos.
func TestBackupOfALiveServerRestoresAndServes(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	base, stop := startServe(t, "--db", live, "--demo")

	// Write load: every token is a row written by the server.
	var wg sync.WaitGroup
	var writes atomic.Int64
	done := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if tokenFor(t, base, "office") != "" {
					writes.Add(1)
				}
			}
		}()
	}
	backups := []string{filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")}
	for _, out := range backups {
		var stdout, stderr strings.Builder
		if code := run(context.Background(), []string{"backup", "--db", live, "-o", out}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("backup: exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "backup written to "+out) {
			t.Errorf("backup said %q", stdout.String())
		}
	}
	close(done)
	wg.Wait()
	if writes.Load() == 0 {
		t.Fatal("no writes happened during the backups: the test proves nothing")
	}
	stop()

	want := countRows(t, live, "attachment_blobs")
	if want == 0 {
		t.Fatal("the demo has no photos to carry")
	}
	if got := countRows(t, backups[1], "attachment_blobs"); got != want {
		t.Errorf("the backup carries %d attachments, the database %d", got, want)
	}

	// Restoring is copying the file into place and starting the server on it.
	restored := filepath.Join(dir, "restored.db")
	data, err := os.ReadFile(backups[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored, data, 0o600); err != nil {
		t.Fatal(err)
	}
	base, stop = startServe(t, "--db", restored)
	defer stop()
	token := tokenFor(t, base, "office")
	if token == "" {
		t.Fatal("the demo office cannot sign in to the restored database")
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/programmes", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var programmes []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&programmes); err != nil || len(programmes) < 2 {
		t.Errorf("programmes after restore: %v, %d", err, len(programmes))
	}
}

func TestBackupRefusesBadArgumentsAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	d, err := db.Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"backup"}, exitUsage, "usage:"},
		{[]string{"backup", "--db", src}, exitUsage, "usage:"},
		{[]string{"backup", "--db", src, "-o", existing}, exitFailure, "already exists"},
		{[]string{"backup", "--db", filepath.Join(dir, "missing.db"), "-o", filepath.Join(dir, "x.db")}, exitFailure, "no database"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		code := run(context.Background(), tt.args, strings.NewReader(""), io.Discard, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.says) {
			t.Errorf("%v: exit %d %q, want %d and %q", tt.args, code, stderr.String(), tt.code, tt.says)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Error("an existing file was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("backing up a missing database created it")
	}
}

// tokenFor signs a demo user in through the API and returns the token, or
// "" when the sign-in was refused.
func tokenFor(t *testing.T, base, username string) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/tokens", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"crossaudit-demo"}`))
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var body struct{ Token string }
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&body) != nil {
		return ""
	}
	return body.Token
}

func countRows(t *testing.T, path, table string) int {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
