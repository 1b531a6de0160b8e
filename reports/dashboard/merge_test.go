package dashboard_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// roundSums counts, straight from the answers, the applicable and
// nonconforming answers of the audits of the given units, by year and
// round.
func roundSums(t *testing.T, a *webtest.App, units ...string) map[[2]int][2]int {
	t.Helper()
	in := "'" + strings.Join(units, "', '") + "'"
	rows, err := a.DB.R.Query(`SELECT p.year, r.n, SUM(x.result <> 'na'), SUM(x.result IN ('minor', 'major'))
		FROM answers x JOIN audits au ON au.id = x.audit_id JOIN rounds r ON r.id = au.round_id JOIN programmes p ON p.id = r.programme_id
		JOIN units u ON u.id = au.auditee_unit_id WHERE u.code IN (` + in + `) GROUP BY p.year, r.n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[2]int][2]int{}
	for rows.Next() {
		var year, n, applicable, nc int
		if err := rows.Scan(&year, &n, &applicable, &nc); err != nil {
			t.Fatal(err)
		}
		out[[2]int{year, n}] = [2]int{applicable, nc}
	}
	return out
}

func score(s [2]int) float64 { return 100 * float64(s[0]-s[1]) / float64(s[0]) }

type leagueRow struct {
	Unit   string
	Score  *float64
	Change *float64
	Round  int
	Counts struct {
		Conform, Observation, Improvement, Minor, Major, NA int
	}
	MergedFrom []string `json:"merged_from"`
}

func (r leagueRow) applicable() int {
	return r.Counts.Conform + r.Counts.Observation + r.Counts.Improvement + r.Counts.Minor + r.Counts.Major
}

// Three units merged into one: the dashboard, the league table and the
// successor's own page show its earlier results as the sum of its
// predecessors', round by round (counts summed, score recomputed from the
// sums), marked with their names in the page, the JSON and the export; the
// predecessors no longer have rows of their own, but their own pages keep
// their own history.
func TestMergedUnitsHistoryIsTheSumOfItsPredecessors(t *testing.T) {
	a := newApp(t)
	w := world{units: 8, years: []int{2025, 2026}, rounds: 2, nc: func(year, round, auditor, auditee int) int {
		return 1 + (auditor*3+auditee*5+round+year)%6
	}}
	ids := w.build(t, a)
	users(a)
	sums := roundSums(t, a, "U001", "U002", "U003")
	own := roundSums(t, a, "U002")
	table := "old_code,new_code,new_name,effective_date\n" +
		"U001,U001,Xã Đức Thạnh số 1,01/07/2026\nU002,U001,Xã Đức Thạnh số 1,01/07/2026\nU003,U001,Xã Đức Thạnh số 1,01/07/2026\n"
	if _, err := (&org.Reorg{DB: a.DB}).Apply(context.Background(), []byte(table), "sap-nhap.csv"); err != nil {
		t.Fatal(err)
	}
	office := a.Token("office", webtest.Password)
	for _, year := range []int{2025, 2026} {
		var d struct {
			League []leagueRow
			Units  map[string]struct {
				Score      *float64
				MergedFrom []string `json:"merged_from"`
			}
			Heatmap struct{ Rows []struct{ Unit string } }
		}
		getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[year]), 200, &d)
		var units []string
		for _, r := range d.League {
			units = append(units, r.Unit)
		}
		if got := strings.Join(units, " "); len(d.League) != 6 || slices.Contains(units, "U002") || slices.Contains(units, "U003") {
			t.Errorf("%d: league rows %s, want the 6 units standing now", year, got)
		}
		if _, ok := d.Units["U002"]; ok || len(d.Units) != 6 || len(d.Heatmap.Rows) != 6 {
			t.Errorf("%d: %d units, %d heatmap rows; U002 has a row: %v", year, len(d.Units), len(d.Heatmap.Rows), ok)
		}
		i := slices.IndexFunc(d.League, func(r leagueRow) bool { return r.Unit == "U001" })
		if i < 0 {
			t.Fatalf("%d: U001 has no row", year)
		}
		r := d.League[i]
		want, before := sums[[2]int{year, 2}], sums[[2]int{year, 1}]
		if r.Round != 2 || r.applicable() != want[0] || r.Counts.Minor+r.Counts.Major != want[1] {
			t.Errorf("%d: U001's round %d counts %+v, want the sum of the three: %d applicable, %d nonconforming", year, r.Round, r.Counts, want[0], want[1])
		}
		if r.Score == nil || math.Abs(*r.Score-score(want)) > 1e-9 {
			t.Errorf("%d: U001 scores %v, want %.4f recomputed from the sums", year, r.Score, score(want))
		}
		if r.Change == nil || math.Abs(*r.Change-(score(want)-score(before))) > 1e-9 {
			t.Errorf("%d: U001's change %v, want %.4f against round 1's sums", year, r.Change, score(want)-score(before))
		}
		if !slices.Equal(r.MergedFrom, []string{"U001", "U002", "U003"}) || !slices.Equal(d.Units["U001"].MergedFrom, r.MergedFrom) {
			t.Errorf("%d: U001 marked as merged from %v (units %v)", year, r.MergedFrom, d.Units["U001"].MergedFrom)
		}
		for _, r := range d.League {
			if r.Unit != "U001" && r.MergedFrom != nil {
				t.Errorf("%d: %s marked as merged from %v", year, r.Unit, r.MergedFrom)
			}
		}
	}
	// The page marks the row and explains the mark.
	browser := a.Login("office", webtest.Password)
	status, body := browser.Page(fmt.Sprintf("/dashboard?programme=%d", ids[2025]))
	league := body[strings.Index(body, `id="db-league"`):]
	league = league[:strings.Index(league, "</section>")]
	if status != 200 || !strings.Contains(league, "gộp từ: Xã Đức Thạnh số 1, Xã Đức Thạnh số 2, Xã Đức Thạnh số 3") ||
		!strings.Contains(league, `id="db-merged-legend"`) || strings.Contains(league, "/dashboard/units/U002") {
		t.Errorf("the league table on the page: %d, marked %v, legend %v, U002's row %v", status,
			strings.Contains(league, "gộp từ:"), strings.Contains(league, `id="db-merged-legend"`), strings.Contains(league, "/dashboard/units/U002"))
	}
	// The export names the predecessors.
	resp, csvBody := browser.Do(http.MethodGet, fmt.Sprintf("/dashboard/export/league?programme=%d&format=csv&lang=en", ids[2025]), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("league export: %d", resp.StatusCode)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBody, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := records[0]
	col := func(name string) int { return slices.Index(head, name) }
	for _, rec := range records[1:] {
		merged := rec[col("Merged from (unit codes)")]
		if rec[col("Unit code")] == "U001" {
			if merged != "U001, U002, U003" || rec[col("Merged from")] != "Xã Đức Thạnh số 1, Xã Đức Thạnh số 2, Xã Đức Thạnh số 3" ||
				rec[col("Applicable items")] != fmt.Sprint(sums[[2]int{2025, 2}][0]) {
				t.Errorf("exported U001: %q", rec)
			}
		} else if merged != "" || rec[col("Unit code")] == "U002" {
			t.Errorf("exported row %q", rec)
		}
	}
	// The successor's own page sums each round; a predecessor's keeps its own.
	status, body = browser.Page("/dashboard/units/U001")
	if status != 200 || !strings.Contains(body, `id="du-predecessors"`) || strings.Count(body, "gộp từ: Xã Đức Thạnh số 1, Xã Đức Thạnh số 2, Xã Đức Thạnh số 3") != 4 ||
		!strings.Contains(body, fmt.Sprintf("%d/%d câu không phù hợp", sums[[2]int{2025, 1}][1], sums[[2]int{2025, 1}][0])) {
		t.Errorf("U001's own page: %d, predecessors %v, %d rounds marked", status, strings.Contains(body, `id="du-predecessors"`),
			strings.Count(body, "gộp từ: Xã Đức Thạnh số 1, Xã Đức Thạnh số 2, Xã Đức Thạnh số 3"))
	}
	status, body = browser.Page("/dashboard/units/U002")
	if status != 200 || strings.Contains(body, "gộp từ:") ||
		!strings.Contains(body, fmt.Sprintf("%d/%d câu không phù hợp", own[[2]int{2025, 1}][1], own[[2]int{2025, 1}][0])) {
		t.Errorf("U002's own page: %d, marked %v", status, strings.Contains(body, "gộp từ:"))
	}
	// Filtering on the predecessor shows its own results.
	var one struct{ League []leagueRow }
	getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d&unit=U002", ids[2025]), 200, &one)
	if len(one.League) != 1 || one.League[0].Unit != "U002" || one.League[0].applicable() != own[[2]int{2025, 2}][0] || one.League[0].MergedFrom != nil {
		t.Errorf("filtered on U002: %+v", one.League)
	}
}
