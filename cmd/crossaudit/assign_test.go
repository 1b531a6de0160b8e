package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ductrongUnitsCSV is data/ductrong_units.csv as shipped: the 15 units of
// Đức Trọng before 2025 in three clusters, with an extra column (kind) that
// the reader must ignore. It is copied here so that tests never read
// outside the package.
const ductrongUnitsCSV = `code,name,kind,cluster
24958,Thị trấn Liên Nghĩa,town,Cụm 2
24961,Xã Hiệp An,commune,Cụm 1
24964,Xã Liên Hiệp,commune,Cụm 1
24967,Xã Hiệp Thạnh,commune,Cụm 1
24970,Xã Bình Thạnh,commune,Cụm 2
24973,Xã N'Thol Hạ,commune,Cụm 1
24976,Xã Tân Hội,commune,Cụm 1
24979,Xã Tân Thành,commune,Cụm 1
24982,Xã Phú Hội,commune,Cụm 2
24985,Xã Ninh Gia,commune,Cụm 2
24988,Xã Tà Năng,commune,Cụm 3
24989,Xã Đa Quyn,commune,Cụm 3
24991,Xã Tà Hine,commune,Cụm 3
24994,Xã Đà Loan,commune,Cụm 3
24997,Xã Ninh Loan,commune,Cụm 3
`

// assignOutput mirrors the JSON that assign prints.
type assignOutput struct {
	Pairs []struct {
		Auditor string `json:"auditor"`
		Auditee string `json:"auditee"`
	} `json:"pairs"`
	Stats struct {
		Units      int    `json:"units"`
		PerUnit    int    `json:"per_unit"`
		Reciprocal int    `json:"reciprocal"`
		Reversals  int    `json:"reversals"`
		Method     string `json:"method"`
		Repeats    []struct {
			Round int `json:"round"`
			Count int `json:"count"`
		} `json:"repeats"`
	} `json:"stats"`
}

