package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// loadTarget is one client's place: an audit, an item of it, and the token
// of a member of its team.
type loadTarget struct {
	audit int64
	item  string
	token string
}

// ack is a save the server acknowledged.
type ack struct {
	audit   int64
	item    string
	version int64
	note    string
}

// loadResult is what a load run measured.
type loadResult struct {
	saves     int
	conflicts int
	elapsed   time.Duration
	latencies []time.Duration
	acks      []ack
}

func (r loadResult) perSecond() float64 { return float64(r.saves) / r.elapsed.Seconds() }

func (r loadResult) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	return l[min(len(l)-1, int(float64(len(l))*p))]
}

// loadEnv is a district of 16 units with one confirmed round: 16 audits,
// each led by its unit's auditor.
func loadEnv(tb testing.TB) (*conductEnv, []audit.AuditSummary, map[string]string) {
	tb.Helper()
	var units []string
	for c := 'A'; c < 'A'+16; c++ {
		units = append(units, string(c))
	}
	e := newConductEnvN(tb, units)
	resp, body := e.office.Do(http.MethodGet, "/api/v1/audits", nil)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("audits: %d", resp.StatusCode)
	}
	var audits []audit.AuditSummary
	mustDecode(tb, body, &audits)
	tokens := map[string]string{}
	for _, u := range units {
		tokens[u] = e.app.Token("auditor."+u, webtest.Password).Bearer
	}
	return e, audits, tokens
}

// spread puts n clients on different audits (and different items).
func spread(audits []audit.AuditSummary, tokens map[string]string, items []findings.ItemView, n int) []loadTarget {
	out := make([]loadTarget, n)
	for i := range out {
		a := audits[i%len(audits)]
		out[i] = loadTarget{audit: a.ID, item: items[i/len(audits)].ItemID, token: tokens[a.AuditorUnit]}
	}
	return out
}

// crowd puts n clients on one audit; with more clients than items, some
// share an item and meet each other's saves.
func crowd(a audit.AuditSummary, tokens map[string]string, items []findings.ItemView, n int) []loadTarget {
	out := make([]loadTarget, n)
	for i := range out {
		out[i] = loadTarget{audit: a.ID, item: items[i%len(items)].ItemID, token: tokens[a.AuditorUnit]}
	}
	return out
}

// runLoad has one goroutine per target save answers until total saves are
// acknowledged, each based on the version the client last saw; a 409 makes
// the client keep its answer on the current version, as the page does.
func runLoad(tb testing.TB, base string, targets []loadTarget, total int) loadResult {
	tb.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: len(targets), MaxConnsPerHost: len(targets)}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var left atomic.Int64
	left.Store(int64(total))
	var mu sync.Mutex
	var res loadResult
	var failure atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for ci, tg := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var version int64
			for n := 0; left.Add(-1) >= 0; n++ {
				note := fmt.Sprintf("Khách %d ghi lần %d", ci, n)
				for {
					t0 := time.Now()
					status, body, err := putAnswer(client, base, tg, note, version)
					d := time.Since(t0)
					if err != nil || (status != http.StatusOK && status != http.StatusConflict) {
						failure.Store(fmt.Sprintf("client %d: %d %s %v", ci, status, body, err))
						return
					}
					var out struct {
						Version int64
						Error   struct{ Current conduct.Answer }
					}
					_ = json.Unmarshal(body, &out)
					mu.Lock()
					res.latencies = append(res.latencies, d)
					if status == http.StatusConflict {
						res.conflicts++
						version = out.Error.Current.Version
						mu.Unlock()
						continue
					}
					version = out.Version
					res.saves++
					res.acks = append(res.acks, ack{tg.audit, tg.item, version, note})
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if f := failure.Load(); f != nil {
		tb.Fatal(f)
	}
	return res
}

func putAnswer(c *http.Client, base string, tg loadTarget, note string, version int64) (int, []byte, error) {
	body, _ := json.Marshal(map[string]any{"result": "conform", "note": note, "version": version})
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/api/v1/audits/%d/answers/%s", base, tg.audit, tg.item), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tg.token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// verifyAcks checks that every acknowledged save is stored: per answer, no
// two acknowledgements share a version (no save was lost in another), the
// stored version is the highest acknowledged, with its note, and the trail
// holds one event per version.
func verifyAcks(tb testing.TB, e *conductEnv, acks []ack) {
	tb.Helper()
	type key struct {
		audit int64
		item  string
	}
	last := map[key]ack{}
	seen := map[key]map[int64]bool{}
	for _, a := range acks {
		k := key{a.audit, a.item}
		if seen[k] == nil {
			seen[k] = map[int64]bool{}
		}
		if seen[k][a.version] {
			tb.Fatalf("%v: version %d acknowledged twice", k, a.version)
		}
		seen[k][a.version] = true
		if a.version > last[k].version {
			last[k] = a
		}
	}
	for k, a := range last {
		var version int64
		var note string
		if err := e.app.DB.R.QueryRow(`SELECT version, note FROM answers WHERE audit_id = ? AND item_code = ?`, k.audit, k.item).Scan(&version, &note); err != nil {
			tb.Fatalf("%v: %v", k, err)
		}
		if version != a.version || note != a.note {
			tb.Fatalf("%v: stored version %d %q, acknowledged %d %q", k, version, note, a.version, a.note)
		}
		var events int64
		_ = e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM events WHERE entity = 'audit' AND entity_id = ? AND action = 'answer' AND summary LIKE ?`,
			fmt.Sprint(k.audit), `%"item":"`+k.item+`"%`).Scan(&events)
		if events != version {
			tb.Fatalf("%v: %d trail events for version %d", k, events, version)
		}
	}
}

// BenchmarkAnswerSaves measures saves per second with 64 concurrent clients
// over HTTP, spread over 16 audits and crowded on one, and checks that
// every acknowledged save is stored. Run with
//
//	go test ./audit/ -run '^$' -bench AnswerSaves -benchtime 20000x
func BenchmarkAnswerSaves(b *testing.B) {
	const clients = 64
	e, audits, tokens := loadEnv(b)
	items := e.items(b)
	for _, mode := range []string{"different-audits", "same-audit"} {
		b.Run(mode, func(b *testing.B) {
			targets := spread(audits, tokens, items, clients)
			if mode == "same-audit" {
				targets = crowd(audits[0], tokens, items, clients)
			}
			b.ResetTimer()
			res := runLoad(b, e.app.HTTP.URL, targets, b.N)
			b.StopTimer()
			b.ReportMetric(res.perSecond(), "saves/s")
			b.ReportMetric(float64(res.percentile(0.50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(res.percentile(0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(res.conflicts), "conflicts")
			verifyAcks(b, e, res.acks)
		})
	}
}

// TestManyClientsLoseNoSave is the benchmark's check at a size for every
// test run: 64 clients, some of them on the same answers.
func TestManyClientsLoseNoSave(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	e, audits, tokens := loadEnv(t)
	items := e.items(t)
	for _, targets := range [][]loadTarget{spread(audits, tokens, items, 64), crowd(audits[1], tokens, items, 64)} {
		res := runLoad(t, e.app.HTTP.URL, targets, 640)
		if res.saves != 640 {
			t.Errorf("%d saves acknowledged, want 640", res.saves)
		}
		verifyAcks(t, e, res.acks)
	}
}
