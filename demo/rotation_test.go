package demo_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestDemoRotation checks what the office reads of the rotation on this
// year's programme: round 1's reversal of last year's pair counted across
// programmes, with the swap that made it and the rule it broke; round 2
// previewed away from the lenient pair's audits, with a spot check of each.
func TestDemoRotation(t *testing.T) {
	d, _ := loaded(t)
	var thisID int64
	if err := d.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, time.Now().Year()).Scan(&thisID); err != nil {
		t.Fatal(err)
	}
	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) {
		if err := handlers.Mount(s, r, handlers.StoresOf(findings.Open(d)), nil); err != nil {
			t.Fatal(err)
		}
	})
	office := a.Login("office", "crossaudit-demo")
	round := func(n int) audit.Round {
		t.Helper()
		resp, raw := office.Do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d/rounds/%d", thisID, n), nil)
		var r audit.Round
		if resp.StatusCode != 200 || json.Unmarshal(raw, &r) != nil || r.Stats == nil {
			t.Fatalf("round %d: %d %s", n, resp.StatusCode, raw)
		}
		return r
	}
	r1 := round(1)
	if r1.Stats.Reversals != 1 || r1.Stats.HistoryYears != audit.DefaultHistoryYears || len(r1.Stats.RepeatsByRound) != 1 ||
		r1.Stats.RepeatsByRound[0].Year != time.Now().Year()-1 {
		t.Errorf("round 1 stats %+v: want last year's pair reversed, last year's round in the window", r1.Stats)
	}
	var reversal *audit.RuleBreak
	for _, sw := range r1.Stats.Swaps {
		for i, b := range sw.Broken {
			if b.Rule == audit.BreakReversal && b.Pair == (assign.Pair{Auditor: "24961", Auditee: "24958"}) {
				reversal = &sw.Broken[i]
			}
		}
	}
	if reversal == nil || reversal.Year != time.Now().Year()-1 || reversal.Round != 1 || !strings.Contains(reversal.Message, "đảo ngược cặp của Chương trình đánh giá nội bộ chéo năm") {
		t.Errorf("round 1's swap does not say it reverses last year's round 1: %+v", r1.Stats.Swaps)
	}
	r2 := round(2)
	flagged := []assign.Pair{{Auditor: "24958", Auditee: "24961"}, {Auditor: "24961", Auditee: "24958"}}
	for _, p := range flagged {
		if !slices.Contains(r2.Stats.FlaggedAvoided, p) || slices.Contains(r2.Pairs, p) {
			t.Errorf("round 2 does not avoid the lenient pair's %v: avoided %v", p, r2.Stats.FlaggedAvoided)
		}
	}
	if len(r2.Stats.FlaggedKept) != 0 || len(r2.Stats.RepeatsByRound) != 2 {
		t.Errorf("round 2 stats %+v", r2.Stats)
	}
	var spotted []assign.Pair
	for _, sc := range r2.SpotChecks {
		spotted = append(spotted, assign.Pair{Auditor: sc.Auditor, Auditee: sc.Auditee})
		if sc.Link != fmt.Sprintf("/audits/%d", sc.AuditID) || sc.Message == "" || sc.Programme == "" {
			t.Errorf("spot check %+v lacks its link, reason or programme", sc)
		}
	}
	for _, p := range flagged {
		if !slices.Contains(spotted, p) {
			t.Errorf("no spot check proposed for the lenient pair's audit %v: %v", p, spotted)
		}
	}
	status, body := office.Page(fmt.Sprintf("/programmes/%d", thisID))
	for _, want := range []string{`id="spot-checks-2"`, "Đề xuất kiểm tra đột xuất", "Đã tránh", "data-broken=\"reversal\"", `id="rotation-settings"`} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("the programme page (%d) lacks %q", status, want)
		}
	}
}
