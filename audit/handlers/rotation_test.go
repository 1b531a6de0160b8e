package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// programmeOf creates a programme of the year with one round in June.
func (e *env) programmeOf(t *testing.T, year int) audit.Programme {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/programmes", map[string]any{
		"name": fmt.Sprintf("Chương trình %d", year), "year": year, "checklist_id": e.checklist, "units": e.units,
		"rounds": []map[string]string{{"starts_on": fmt.Sprintf("%d-06-01", year), "ends_on": fmt.Sprintf("%d-06-30", year)}}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create programme %d: %d %s", year, resp.StatusCode, body)
	}
	var p audit.Programme
	decode(t, body, &p)
	return p
}

// confirmedRound previews and confirms round 1 of a new programme of the
// year and returns its pairs.
func (e *env) confirmedRound(t *testing.T, year int, seed uint64) []assign.Pair {
	t.Helper()
	p := e.programmeOf(t, year)
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": seed})
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), map[string]any{})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm %d: %d %s", year, resp.StatusCode, body)
	}
	return r.Pairs
}

// swapTo swaps the round's pairs so that it holds want (K=1: the pair of
// want's auditor with the pair of want's auditee), with a reason. It
// reports false when that swap would make a unit audit itself.
func (e *env) swapTo(t *testing.T, id int64, r audit.Round, want assign.Pair) (audit.Round, bool) {
	t.Helper()
	var a, b assign.Pair
	for _, p := range r.Pairs {
		if p.Auditor == want.Auditor {
			a = p
		}
		if p.Auditee == want.Auditee {
			b = p
		}
	}
	if a == b || b.Auditor == a.Auditee {
		return r, false
	}
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/%d/swap", id, r.N),
		map[string]any{"a": a, "b": b, "reason": "Theo lịch công tác của các xã"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("swap to %v: %d %s", want, resp.StatusCode, body)
	}
	var out audit.Round
	decode(t, body, &out)
	return out, true
}

func breaksOf(r audit.Round) []audit.RuleBreak {
	if r.Stats == nil || len(r.Stats.Swaps) == 0 {
		return nil
	}
	return r.Stats.Swaps[len(r.Stats.Swaps)-1].Broken
}

