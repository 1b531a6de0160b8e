package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// reconcileTestFiles are the input files of the CLI tests, by name. The portal
// list is an XLSX workbook; the rest are CSV.
func reconcileTestFiles(t *testing.T) map[string][]byte {
	t.Helper()
	return map[string][]byte{
		"catalogue.csv": []byte("\ufeffcode,name,field,level,effective_date\n" +
			"1.002,Đăng ký lại khai sinh,Hộ tịch,Cấp xã,2025-03-01\n" +
			"1.001,Đăng ký khai sinh,Hộ tịch,Cấp xã,01/01/2025\n" +
			"1.003,Đăng ký kết hôn,Hộ tịch,Cấp xã,45658\n"),
		"portal.xlsx": reconcileXLSX(t, [][]any{
			{"unit", "code", "name"},
			{"X02", "1.001", "Đăng ký khai sinh"},
			{"X01", "1.003", "Đăng ký kết hôn"},
			{"X01", "9.999", "Thủ tục đã bãi bỏ"},
		}),
		"onestop.csv": []byte("unit;code;name\n" +
			"X02;;" + norm.NFD.String("ĐĂNG KÝ KẾT HÔN") + "\n" +
			"X01;1.001;\n"),
		"processes.csv": []byte("unit,code,process_code,version,effective_date\n" +
			"X01,1.001,QT-01,1,31/12/2024\n" +
			"X03,1.003,QT-03,2,1/1/2025\n"),
	}
}

