package reconcile_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

func TestReadCatalogue(t *testing.T) {
	// BOM, shuffled and upper-case headers, an extra column, a blank line,
	// and a name typed in NFD (as macOS does).
	data := "\ufeff Effective_Date ,NAME,code,note,level,field\n" +
		"01/01/2025,Đăng ký khai sinh,1.001,x,Xã,Hộ tịch\n" +
		"\n" +
		"2025-03-01," + norm.NFD.String("Đăng ký lại khai sinh") + ", 1.002 ,,Xã,Hộ tịch\n"
	procs := mustCatalogue(t, data, "catalogue.csv")
	if len(procs) != 2 {
		t.Fatalf("got %d procedures, want 2", len(procs))
	}
	want := reconcile.Procedure{
		Code: "1.002", Name: "Đăng ký lại khai sinh", Field: "Hộ tịch", Level: "Xã",
		EffectiveDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Line: 4,
	}
	if got := procs[1]; got != want {
		t.Errorf("procs[1] = %+v\nwant       %+v", got, want)
	}
	if !norm.NFC.IsNormalString(procs[1].Name) {
		t.Errorf("name %q is not NFC", procs[1].Name)
	}
}

func TestReadSemicolonCSV(t *testing.T) {
	// Excel under a Vietnamese locale saves CSV with semicolons.
	data := "unit;code;name\nX01;1.001;Đăng ký khai sinh, trích lục\n"
	list := mustListings(t, data, "portal.csv")
	if len(list) != 1 || list[0].Unit != "X01" || list[0].Name != "Đăng ký khai sinh, trích lục" {
		t.Errorf("got %+v", list)
	}
}

func TestReadCSVStartingLikeAZip(t *testing.T) {
	// Only a real ZIP signature makes a file XLSX: a "PK" column is fine.
	list := mustListings(t, "PK,unit,code,name\n1,X01,1.001,A\n", "portal.csv")
	if len(list) != 1 || list[0].Code != "1.001" {
		t.Errorf("got %+v", list)
	}
}

func TestReadTitleRowsAboveHeader(t *testing.T) {
	data := "DANH MỤC THỦ TỤC HÀNH CHÍNH,,\n,,\nunit,code,name\nX01,1.001,A\n"
	list := mustListings(t, data, "portal.csv")
	if len(list) != 1 || list[0].Line != 4 {
		t.Errorf("got %+v, want one row on line 4", list)
	}
}

func TestReadHeaderOnlyIsEmpty(t *testing.T) {
	list := mustListings(t, "unit,code,name\n", "portal.csv")
	if list == nil || len(list) != 0 {
		t.Errorf("got %#v, want an empty, non-nil list", list)
	}
}

func TestReadProcesses(t *testing.T) {
	data := "unit,code,process_code,version,effective_date,name\n" +
		"X01,1.001,QT-01,2,45658,\n" +
		"X01,,QT-02,1,1/3/2025,Đăng ký lại khai sinh\n"
	procs, err := reconcile.ReadProcesses(strings.NewReader(data), "processes.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := reconcile.Process{Unit: "X01", Code: "", Name: "Đăng ký lại khai sinh", ProcessCode: "QT-02",
		Version: "1", EffectiveDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Line: 3}
	if len(procs) != 2 || procs[1] != want {
		t.Errorf("got %+v, want second row %+v", procs, want)
	}
}

// readerCase is a bad file and the exact error it must give.
type readerCase struct {
	name, data, want string
}

