package reconcile_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

// The fixture: four procedures in force and three units, each showing some
// kind of gap. Unit X03 appears only in the process list.
var (
	fixtureCatalogue = [][]string{
		{"code", "name", "field", "level", "effective_date"},
		{"1.004", "Đăng ký kết hôn", "Hộ tịch", "Cấp xã", "15/6/2024"},
		{"1.001", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "01/01/2025"},
		{"1.002", "Đăng ký lại khai sinh", "Hộ tịch", "Cấp xã", "2025-03-01"},
		{"1.003", "Chứng thực bản sao từ bản chính", "Chứng thực", "Cấp xã", "45658"},
	}
	fixturePortal = [][]string{
		{"unit", "code", "name"},
		{"X02", "1.001", "Đăng ký khai sinh"},
		{"X02", "", "dang ky lai   KHAI SINH"}, // no diacritics, odd spacing
		{"X02", "9.999", "Thủ tục đã bãi bỏ"},
		{"X01", "1.003", "Chứng thực bản sao từ bản chính"},
		{"X01", "1.001", "Đăng ký khai sinh"},
		{"X01", "1.003", "listed twice"},
	}
	fixtureOneStop = [][]string{
		{"name", "unit", "code"}, // columns in another order
		{"", "X01", "1.001"},
		{"", "X01", "1.002"},
		{"", "X01", "1.003"},
		{"", "X01", "1.004"},
		{norm.NFD.String("Đăng ký kết hôn"), "X02", ""},
		{"Đăng ký khai sinh lưu động", "X02", ""}, // similar to a procedure, yet another one
		{"Đăng ký khai sinh", "X02", "1.001"},
	}
	fixtureProcesses = [][]string{
		{"unit", "code", "process_code", "version", "effective_date"},
		{"X01", "1.001", "QT-01", "1", "01/12/2024"}, // before the procedure: stale
		{"X01", "1.003", "QT-03", "1", "01/06/2024"}, // an old version…
		{"X01", "1.003", "QT-03", "2", "2025-01-01"}, // …superseded on the very day
		{"X01", "1.002", "QT-02", "1", "28/02/2025"}, // one day early: stale
		{"X03", "1.004", "QT-04", "1", "45457"},      // 2024-06-14: stale
		{"X01", "7.777", "QT-77", "1", "01/01/2025"}, // a process for a repealed procedure
	}
)

const fixtureWant = `{"units":[
{"unit":"X01","missing_on_portal":["1.002","1.004"],"missing_on_onestop":[],"missing_process":["1.004"],
 "stale_process":["1.001","1.002"],"not_in_force":["7.777"],"matched_by_name":[],"unmatched_by_name":[],"ambiguous_by_name":[]},
{"unit":"X02","missing_on_portal":["1.003","1.004"],"missing_on_onestop":["1.002","1.003"],"missing_process":["1.001","1.002","1.003","1.004"],
 "stale_process":[],"not_in_force":["9.999"],
 "matched_by_name":[{"code":"1.002","name":"dang ky lai   KHAI SINH","sources":["portal"]},{"code":"1.004","name":"Đăng ký kết hôn","sources":["onestop"]}],
 "unmatched_by_name":[{"name":"Đăng ký khai sinh lưu động","sources":["onestop"]}],"ambiguous_by_name":[]},
{"unit":"X03","missing_on_portal":["1.001","1.002","1.003","1.004"],"missing_on_onestop":["1.001","1.002","1.003","1.004"],
 "missing_process":["1.001","1.002","1.003"],"stale_process":["1.004"],"not_in_force":[],"matched_by_name":[],"unmatched_by_name":[],"ambiguous_by_name":[]}],
"stats":{"units":3,"procedures":4,"missing_on_portal":8,"missing_on_onestop":6,"missing_process":8,"stale_process":3,
 "not_in_force":2,"matched_by_name":2,"unmatched_by_name":1,"ambiguous_by_name":0}}`

// fixtureInput reads the fixture from CSV.
func fixtureInput(t *testing.T) reconcile.Input {
	t.Helper()
	procs, err := reconcile.ReadProcesses(strings.NewReader(csvOf(fixtureProcesses...)), "processes.csv")
	if err != nil {
		t.Fatal(err)
	}
	return reconcile.Input{
		Catalogue:    mustCatalogue(t, csvOf(fixtureCatalogue...), "catalogue.csv"),
		Portal:       mustListings(t, csvOf(fixturePortal...), "portal.csv"),
		OneStop:      mustListings(t, csvOf(fixtureOneStop...), "onestop.csv"),
		Processes:    procs,
		HasProcesses: true,
	}
}

func TestReconcileEveryGap(t *testing.T) {
	got := reconcile.Reconcile(fixtureInput(t))
	assertJSON(t, got, fixtureWant)
}