// A pair of last year's programme reversed this year is counted, named by
// programme and round, and the window setting decides which earlier
// programmes count: a pair outside it is not counted.
func TestRotationAcrossProgrammesAndWindow(t *testing.T) {
	e := newEnv(t)
	old := e.confirmedRound(t, 2023, 1)
	last := e.confirmedRound(t, 2025, 2)
	p := e.programmeOf(t, 2026)
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 3})
	if r.Stats == nil || r.Stats.HistoryYears != audit.DefaultHistoryYears || len(r.Stats.RepeatsByRound) != 2 ||
		r.Stats.RepeatsByRound[0].Year != 2025 || r.Stats.RepeatsByRound[1].Year != 2023 || r.Stats.RepeatsByRound[0].Programme != "Chương trình 2025" {
		t.Fatalf("repeats by round %+v: want 2025's round then 2023's", r.Stats)
	}
	// Reverse one of 2025's pairs by hand.
	var swapped audit.Round
	var reversed assign.Pair
	for _, pr := range last {
		rev := assign.Pair{Auditor: pr.Auditee, Auditee: pr.Auditor}
		if slices.Contains(r.Pairs, rev) {
			continue
		}
		if s, ok := e.swapTo(t, p.ID, r, rev); ok {
			swapped, reversed = s, rev
			break
		}
	}
	if swapped.Stats == nil {
		t.Fatal("no swap could reverse a pair of 2025")
	}
	if swapped.Stats.Reversals < 1 || swapped.Stats.Optimal {
		t.Errorf("stats after reversing %v: %+v", reversed, swapped.Stats)
	}
	found := false
	for _, b := range breaksOf(swapped) {
		if b.Rule == audit.BreakReversal && b.Pair == reversed && b.Year == 2025 && b.Round == 1 &&
			strings.Contains(b.Message, "đảo ngược cặp của Chương trình 2025, đợt 1") {
			found = true
		}
	}
	if !found {
		t.Errorf("the swap's breaks %+v do not name the reversal of 2025's round 1", breaksOf(swapped))
	}
	if stored := e.getRound(t, p.ID, 1); stored.Stats.Reversals != swapped.Stats.Reversals || len(stored.Stats.Swaps) != 1 {
		t.Errorf("stored stats %+v, answered %+v", stored.Stats, swapped.Stats)
	}

	// One year of history: 2023 falls outside, 2025 stays.
	resp, body := e.office.Do(http.MethodPut, "/api/v1/settings/rotation", map[string]any{"history_years": 1})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"history_years":1`) {
		t.Fatalf("set the window: %d %s", resp.StatusCode, body)
	}
	r = e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 3})
	if r.Stats.HistoryYears != 1 || len(r.Stats.RepeatsByRound) != 1 || r.Stats.RepeatsByRound[0].Year != 2025 {
		t.Fatalf("with one year of history, repeats by round %+v", r.Stats.RepeatsByRound)
	}
	// A pair of 2023 only, brought back by hand, is no repeat now.
	for _, pr := range old {
		if slices.Contains(last, pr) || slices.Contains(r.Pairs, pr) {
			continue
		}
		s, ok := e.swapTo(t, p.ID, r, pr)
		if !ok {
			continue
		}
		for _, b := range breaksOf(s) {
			if b.Year == 2023 {
				t.Errorf("2023 is outside the window, yet the swap breaks %+v", b)
			}
		}
		for _, rr := range s.Stats.RepeatsByRound {
			if rr.Year == 2023 {
				t.Errorf("2023 counted: %+v", s.Stats.RepeatsByRound)
			}
		}
		break
	}
	// Absent, negative or too large: refused, naming the field.
	for _, in := range []map[string]any{{}, {"history_years": -1}, {"history_years": 99}} {
		resp, body := e.office.Do(http.MethodPut, "/api/v1/settings/rotation", in)
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["history_years"] == "" {
			t.Errorf("settings %v: %d %s", in, resp.StatusCode, body)
		}
	}
}

// fairness flags the audits it holds, whatever the programme.
type fairness []audit.FlaggedAudit

func (f fairness) FlaggedAudits(context.Context, int64) ([]audit.FlaggedAudit, error) { return f, nil }

// The preview steers away from flagged pairs when it can, says so in its
// stats, and proposes a spot check of each flagged audit; a swap that
// brings one back says it broke that rule.
func TestPreviewAvoidsFlaggedPairsAndProposesSpotChecks(t *testing.T) {
	// A's audits of B, C, D and E were lenient: of A's five possible
	// auditees only F is left.
	flags := fairness{}
	for i, u := range []string{"B", "C", "D", "E"} {
		flags = append(flags, audit.FlaggedAudit{AuditID: int64(40 + i), ProgrammeID: 9, Programme: "Chương trình 2025", Year: 2025, Round: 1,
			Auditor: "A", Auditee: u, Why: audit.FlagAuditor, Findings: 0})
	}
	e := newEnvWith(t, func(f *findings.Store) { f.Audits.Fairness = flags })
	p := e.programme(t)
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 3})
	if !slices.Contains(r.Pairs, assign.Pair{Auditor: "A", Auditee: "F"}) {
		t.Errorf("pairs %v: A audits one of its flagged auditees though F is free", r.Pairs)
	}
	if len(r.Stats.FlaggedAvoided) != 4 || len(r.Stats.FlaggedKept) != 0 || r.Stats.Flagged != 0 {
		t.Errorf("stats %+v: want the four flagged pairs avoided", r.Stats)
	}
	if len(r.SpotChecks) != 4 || r.SpotChecks[0].Link != "/audits/40" || r.SpotChecks[0].Programme != "Chương trình 2025" ||
		!strings.Contains(r.SpotChecks[0].Message, "Đoàn của Xã A (A) phát hiện ít điểm không phù hợp") {
		t.Errorf("spot checks %+v", r.SpotChecks)
	}
	status, page := e.app.Login("office", webtest.Password).Page(fmt.Sprintf("/programmes/%d", p.ID))
	if status != 200 || !strings.Contains(page, `data-spot-check="40"`) || !strings.Contains(page, `href="/audits/43"`) || !strings.Contains(page, `data-flagged-avoided="4"`) {
		t.Errorf("the programme page (%d) lacks the spot checks or the flagged pairs avoided", status)
	}
	s, ok := e.swapTo(t, p.ID, r, assign.Pair{Auditor: "A", Auditee: "B"})
	if !ok {
		t.Fatal("no swap brings A→B back")
	}
	kept := slices.ContainsFunc(breaksOf(s), func(b audit.RuleBreak) bool { return b.Rule == audit.BreakFlagged })
	if !kept || !slices.Contains(s.Stats.FlaggedKept, assign.Pair{Auditor: "A", Auditee: "B"}) || len(s.Stats.FlaggedAvoided) != 3 || len(s.SpotChecks) != 4 {
		t.Errorf("after bringing A→B back: breaks %+v, stats %+v", breaksOf(s), s.Stats)
	}
}

// newEnvWith is newEnv with the stores adjusted before mounting.
func newEnvWith(t *testing.T, adjust func(*findings.Store)) *env {
	t.Helper()
	return newEnvMounted(t, func(s *web.Server, r *web.Router, d *db.DB) {
		f := findings.Open(d)
		adjust(f)
		if err := handlers.Mount(s, r, handlers.StoresOf(f), nil); err != nil {
			panic(err)
		}
	})
}

// The programme page's settings form: a bad number comes back as typed,
// refused with the field named; a good one is stored.
func TestRotationSettingsForm(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	office := e.app.Login("office", webtest.Password)
	path := fmt.Sprintf("/programmes/%d/rotation", p.ID)
	resp, body := office.Form(path, url.Values{"history_years": {"ba"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `value="ba" aria-invalid="true"`) {
		t.Errorf("a word for years: %d, typed value kept: %v", resp.StatusCode, strings.Contains(string(body), `value="ba"`))
	}
	resp, body = office.Form(path, url.Values{"history_years": {"25"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "từ 0 đến 20") {
		t.Errorf("25 years: %d", resp.StatusCode)
	}
	resp, _ = office.Form(path, url.Values{"history_years": {"2"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("2 years: %d", resp.StatusCode)
	}
	resp, body = e.office.Do(http.MethodGet, "/api/v1/settings/rotation", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"history_years":2`) {
		t.Errorf("stored settings: %d %s", resp.StatusCode, body)
	}
	if status, page := office.Page(fmt.Sprintf("/programmes/%d", p.ID)); status != 200 || !strings.Contains(page, `name="history_years" type="number" inputmode="numeric" min="0" max="20" value="2"`) {
		t.Errorf("the form does not show the stored 2 years (%d)", status)
	}
}
