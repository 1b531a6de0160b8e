package demo_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// TestDemoDashboardAfterTheMerger applies the real 1 July 2025 merger to a
// copy of the demo (the demo itself keeps its 15 units) and checks last
// year's league table: the 7 communes standing now, each merged commune's
// result the sum of its predecessors' in the same round, its score
// recomputed from the sums, marked with their names on the page, in the
// JSON and in the export; the predecessors keep their own pages.
func TestDemoDashboardAfterTheMerger(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	store := &dashboard.Store{DB: d}
	var lastID int64
	if err := d.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, time.Now().Year()-1).Scan(&lastID); err != nil {
		t.Fatal(err)
	}
	data, err := store.Load(ctx, lastID)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]dashboard.Standing{}
	for _, st := range dashboard.Build(data, dashboard.Filter{}).League {
		before[st.Unit] = st
	}
	sample, err := assets.Data.ReadFile(org.SamplePath)
	if err != nil {
		t.Fatal(err)
	}
	reorg := &org.Reorg{DB: d, Followers: []org.Follower{auth.FollowMerger, findings.FollowMerger}}
	if _, err := reorg.Apply(ctx, sample, "ductrong_merger_2025.csv"); err != nil {
		t.Fatal(err)
	}
	if data, err = store.Load(ctx, lastID); err != nil {
		t.Fatal(err)
	}
	after := dashboard.Build(data, dashboard.Filter{})
	families := map[string][]string{
		"24958": {"24958", "24982"}, "24967": {"24961", "24964", "24967"}, "24976": {"24973", "24976", "24979"},
		"24991": {"24991", "24994", "24997"}, "24988": {"24988", "24989"}, "24970": nil, "24985": nil,
	}
	if len(after.League) != 7 || len(after.Units) != 7 {
		t.Fatalf("last year's league after the merger has %d rows, want the 7 communes", len(after.League))
	}
	for _, st := range after.League {
		family, ok := families[st.Unit]
		if !ok {
			t.Errorf("a row for %s, which is no longer a commune of its own", st.Unit)
			continue
		}
		if !slices.Equal(st.MergedFrom, family) || !slices.Equal(after.Units[st.Unit].MergedFrom, family) {
			t.Errorf("%s marked as merged from %v, want %v", st.Unit, st.MergedFrom, family)
		}
		var sum dashboard.Counts
		for _, code := range familyOr(family, st.Unit) {
			if before[code].Round != st.Round || before[code].Score == nil {
				t.Fatalf("%s was not scored in round %d before the merger: %+v", code, st.Round, before[code])
			}
			sum = sum.Add(before[code].Counts)
		}
		want, _ := sum.Score()
		if st.Counts != sum || st.Score == nil || *st.Score != want {
			t.Errorf("%s: %+v scoring %v, want the sum %+v scoring %.2f", st.Unit, st.Counts, st.Score, sum, want)
		}
	}
	// The page, the JSON and the export, as the office reads them.
	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) { dashboard.Mount(s, r, &dashboard.Store{DB: d}) })
	office := a.Login("office", "crossaudit-demo")
	status, body := office.Page(fmt.Sprintf("/dashboard?programme=%d", lastID))
	if status != 200 || !strings.Contains(body, "gộp từ: Xã Hiệp An, Xã Liên Hiệp, Xã Hiệp Thạnh") || !strings.Contains(body, `id="db-merged-legend"`) {
		t.Errorf("the dashboard page: %d, Hiệp Thạnh marked: %v", status, strings.Contains(body, "gộp từ: Xã Hiệp An"))
	}
	resp, raw := office.Do(http.MethodGet, fmt.Sprintf("/api/v1/dashboard?programme=%d", lastID), nil)
	if resp.StatusCode != 200 || !bytes.Contains(raw, []byte(`"merged_from":["24961","24964","24967"]`)) {
		t.Errorf("the JSON: %d, Hiệp Thạnh's predecessors listed: %v", resp.StatusCode, bytes.Contains(raw, []byte(`"merged_from":["24961","24964","24967"]`)))
	}
	resp, raw = office.Do(http.MethodGet, fmt.Sprintf("/dashboard/export/league?programme=%d&format=csv", lastID), nil)
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(records) != 8 {
		t.Fatalf("the league export: %d, %v, %d lines", resp.StatusCode, err, len(records))
	}
	for _, rec := range records[1:] {
		if want := strings.Join(families[rec[1]], ", "); rec[11] != want {
			t.Errorf("exported %s merged from %q, want %q", rec[1], rec[11], want)
		}
	}
	// Hiệp An's own page still shows its own results, unmarked.
	status, body = office.Page("/dashboard/units/24961")
	if status != 200 || strings.Contains(body, "gộp từ:") || !strings.Contains(body, "Kết quả của Xã Hiệp An") {
		t.Errorf("Hiệp An's own page: %d, marked %v", status, strings.Contains(body, "gộp từ:"))
	}
}

func familyOr(family []string, unit string) []string {
	if family == nil {
		return []string{unit}
	}
	return family
}
