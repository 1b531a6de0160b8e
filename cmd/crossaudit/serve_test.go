package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServe runs `crossaudit serve` in-process on a free port and returns
// its base URL and a function that stops it and returns its exit code.
func startServe(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	base, _, stop := startServeOutput(t, args...)
	return base, stop
}

// startServeOutput is startServe that also returns what serve printed
// before it started listening.
func startServeOutput(t *testing.T, args ...string) (string, []string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base string
	var output []string
	timeout := time.After(60 * time.Second)
	for base == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited early: %v", output)
			}
			output = append(output, line)
			if rest, found := strings.CutPrefix(line, "CrossAudit is running at "); found {
				base = strings.TrimSuffix(rest, "/")
			}
		case <-timeout:
			t.Fatal("serve did not start")
		}
	}
	go func() {
		for range lines {
		}
	}()
	t.Cleanup(cancel)
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not shut down")
			return -1
		}
	}
	t.Logf("serve output: %v", output)
	return base, output, stop
}

func TestServeDemoAnswersHealthzAndShutsDownGracefully(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "demo.db")
	base, stop := startServe(t, "--db", dbPath, "--demo")
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("healthz: %d %v", resp.StatusCode, body)
	}
	resp, err = http.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Đăng nhập") {
		t.Error("the sign-in page is not in Vietnamese")
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit code %d after SIGINT-like cancel, want 0", code)
	}
	// A second start on the same database loads nothing again.
	_, stop = startServe(t, "--db", dbPath, "--demo")
	stop()
}

func TestUserAddWhileTheServerRuns(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "live.db")
	base, stop := startServe(t, "--db", dbPath, "--demo")
	defer stop()
	var stderr strings.Builder
	code := run(context.Background(), []string{"user", "add", "--db", dbPath, "--username", "auditor.moi", "--role", "auditor", "--unit", "24961", "--name", "Nguyễn Thị Mới"},
		strings.NewReader("mật khẩu rất dài\n"), io.Discard, &stderr)
	if code != exitOK {
		t.Fatalf("user add: exit %d: %s", code, stderr.String())
	}
	resp, err := http.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(`{"username":"auditor.moi","password":"mật khẩu rất dài"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("the new user cannot sign in: %d", resp.StatusCode)
	}
	// A unit that does not exist is a readable failure, exit 1.
	stderr.Reset()
	code = run(context.Background(), []string{"user", "add", "--db", dbPath, "--username", "x.y", "--role", "auditee", "--unit", "99999"},
		strings.NewReader("mật khẩu rất dài\n"), io.Discard, &stderr)
	if code != exitFailure || !strings.Contains(stderr.String(), "99999") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("unknown unit: exit %d, %q", code, stderr.String())
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := [][]string{
		{},
		{"frobnicate"},
		{"serve", "--nope"},
		{"serve", "--addr", "no-port"},
		{"serve", "--public-url", "iso.example.gov.vn"},
		{"serve", "--public-url", "ftp://iso.example.gov.vn"},
		{"serve", "--public-url", "https://iso.example.gov.vn/?x=1"},
		{"user"},
		{"user", "add", "--db", "x.db"},
		{"init"},
		{"init", "--db", "x.db", "--organisation", "Sở Nội vụ", "--place", "Lâm Đồng"},
		{"init", "--db", "x.db", "--organisation", "Sở Nội vụ", "--admin", "quantri"},
		{"init", "--db", "x.db", "--organisation", "Sở Nội vụ", "--place", "Lâm Đồng", "--admin", "quantri", "extra"},
	}
	for _, args := range tests {
		var stderr strings.Builder
		if code := run(context.Background(), args, strings.NewReader(""), io.Discard, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("%v: no usage line in %q", args, stderr.String())
		}
	}
}
