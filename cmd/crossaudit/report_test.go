package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
)

// The report command writes an issued audit's stored bytes, a draft of one
// not issued, and a programme's summary; bad arguments exit 2, run-time
// failures 1 with one line.
func TestReportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.db")
	demotest.WriteFile(t, path)
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var issued, draft, prog int64
	var stored []byte
	if err := d.R.QueryRow(`SELECT r.audit_id, b.data FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id ORDER BY r.id LIMIT 1`).Scan(&issued, &stored); err != nil {
		t.Fatal(err)
	}
	if err := d.R.QueryRow(`SELECT id FROM audits WHERE status = 'submitted' LIMIT 1`).Scan(&draft); err != nil {
		t.Fatal(err)
	}
	if err := d.R.QueryRow(`SELECT id FROM programmes LIMIT 1`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	d.Close()
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	out := filepath.Join(dir, "out.pdf")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []byte // the file's exact bytes, when known
	}{
		{"issued audit", []string{"report", "audit", "--db", path, "--audit", id(issued), "-o", out}, exitOK, stored},
		{"draft audit", []string{"report", "audit", "--db", path, "--audit", id(draft), "-o", out}, exitOK, nil},
		{"programme", []string{"report", "programme", "--db", path, "--programme", id(prog), "-o", out}, exitOK, nil},
		{"no kind", []string{"report"}, exitUsage, nil},
		{"unknown kind", []string{"report", "round", "--db", path, "-o", out}, exitUsage, nil},
		{"no output", []string{"report", "audit", "--db", path, "--audit", "1"}, exitUsage, nil},
		{"id not a number", []string{"report", "audit", "--db", path, "--audit", "một", "-o", out}, exitUsage, nil},
		{"unknown audit", []string{"report", "audit", "--db", path, "--audit", "99999", "-o", out}, exitFailure, nil},
		{"no database", []string{"report", "programme", "--db", filepath.Join(dir, "none.db"), "--programme", "1", "-o", out}, exitFailure, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(out)
			var stdout, stderr bytes.Buffer
			if got := run(ctx, tc.args, nil, &stdout, &stderr); got != tc.code {
				t.Fatalf("exit %d, want %d: %s", got, tc.code, stderr.String())
			}
			if tc.code != exitOK {
				if n := strings.Count(strings.TrimSpace(stderr.String()), "\n"); tc.code == exitFailure && n != 0 {
					t.Errorf("a run-time failure says more than one line: %q", stderr.String())
				}
				if _, err := os.Stat(out); err == nil {
					t.Error("a failed run left a file")
				}
				return
			}
			b, err := os.ReadFile(out)
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("no PDF written: %v", err)
			}
			if tc.want != nil && !bytes.Equal(b, tc.want) {
				t.Error("the issued report is not the stored bytes")
			}
		})
	}
}