// assignFile writes content into a file of dir and returns its path.
func assignFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runAssignArgs(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := runAssign(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func decodeAssign(t *testing.T, out string) assignOutput {
	t.Helper()
	var res assignOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not the expected JSON: %v\n%s", err, out)
	}
	return res
}

func TestAssignCLIDuctrong(t *testing.T) {
	dir := t.TempDir()
	units := assignFile(t, dir, "units.csv", ductrongUnitsCSV)
	cluster := make(map[string]string)
	for _, line := range strings.Split(strings.TrimSpace(ductrongUnitsCSV), "\n")[1:] {
		f := strings.Split(line, ",")
		cluster[f[0]] = f[3]
	}
	for _, k := range []string{"1", "2"} {
		t.Run("within/K="+k, func(t *testing.T) {
			code, out, errOut := runAssignArgs("--units", units, "--per-unit", k, "--clusters", "within", "--seed", "42")
			if got, want := code, exitOK; got != want {
				t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
			}
			res := decodeAssign(t, out)
			audits, audited := make(map[string]int), make(map[string]int)
			for _, p := range res.Pairs {
				if p.Auditor == p.Auditee || cluster[p.Auditor] != cluster[p.Auditee] {
					t.Errorf("pair %s→%s leaves its cluster or audits itself", p.Auditor, p.Auditee)
				}
				audits[p.Auditor]++
				audited[p.Auditee]++
			}
			for code := range cluster {
				if got, want := audits[code], int(k[0]-'0'); got != want {
					t.Errorf("%s audits %d units, want %d", code, got, want)
				}
				if got, want := audited[code], int(k[0]-'0'); got != want {
					t.Errorf("%s is audited by %d units, want %d", code, got, want)
				}
			}
			if got, want := res.Stats.Units, 15; got != want {
				t.Errorf("stats.units = %d, want %d", got, want)
			}
			if got, want := res.Stats.Method, "exact"; got != want {
				t.Errorf("stats.method = %q, want %q", got, want)
			}
			if k == "1" && res.Stats.Reciprocal != 0 {
				t.Errorf("stats.reciprocal = %d, want 0", res.Stats.Reciprocal)
			}
		})
	}
}

// TestAssignCLIShape checks the exact JSON keys and the sorting of pairs.
func TestAssignCLIShape(t *testing.T) {
	dir := t.TempDir()
	units := assignFile(t, dir, "units.csv", ductrongUnitsCSV)
	code, out, errOut := runAssignArgs("--units", units)
	if code != exitOK {
		t.Fatalf("exit = %d; stderr: %s", code, errOut)
	}
	var raw struct {
		Pairs []map[string]string `json:"pairs"`
		Stats map[string]any      `json:"stats"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if got, want := len(raw.Pairs), 15; got != want {
		t.Fatalf("%d pairs, want %d", got, want)
	}
	prev := ""
	for _, p := range raw.Pairs {
		if got, want := len(p), 2; got != want || p["auditor"] == "" || p["auditee"] == "" {
			t.Fatalf("pair %v: want exactly auditor and auditee", p)
		}
		if key := p["auditor"] + " " + p["auditee"]; key <= prev {
			t.Errorf("pairs not sorted: %q after %q", key, prev)
		} else {
			prev = key
		}
	}
	for _, key := range []string{"units", "per_unit", "reciprocal", "repeats", "reversals", "method"} {
		if _, ok := raw.Stats[key]; !ok {
			t.Errorf("stats lacks %q: %v", key, raw.Stats)
		}
	}
	if code, again, _ := runAssignArgs("--units", units); code != exitOK || again != out {
		t.Errorf("a second run with the same seed prints something else")
	}
}

func TestAssignCLIHistoryAndForbidden(t *testing.T) {
	dir := t.TempDir()
	units := assignFile(t, dir, "units.csv", ductrongUnitsCSV)
	_, first, _ := runAssignArgs("--units", units, "--per-unit", "2")
	var hist strings.Builder
	hist.WriteString("round,auditor,auditee\n")
	for _, p := range decodeAssign(t, first).Pairs {
		hist.WriteString("2025," + p.Auditor + "," + p.Auditee + "\n")
	}
	hist.WriteString("2025,99999,24958\n") // a merged unit: ignored with a warning
	history := assignFile(t, dir, "history.csv", hist.String())
	forbid := assignFile(t, dir, "forbid.csv", "auditor,auditee\n24958,24961\n24958,11111\n")
	code, out, errOut := runAssignArgs("--units", units, "--per-unit", "2", "--history", history, "--forbid", forbid)
	if got, want := code, exitOK; got != want {
		t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
	}
	for _, want := range []string{
		"assign: warning: " + history + ` line 32: unit "99999" is not in the units file; row ignored`,
		"assign: warning: " + forbid + ` line 3: unit "11111" is not in the units file; row ignored`,
	} {
		if !strings.Contains(errOut, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	res := decodeAssign(t, out)
	if got, want := len(res.Stats.Repeats), 1; got != want {
		t.Fatalf("%d rounds in stats, want %d", got, want)
	}
	if res.Stats.Reciprocal+res.Stats.Repeats[0].Count+res.Stats.Reversals != 0 {
		t.Errorf("stats = %+v, want no reciprocal, repeated or reversed pair", res.Stats)
	}
	for _, p := range res.Pairs {
		if p.Auditor == "24958" && p.Auditee == "24961" {
			t.Errorf("forbidden pair 24958→24961 assigned")
		}
	}
}

func TestAssignCLIHeaderOnly(t *testing.T) {
	dir := t.TempDir()
	units := assignFile(t, dir, "units.csv", "code,name,cluster\n")
	history := assignFile(t, dir, "history.csv", "\ufeffround,auditor,auditee\n")
	forbid := assignFile(t, dir, "forbid.csv", "auditor,auditee\n")
	code, out, errOut := runAssignArgs("--units", units, "--history", history, "--forbid", forbid)
	if got, want := code, exitOK; got != want {
		t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
	}
	if !strings.Contains(out, `"pairs": []`) {
		t.Errorf("output lacks an empty pairs list:\n%s", out)
	}
	if got, want := decodeAssign(t, out).Stats.Units, 0; got != want {
		t.Errorf("stats.units = %d, want %d", got, want)
	}
}

func TestAssignCLIBadFiles(t *testing.T) {
	good := "code,name,cluster\n1,One,A\n2,Two,A\n"
	tests := []struct {
		name           string
		units, history string
		want           string // stderr after "assign: FILE"
	}{
		{"units without header", "1,One,A\n2,Two,A\n", "", "units.csv line 1: no header row"},
		{"missing column", "code,name\n1,One\n", "", `units.csv line 1: missing column "cluster"`},
		{"duplicate unit", "code,name,cluster\n1,One,A\n2,Two,A\n2,Again,A\n", "", `units.csv line 4: duplicate unit code "2"`},
		{"short row", "code,name,cluster\n1,One,A\n2,Two\n", "", "units.csv line 3: expected 3 fields as in the header, found 2"},
		{"empty code", "code,name,cluster\n,One,A\n", "", "units.csv line 2: empty unit code"},
		{"round not a number", good, "round,auditor,auditee\nlast,1,2\n", `history.csv line 2: round "last" is not a whole number`},
		{"history without header", good, "1,1,2\n", "history.csv line 1: no header row"},
		{"history row too long", good, "round,auditor,auditee\n1,1,2,3\n", "history.csv line 2: expected 3 fields as in the header, found 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--units", assignFile(t, dir, "units.csv", tt.units)}
			if tt.history != "" {
				args = append(args, "--history", assignFile(t, dir, "history.csv", tt.history))
			}
			code, out, errOut := runAssignArgs(args...)
			if got, want := code, exitUsage; got != want {
				t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
			}
			if want := "assign: " + filepath.Join(dir, tt.want); !strings.HasPrefix(errOut, want) {
				t.Errorf("stderr = %q, want it to start with %q", errOut, want)
			}
			if got, want := strings.Count(errOut, "\n"), 1; got != want {
				t.Errorf("stderr has %d lines, want %d: %q", got, want, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

func TestAssignCLIUnreadableFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere.csv")
	code, _, errOut := runAssignArgs("--units", missing)
	if got, want := code, exitUsage; got != want {
		t.Fatalf("exit = %d, want %d", got, want)
	}
	if want := "assign: cannot read " + missing + ": "; !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr = %q, want it to start with %q", errOut, want)
	}
}

func TestAssignCLIUsage(t *testing.T) {
	dir := t.TempDir()
	units := assignFile(t, dir, "units.csv", ductrongUnitsCSV)
	tests := []struct {
		name string
		args []string
	}{
		{"no units", nil},
		{"per-unit zero", []string{"--units", units, "--per-unit", "0"}},
		{"per-unit negative", []string{"--units", units, "--per-unit", "-2"}},
		{"per-unit not a number", []string{"--units", units, "--per-unit", "two"}},
		{"seed not a number", []string{"--units", units, "--seed", "x1"}},
		{"unknown clusters", []string{"--units", units, "--clusters", "nearby"}},
		{"unknown flag", []string{"--units", units, "--shuffle"}},
		{"stray argument", []string{"--units", units, "extra"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runAssignArgs(tt.args...)
			if got, want := code, exitUsage; got != want {
				t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
			}
			if !strings.Contains(errOut, assignUsage) {
				t.Errorf("stderr lacks the usage line: %q", errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

func TestAssignCLIInfeasible(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		units string
		args  []string
		want  string
	}{
		{"alone in a cluster", ductrongUnitsCSV + "25000,Xã Mới,commune,Cụm 4\n", []string{"--clusters", "within"},
			`assign: no assignment is possible: unit 25000 (Xã Mới) is the only unit of cluster "Cụm 4"`},
		{"K too large", ductrongUnitsCSV, []string{"--clusters", "within", "--per-unit", "4"},
			`assign: no assignment is possible: cluster "Cụm 2" has only 4 units`},
		{"K above the units", "code,name,cluster\nA,,\nB,,\n", []string{"--per-unit", "2"},
			"assign: no assignment is possible: each unit must audit 2 others, but there are only 2 units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			units := assignFile(t, dir, "units.csv", tt.units)
			code, out, errOut := runAssignArgs(append([]string{"--units", units}, tt.args...)...)
			if got, want := code, exitFailure; got != want {
				t.Fatalf("exit = %d, want %d; stderr: %s", got, want, errOut)
			}
			if !strings.HasPrefix(errOut, tt.want) {
				t.Errorf("stderr = %q, want it to start with %q", errOut, tt.want)
			}
			if got, want := strings.Count(errOut, "\n"), 1; got != want {
				t.Errorf("stderr has %d lines, want %d", got, want)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}