// reconcileXLSX writes rows to a new workbook.
func reconcileXLSX(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow("Sheet1", ref, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reconcileInTempDir writes files into a fresh directory and makes it the working
// directory, so that errors name files as the user typed them.
func reconcileInTempDir(t *testing.T, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

// runReconcileArgs runs the subcommand and returns exit code and output.
func runReconcileArgs(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := runReconcile(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// reconcileCLIReport mirrors the JSON output. A list decoded from [] is
// empty but not nil, so a nil list reveals a null in the output.
type reconcileCLIReport struct {
	Units []struct {
		Unit             string   `json:"unit"`
		MissingOnPortal  []string `json:"missing_on_portal"`
		MissingOnOneStop []string `json:"missing_on_onestop"`
		MissingProcess   []string `json:"missing_process"`
		StaleProcess     []string `json:"stale_process"`
		NotInForce       []string `json:"not_in_force"`
		MatchedByName    []struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"matched_by_name"`
	} `json:"units"`
	Stats map[string]int `json:"stats"`
}

func decodeReconcileReport(t *testing.T, out string) reconcileCLIReport {
	t.Helper()
	var rep reconcileCLIReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if strings.Contains(out, "null") {
		t.Errorf("output holds null:\n%s", out)
	}
	return rep
}

func TestReconcileCLI(t *testing.T) {
	reconcileInTempDir(t, reconcileTestFiles(t))
	code, out, errOut := runReconcileArgs("--catalogue", "catalogue.csv", "--portal", "portal.xlsx",
		"--onestop", "onestop.csv", "--processes", "processes.csv")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	rep := decodeReconcileReport(t, out)
	var units []string
	for _, u := range rep.Units {
		units = append(units, u.Unit)
	}
	if got, want := strings.Join(units, ","), "X01,X02,X03"; got != want {
		t.Fatalf("units %s, want %s", got, want)
	}
	x01, x02, x03 := rep.Units[0], rep.Units[1], rep.Units[2]
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"X01 missing_on_portal", x01.MissingOnPortal, []string{"1.001", "1.002"}},
		{"X01 missing_on_onestop", x01.MissingOnOneStop, []string{"1.002", "1.003"}},
		{"X01 missing_process", x01.MissingProcess, []string{"1.002", "1.003"}},
		{"X01 stale_process", x01.StaleProcess, []string{"1.001"}},
		{"X01 not_in_force", x01.NotInForce, []string{"9.999"}},
		{"X02 missing_on_onestop", x02.MissingOnOneStop, []string{"1.001", "1.002"}},
		{"X03 stale_process", x03.StaleProcess, []string{}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	// The NFD, upper-case name is matched and comes back as NFC, unescaped.
	if len(x02.MatchedByName) != 1 || x02.MatchedByName[0].Code != "1.003" || x02.MatchedByName[0].Name != "ĐĂNG KÝ KẾT HÔN" {
		t.Errorf("X02 matched_by_name = %+v", x02.MatchedByName)
	}
	if !strings.Contains(out, `"name": "ĐĂNG KÝ KẾT HÔN"`) {
		t.Errorf("Vietnamese text not written as NFC UTF-8:\n%s", out)
	}
	if got, want := rep.Stats["units"], 3; got != want {
		t.Errorf("stats.units = %d, want %d", got, want)
	}
	if got, want := rep.Stats["matched_by_name"], 1; got != want {
		t.Errorf("stats.matched_by_name = %d, want %d", got, want)
	}
}

func TestReconcileCLIWithoutProcesses(t *testing.T) {
	reconcileInTempDir(t, reconcileTestFiles(t))
	code, out, errOut := runReconcileArgs("--catalogue", "catalogue.csv", "--portal", "portal.xlsx", "--onestop", "onestop.csv")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	rep := decodeReconcileReport(t, out)
	if len(rep.Units) != 2 {
		t.Fatalf("got %d units, want 2 (X03 is only in the process list)", len(rep.Units))
	}
	for _, u := range rep.Units {
		if u.MissingProcess == nil || len(u.MissingProcess) != 0 {
			t.Errorf("unit %s: missing_process = %#v, want []", u.Unit, u.MissingProcess)
		}
	}
	if rep.Stats["missing_process"] != 0 {
		t.Errorf("stats.missing_process = %d, want 0", rep.Stats["missing_process"])
	}
}

func TestReconcileCLIBadFiles(t *testing.T) {
	badDate := "code,name,field,level,effective_date\n" +
		"1,A,f,l,01/01/2025\n2,B,f,l,01/01/2025\n3,C,f,l,01/01/2025\n4,D,f,l,01/01/2025\n5,E,f,l,01/01/2025\n" +
		"6,F,f,l,31/02/2024\n"
	files := reconcileTestFiles(t)
	files["bad_date.csv"] = []byte(badDate)
	files["dup.csv"] = []byte("code,name,field,level,effective_date\n1,A,f,l,01/01/2025\n1,B,f,l,01/01/2025\n")
	files["no_column.csv"] = []byte("unit,name\nX,A\n")
	files["empty.csv"] = nil
	files["image.png"] = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	reconcileInTempDir(t, files)
	if err := os.Mkdir("folder", 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		catalogue, portal, want string
	}{
		{"bad_date.csv", "portal.xlsx", `reconcile: bad_date.csv line 7, column effective_date: cannot read date "31/02/2024"`},
		{"dup.csv", "portal.xlsx", `reconcile: dup.csv line 3, column code: duplicate code "1" (first on line 2)`},
		{"catalogue.csv", "no_column.csv", `reconcile: no_column.csv line 1, column code: missing column`},
		{"empty.csv", "portal.xlsx", `reconcile: empty.csv line 1: empty file: no header row`},
		{"image.png", "portal.xlsx", `reconcile: image.png: a PNG image, not a CSV or XLSX file`},
		{"nowhere.csv", "portal.xlsx", `reconcile: nowhere.csv: cannot open: no such file or directory`},
		{"catalogue.csv", "folder", `reconcile: folder: cannot read the file: is a directory`},
	} {
		code, out, errOut := runReconcileArgs("--catalogue", tc.catalogue, "--portal", tc.portal, "--onestop", "onestop.csv")
		if code != exitUsage {
			t.Errorf("%s/%s: exit %d, want %d", tc.catalogue, tc.portal, code, exitUsage)
		}
		if errOut != tc.want+"\n" {
			t.Errorf("stderr = %q\nwant     %q", errOut, tc.want+"\n")
		}
		if out != "" {
			t.Errorf("%s: stdout = %q, want nothing", tc.catalogue, out)
		}
	}
}

func TestReconcileCLIUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--catalogue", "c.csv", "--portal", "p.csv"},
		{"--catalogue", "c.csv", "--onestop", "o.csv"},
		{"--portal", "p.csv", "--onestop", "o.csv"},
		{"--catalogue", "c.csv", "--portal", "p.csv", "--onestop", "o.csv", "extra"},
		{"--no-such-flag"},
	} {
		code, out, errOut := runReconcileArgs(args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, "usage: crossaudit reconcile") {
			t.Errorf("args %q: exit %d, stdout %q, stderr %q; want exit 2 with the usage line", args, code, out, errOut)
		}
	}
	if code, _, errOut := runReconcileArgs("-h"); code != exitOK || !strings.Contains(errOut, "--catalogue") {
		t.Errorf("-h: exit %d, stderr %q", code, errOut)
	}
}
