package procedures_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mountMeasured wires the audit pages with the reconciliation's panels
// and measured figures, as cmd does.
func mountMeasured(s *web.Server, r *web.Router, d *db.DB) {
	st := findings.Open(d)
	h := procedures.Mount(s, r, &procedures.Store{DB: d}, st.Conduct)
	stores := handlers.StoresOf(st)
	stores.Measured = h.MeasuredFigures
	if err := handlers.Mount(s, r, stores, h.ItemPanels); err != nil {
		panic(err)
	}
}

// saveValue records an item's value through the audit API, as the page's
// script does, and fails the test unless it is saved.
func saveValue(t *testing.T, c *webtest.Client, id, item, result string, v float64) {
	t.Helper()
	version := answerOf(t, c, id, item).Version
	resp, body := c.Do(http.MethodPut, "/api/v1/audits/"+id+"/answers/"+item, map[string]any{
		"result": result, "value": v, "version": version, "note": "Đếm trên bảng đối chiếu của đơn vị.", "reason": "Theo bảng đối chiếu."})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("save %s = %v: %d %s", item, v, resp.StatusCode, body)
	}
}

// warningOf is the measured warning drawn in an item's article: its text
// when shown, "" when hidden; ok is false when the item has none at all.
func warningOf(t *testing.T, page, item string) (text string, ok bool) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<p class="measured-warning"[^>]*?( hidden)?>.*?<span data-measured-text>(.*?)</span>`).FindStringSubmatch(articleOf(t, page, item))
	if m == nil {
		return "", false
	}
	if m[1] != "" {
		return "", true
	}
	return m[2], true
}

// TestMeasuredContradiction runs on the demo: an auditor records T01 = 0
// differences while the reconciliation of the audited unit finds procedures
// without a process; the item's header says so with both numbers and a
// link to the unit's reconciliation, as do the submission summary and the
// audit's JSON; a value that agrees shows no warning; an item the system
// has no figure for (T02), and T01 once the unit's process list is gone,
// never warn; the warning never stops a save or the summary's submit button.
func TestMeasuredContradiction(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	a := webtest.NewOn(t, demotest.Open(t), mountMeasured)
	id, unit, lead := auditOf(t, a, "in_progress")
	c := a.Login(lead, demo.Password)
	ug := unitGaps(t, c, unit)
	missing, stale := ug.Counts[procedures.GapMissingProcess], ug.Counts[procedures.GapStaleProcess]
	if missing == 0 {
		t.Fatalf("the demo unit %s has no procedure without a process", unit)
	}
	system := missing + stale // the demo's process lists name no repealed procedure

	saveValue(t, c, id, "T01", "conform", 0)
	saveValue(t, c, id, "T02", "conform", 12)
	_, page := c.Page("/audits/" + id)
	text, ok := warningOf(t, page, "T01")
	want := "Bạn ghi 0; hệ thống đối chiếu ghi " + strconv.Itoa(system) + " chênh lệch: " + strconv.Itoa(missing) + " thủ tục chưa có quy trình"
	if !ok || !strings.Contains(text, want) || !regexp.MustCompile(`\(đối chiếu ngày \d\d/\d\d/\d{4}\)`).MatchString(text) {
		t.Fatalf("T01 = 0 against %d: warning %q, want it to contain %q and the day of the reconciliation", system, text, want)
	}
	if art := articleOf(t, page, "T01"); !strings.Contains(art, `data-system="`+strconv.Itoa(system)+`"`) ||
		!strings.Contains(art, `href="/procedures/units/`+unit+`#gap-missing_process"`) {
		t.Errorf("T01's warning carries no figure for the script or no link to its source:\n%s", art)
	}
	if _, ok := warningOf(t, page, "T02"); ok {
		t.Error("T02 (no system figure) carries a measured warning")
	}

	// The submission summary lists it, with both numbers, and still offers
	// to submit once the closing meeting is recorded.
	_, review := c.Page("/audits/" + id + "/submit")
	if !strings.Contains(review, `data-review="measured"`) || !strings.Contains(review, `#item-T01">T01</a>: `+want) {
		t.Errorf("the submission summary does not list T01's contradiction:\n%s", review)
	}

	// The audit's JSON carries it.
	var v struct {
		Warnings []struct {
			Item    string  `json:"item"`
			Entered float64 `json:"entered"`
			System  float64 `json:"system"`
			Source  string  `json:"source"`
			AsOf    string  `json:"as_of"`
			Text    string  `json:"text"`
		} `json:"warnings"`
	}
	_, body := c.Do(http.MethodGet, "/api/v1/audits/"+id, nil)
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Warnings) == 0 || v.Warnings[0].Item != "T01" || v.Warnings[0].Entered != 0 || v.Warnings[0].System != float64(system) ||
		!strings.HasPrefix(v.Warnings[0].Source, "/procedures/units/"+unit) || v.Warnings[0].AsOf == "" || !strings.Contains(v.Warnings[0].Text, want) {
		t.Errorf("warnings in the audit's JSON: %+v", v.Warnings)
	}

	// A value that agrees: the warning is there for the script, hidden.
	saveValue(t, c, id, "T01", "minor", float64(system))
	_, page = c.Page("/audits/" + id)
	if text, ok := warningOf(t, page, "T01"); !ok || text != "" {
		t.Errorf("T01 = %d as the system says: warning %q (present %v), want a hidden one", system, text, ok)
	}
	if _, review = c.Page("/audits/" + id + "/submit"); strings.Contains(review, `data-review="measured"`) {
		t.Error("the submission summary lists a contradiction for a value that agrees")
	}

	// T09 against the dossier figures of the last twelve months, once they
	// cover them: within a point of the system's rate agrees, further off
	// contradicts.
	rate := storeTwelveMonths(t, a.DB, unit)
	saveValue(t, c, id, "T09", "minor", math.Round(rate*10)/10+0.5)
	_, page = c.Page("/audits/" + id)
	if text, ok := warningOf(t, page, "T09"); !ok || text != "" {
		t.Errorf("T09 within a point of %.2f %%: warning %q (present %v), want a hidden one", rate, text, ok)
	}
	saveValue(t, c, id, "T09", "minor", 90.5)
	_, page = c.Page("/audits/" + id)
	if text, _ := warningOf(t, page, "T09"); !strings.Contains(text, "Bạn ghi 90,5; số liệu hồ sơ trên hệ thống ghi tỷ lệ đúng hạn ") {
		t.Errorf("T09 = 90,5 against %.2f %%: warning %q", rate, text)
	}

	// Without the unit's process list the system has no figure for T01.
	saveValue(t, c, id, "T01", "conform", 0)
	if _, err := a.DB.W.Exec(`DELETE FROM procedure_lists WHERE kind = 'processes' AND unit_id = (SELECT id FROM units WHERE code = ?)`, unit); err != nil {
		t.Fatal(err)
	}
	_, page = c.Page("/audits/" + id)
	if _, ok := warningOf(t, page, "T01"); ok {
		t.Error("T01 warns although the unit's process list was never imported")
	}
}