func TestReconcileWithoutProcesses(t *testing.T) {
	in := fixtureInput(t)
	in.Processes, in.HasProcesses = nil, false
	rep := reconcile.Reconcile(in)
	if got, want := len(rep.Units), 2; got != want {
		t.Fatalf("got %d units, want %d (X03 is named only by processes)", got, want)
	}
	for _, u := range rep.Units {
		if u.MissingProcess == nil || len(u.MissingProcess) != 0 || len(u.StaleProcess) != 0 {
			t.Errorf("unit %s: missing_process %v, stale_process %v, want both empty", u.Unit, u.MissingProcess, u.StaleProcess)
		}
	}
	if rep.Stats.MissingProcess != 0 {
		t.Errorf("stats.missing_process = %d, want 0", rep.Stats.MissingProcess)
	}
}

func TestReconcileEmptyProcessListMeansAllMissing(t *testing.T) {
	in := fixtureInput(t)
	in.Processes = nil // given, but holding only its header
	rep := reconcile.Reconcile(in)
	if got, want := rep.Stats.MissingProcess, 2*4; got != want {
		t.Errorf("stats.missing_process = %d, want %d", got, want)
	}
}

func TestReconcileNeverConfusesSimilarNames(t *testing.T) {
	onlyRegister := []reconcile.Procedure{{Code: "1.002", Name: "Đăng ký lại khai sinh"}}
	both := append([]reconcile.Procedure{{Code: "1.001", Name: "Đăng ký khai sinh"}}, onlyRegister...)
	portal := []reconcile.Listing{{Unit: "X", Name: "Đăng ký khai sinh"}}

	rep := reconcile.Reconcile(reconcile.Input{Catalogue: onlyRegister, Portal: portal})
	u := rep.Units[0]
	if len(u.MatchedByName) != 0 || len(u.UnmatchedByName) != 1 || u.MissingOnPortal[0] != "1.002" {
		t.Errorf("catalogue without the name: got %+v, want the row unmatched and 1.002 missing", u)
	}

	rep = reconcile.Reconcile(reconcile.Input{Catalogue: both, Portal: portal})
	u = rep.Units[0]
	want := []reconcile.NameMatch{{Code: "1.001", Name: "Đăng ký khai sinh", Sources: []string{"portal"}}}
	if len(u.MatchedByName) != 1 || u.MatchedByName[0].Code != want[0].Code || strings.Join(u.MissingOnPortal, ",") != "1.002" {
		t.Errorf("catalogue with both: got %+v, want %+v and 1.002 missing", u, want)
	}
}

func TestReconcileAmbiguousName(t *testing.T) {
	// Two procedures whose names differ only in diacritics fold alike: a
	// name-only row cannot tell them apart and must not pick one.
	in := reconcile.Input{
		Catalogue: []reconcile.Procedure{
			{Code: "2.002", Name: "Cap ban sao trich luc ho tich"},
			{Code: "2.001", Name: "Cấp bản sao trích lục hộ tịch"},
		},
		Portal:  []reconcile.Listing{{Unit: "X", Name: "cấp bản sao trích lục hộ tịch"}},
		OneStop: []reconcile.Listing{{Unit: "X", Name: "cấp bản sao trích lục hộ tịch"}},
	}
	u := reconcile.Reconcile(in).Units[0]
	want := `{"unit":"X","missing_on_portal":["2.001","2.002"],"missing_on_onestop":["2.001","2.002"],"missing_process":[],
"stale_process":[],"not_in_force":[],"matched_by_name":[],"unmatched_by_name":[],
"ambiguous_by_name":[{"name":"cấp bản sao trích lục hộ tịch","codes":["2.001","2.002"],"sources":["onestop","portal"]}]}`
	assertJSON(t, u, want)
}

func TestReconcileNoInput(t *testing.T) {
	assertJSON(t, reconcile.Reconcile(reconcile.Input{}), `{"units":[],"stats":{"units":0,"procedures":0,
"missing_on_portal":0,"missing_on_onestop":0,"missing_process":0,"stale_process":0,"not_in_force":0,
"matched_by_name":0,"unmatched_by_name":0,"ambiguous_by_name":0}}`)
}

func TestReconcileIgnoresDuplicateCataloguesCodes(t *testing.T) {
	// The reader rejects duplicates; Reconcile, fed from elsewhere, keeps the first.
	in := reconcile.Input{
		Catalogue: []reconcile.Procedure{{Code: "1", Name: "A"}, {Code: "1", Name: "B"}, {Code: "", Name: "C"}},
		Portal:    []reconcile.Listing{{Unit: "X", Name: "B"}, {Unit: "", Code: "1"}},
	}
	rep := reconcile.Reconcile(in)
	if rep.Stats.Procedures != 1 || rep.Stats.Units != 1 || len(rep.Units[0].UnmatchedByName) != 1 {
		t.Errorf("got %+v", rep)
	}
}

// assertJSON compares v's JSON encoding with want, ignoring layout.
func assertJSON(t *testing.T, v any, want string) {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(want)); err != nil {
		t.Fatalf("bad want: %v", err)
	}
	if !bytes.Equal(got, compact.Bytes()) {
		t.Errorf("got  %s\nwant %s", got, compact.Bytes())
	}
}