func TestReadCatalogueErrors(t *testing.T) {
	const header = "code,name,field,level,effective_date\n"
	for _, tc := range []readerCase{
		{"impossible date", header + "1,A,f,l,01/01/2025\n2,B,f,l,02/01/2025\n3,C,f,l,03/01/2025\n4,D,f,l,04/01/2025\n5,E,f,l,05/01/2025\n6,F,f,l,31/02/2024\n",
			`catalogue.csv line 7, column effective_date: cannot read date "31/02/2024"`},
		{"leap bug serial", header + "1,A,f,l,60\n",
			`catalogue.csv line 2, column effective_date: cannot read date "60": Excel serial 60 stands for 29/02/1900, a day that does not exist`},
		{"empty date", header + "1,A,f,l,\n", `catalogue.csv line 2, column effective_date: empty date`},
		{"missing column", "code,name,field,level\n1,A,f,l\n", `catalogue.csv line 1, column effective_date: missing column`},
		{"missing columns", "code,name\n", `catalogue.csv line 1, column field: missing column (also missing: level, effective_date)`},
		{"duplicate code", header + "1,A,f,l,01/01/2025\n2,B,f,l,01/01/2025\n1,C,f,l,01/01/2025\n",
			`catalogue.csv line 4, column code: duplicate code "1" (first on line 2)`},
		{"empty code", header + " ,A,f,l,01/01/2025\n", `catalogue.csv line 2, column code: empty code`},
		{"empty name", header + "1,,f,l,01/01/2025\n", `catalogue.csv line 2, column name: empty name`},
		{"empty file", "", `catalogue.csv line 1: empty file: no header row`},
		{"blank file", "\ufeff\n \n", `catalogue.csv line 1: empty file: no header row`},
		{"duplicate column", "code,name,field,level,effective_date,Code\n", `catalogue.csv line 1, column code: column appears twice (columns 1 and 6)`},
		{"invalid UTF-8", header + "1,A,f,l,01/01/2025\n2,Đăng k\xfd,f,l,01/01/2025\n",
			`catalogue.csv line 3, column name: invalid UTF-8; save the file as CSV UTF-8`},
		{"malformed quotes", header + "1,\"A,f,l,01/01/2025\n",
			`catalogue.csv line 2: malformed CSV: extraneous or missing " in quoted-field`},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", `catalogue.csv: a PNG image, not a CSV or XLSX file`},
		{"PDF", "%PDF-1.7\n", `catalogue.csv: a PDF document, not a CSV or XLSX file`},
		{"XLS", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", `catalogue.csv: an XLS (Excel 97-2003) or password-protected workbook; save it as XLSX or CSV UTF-8`},
		{"UTF-16", "\xFF\xFEc\x00o\x00", `catalogue.csv: UTF-16 text; save it as CSV UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ReadCatalogue(strings.NewReader(tc.data), "catalogue.csv")
			checkFileError(t, err, tc.want)
		})
	}
}

func TestReadListingsErrors(t *testing.T) {
	for _, tc := range []readerCase{
		{"missing name column", "unit,code\nX,1\n", `portal.csv line 1, column name: missing column`},
		{"empty unit", "unit,code,name\nX,1,A\n,2,B\n", `portal.csv line 3, column unit: empty unit`},
		{"nothing to match", "unit,code,name\nX,,\n", `portal.csv line 2, column code: empty code and name: nothing to match`},
		{"broken zip", "PK\x03\x04garbage", "portal.csv: cannot read the XLSX workbook: zip: not a valid zip file"},
		{"empty zip", "PK\x05\x06" + strings.Repeat("\x00", 18), "portal.csv: an empty ZIP archive, not a CSV or XLSX file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ReadListings(strings.NewReader(tc.data), "portal.csv")
			checkFileError(t, err, tc.want)
		})
	}
}

func TestReadProcessesErrors(t *testing.T) {
	const header = "unit,code,process_code,version,effective_date\n"
	for _, tc := range []readerCase{
		{"missing version", "unit,code,process_code,effective_date\n", `processes.csv line 1, column version: missing column`},
		{"bad date", header + "X,1,QT,1,2025-02-29\n", `processes.csv line 2, column effective_date: cannot read date "2025-02-29"`},
		{"no code nor name", header + "X,,QT,1,2025-02-28\n", `processes.csv line 2, column code: empty code and no name to match by`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ReadProcesses(strings.NewReader(tc.data), "processes.csv")
			checkFileError(t, err, tc.want)
		})
	}
}

func TestReadFailingReader(t *testing.T) {
	_, err := reconcile.ReadListings(iotest.ErrReader(errors.New("disk on fire")), "portal.csv")
	checkFileError(t, err, "portal.csv: cannot read the file: disk on fire")

	// A failure after the header is reported too, not taken for the end.
	r := io.MultiReader(strings.NewReader("unit,code,name\nX,1,A\n"), iotest.ErrReader(errors.New("disk on fire")))
	_, err = reconcile.ReadListings(r, "portal.csv")
	checkFileError(t, err, "portal.csv: cannot read the file: disk on fire")
}

// checkFileError checks that err is a *FileError for the file and, when
// want is not empty, that it reads exactly want.
func checkFileError(t *testing.T, err error, want string) {
	t.Helper()
	var fe *reconcile.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v (%T), want a *FileError", err, err)
	}
	if want != "" && err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err.Error(), want)
	}
	if want == "" && !strings.HasPrefix(err.Error(), fe.File+":") {
		t.Errorf("error %q does not start with the file name", err.Error())
	}
}