// storeTwelveMonths stores the quarter before the demo's three quarters of
// this year, so that a unit's figures cover the last twelve months, and
// returns their on-time rate, which the demo keeps well above 92 %.
func storeTwelveMonths(t *testing.T, d *db.DB, unit string) float64 {
	t.Helper()
	ctx := context.Background()
	s := &procedures.Store{DB: d}
	figs, err := s.Figures(ctx, unit)
	if err != nil || len(figs) == 0 || !strings.HasSuffix(figs[0].Period, "-Q3") {
		t.Fatalf("the demo's figures of %s: %+v, %v", unit, figs, err)
	}
	year, _ := strconv.Atoi(figs[0].Period[:4])
	q4 := procedures.Figures{Unit: unit, Period: strconv.Itoa(year-1) + "-Q4", Received: 400, OnTime: 380, Late: 12, Paper: 200, Electronic: 200}
	if err := s.SaveFigures(ctx, q4); err != nil {
		t.Fatal(err)
	}
	onTime, resolved := q4.OnTime, q4.OnTime+q4.Late
	for _, f := range figs {
		if strings.HasPrefix(f.Period, strconv.Itoa(year)+"-Q") {
			onTime, resolved = onTime+f.OnTime, resolved+f.OnTime+f.Late
		}
	}
	rate := 100 * float64(onTime) / float64(resolved)
	if rate < 92 {
		t.Fatalf("the demo's on-time rate of %s is %.2f %%, too close to 90,5 for the test", unit, rate)
	}
	return rate
}
