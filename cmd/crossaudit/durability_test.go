package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
)

// Every save the server acknowledged survives the server being killed with
// SIGKILL at random moments under load from 64 concurrent clients, and the
// database stays intact. The server runs as a real child process built
// without -race, as in production.
func TestAcknowledgedSavesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real server")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "crossaudit")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dbPath := filepath.Join(dir, "durable.db")
	srv := startChild(t, bin, dbPath)
	defer func() { srv.kill() }()

	slots := answerSlots(t, srv.base, 64)
	var base atomic.Value
	base.Store(srv.base)

	// Each client owns one item, so every version it sees is its own; the
	// note carries a sequence number that only grows.
	type ack struct {
		seq     int
		version int64
	}
	acked := make([]ack, len(slots))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var saves atomic.Int64
	for i, s := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			version := s.version
			for seq := 1; ctx.Err() == nil; seq++ {
				b := base.Load().(string)
				body := fmt.Sprintf(`{"result":"conform","note":"máy %d · lần %d","version":%d}`, i, seq, version)
				code, reply := call(client, http.MethodPut, b+"/api/v1/audits/"+s.audit+"/answers/"+s.item, s.token, body)
				switch code {
				case http.StatusOK:
					var v struct{ Version int64 }
					if json.Unmarshal(reply, &v) == nil {
						version = v.Version
						acked[i] = ack{seq, version}
						saves.Add(1)
					}
				case http.StatusConflict:
					// A save whose reply was lost in a kill did commit:
					// carry on from the stored version.
					if v, ok := currentVersion(client, b, s); ok {
						version = v
					}
				default:
					time.Sleep(20 * time.Millisecond) // the server is down or restarting
				}
			}
		}()
	}

	rng := rand.New(rand.NewPCG(9, 2026))
	for kill := range 10 {
		time.Sleep(time.Duration(150+rng.IntN(400)) * time.Millisecond)
		srv.kill()
		srv = startChild(t, bin, dbPath)
		base.Store(srv.base)
		t.Logf("kill %d: restarted at %s after %d acknowledged saves", kill+1, srv.base, saves.Load())
	}
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()
	if saves.Load() < int64(len(slots)) {
		t.Fatalf("only %d saves were acknowledged: the load proves nothing", saves.Load())
	}

	client := &http.Client{Timeout: 5 * time.Second}
	for i, s := range slots {
		if acked[i].seq == 0 {
			continue
		}
		code, reply := call(client, http.MethodGet, srv.base+"/api/v1/audits/"+s.audit, s.token, "")
		if code != http.StatusOK {
			t.Fatalf("read audit %s: %d", s.audit, code)
		}
		note, version := answerOf(reply, s.item)
		var seq, machine int
		fmt.Sscanf(note, "máy %d · lần %d", &machine, &seq)
		if version < acked[i].version || seq < acked[i].seq || machine != i {
			t.Errorf("item %s of audit %s: stored %q v%d, but save %d (v%d) was acknowledged", s.item, s.audit, note, version, acked[i].seq, acked[i].version)
		}
	}
	srv.kill()
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var verdict string
	if err := d.R.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
		t.Errorf("integrity check: %q %v", verdict, err)
	}
}

type child struct {
	cmd  *exec.Cmd
	base string
}

func (c *child) kill() {
	if c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		_ = c.cmd.Wait()
	}
}

// startChild starts the built server on a free port (with the demo on its
// first start) and waits until it says where it listens.
func startChild(t *testing.T, bin, dbPath string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath, "--demo")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		defer close(found)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "CrossAudit is running at "); ok {
				found <- strings.TrimSuffix(rest, "/")
			}
		}
	}()
	select {
	case base, ok := <-found:
		if ok {
			return &child{cmd: cmd, base: base}
		}
		_ = cmd.Wait()
		t.Fatalf("the server exited at start: %s", stderr.String())
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the server did not start: %s", stderr.String())
	}
	return nil
}

type answerSlot struct {
	audit, item, token string
	version            int64
}

// answerSlots picks n items of in-progress demo audits, each with a token
// of a team member who may answer it.
func answerSlots(t *testing.T, base string, n int) []answerSlot {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	office := tokenFor(t, base, "office")
	code, reply := call(client, http.MethodGet, base+"/api/v1/audits?status=in_progress", office, "")
	if code != http.StatusOK {
		t.Fatalf("list audits: %d %s", code, reply)
	}
	var audits []struct{ ID int64 }
	if err := json.Unmarshal(reply, &audits); err != nil {
		t.Fatal(err)
	}
	var slots []answerSlot
	for _, a := range audits {
		id := fmt.Sprint(a.ID)
		_, reply := call(client, http.MethodGet, base+"/api/v1/audits/"+id, office, "")
		var full struct {
			Team  []struct{ Username, Role string }
			Items []struct {
				ItemID string `json:"item_id"`
				Kind   string
				Answer struct{ Version int64 }
			}
		}
		if err := json.Unmarshal(reply, &full); err != nil {
			t.Fatal(err)
		}
		token := ""
		for _, m := range full.Team {
			if m.Role == "lead" || m.Role == "auditor" {
				token = tokenFor(t, base, m.Username)
				break
			}
		}
		if token == "" {
			continue
		}
		for _, it := range full.Items {
			if it.Kind != "measure" && len(slots) < n {
				slots = append(slots, answerSlot{id, it.ItemID, token, it.Answer.Version})
			}
		}
	}
	if len(slots) < n {
		t.Fatalf("the demo offers only %d answerable items", len(slots))
	}
	return slots
}

func call(client *http.Client, method, url, token, body string) (int, []byte) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, nil
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func currentVersion(client *http.Client, base string, s answerSlot) (int64, bool) {
	code, reply := call(client, http.MethodGet, base+"/api/v1/audits/"+s.audit, s.token, "")
	if code != http.StatusOK {
		return 0, false
	}
	_, v := answerOf(reply, s.item)
	return v, true
}

func answerOf(audit []byte, item string) (string, int64) {
	var full struct {
		Items []struct {
			ItemID string `json:"item_id"`
			Answer struct {
				Note    string
				Version int64
			}
		}
	}
	_ = json.NewDecoder(bytes.NewReader(audit)).Decode(&full)
	for _, it := range full.Items {
		if it.ItemID == item {
			return it.Answer.Note, it.Answer.Version
		}
	}
	return "", 0
}
