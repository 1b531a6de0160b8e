package tabular

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

func xlsx(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadCSVAndXLSXAlike(t *testing.T) {
	csvFile := "\xEF\xBB\xBFCode, Name ,cluster\n24961,\"" + norm.NFD.String("Xã Hiệp An") + "\",Cụm 1\n,,\n24964,Xã Liên Hiệp,\n"
	xlsxFile := xlsx(t, [][]any{{"Code", " Name ", "cluster"}, {"24961", "Xã Hiệp An", "Cụm 1"}, {}, {"24964", "Xã Liên Hiệp", ""}})
	for name, file := range map[string][]byte{"csv": []byte(csvFile), "xlsx": xlsxFile} {
		t.Run(name, func(t *testing.T) {
			tab, err := Read(bytes.NewReader(file), "code", "name")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := strings.Join(tab.Header, "|"), "code|name|cluster"; got != want {
				t.Errorf("header %q, want %q", got, want)
			}
			if len(tab.Rows) != 2 {
				t.Fatalf("%d rows, want 2 (blank rows skipped)", len(tab.Rows))
			}
			r := tab.Rows[0]
			if r.Line != 2 || r.Get("name") != "Xã Hiệp An" || r.Get("cluster") != "Cụm 1" {
				t.Errorf("row %+v", r)
			}
			if tab.Rows[1].Line != 4 {
				t.Errorf("second row at line %d, want 4", tab.Rows[1].Line)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		line int
		msg  string
	}{
		{"missing column", []byte("code,cluster\nA,1\n"), 1, "import.missing_column"},
		{"invalid UTF-8 on line 3", []byte("code,name\nA,ok\nB,bad\xff\n"), 3, "import.invalid_utf8"},
		{"bare quote", []byte("code,name\nA,\"unterminated\n"), 2, "import.malformed_csv"},
		{"broken zip", append([]byte("PK\x03\x04"), make([]byte, 40)...), 0, "import.malformed_xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tt.file), "code", "name")
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v", err)
			}
			if te.Msg != tt.msg || te.Line != tt.line {
				t.Errorf("error %+v, want line %d %s", te, tt.line, tt.msg)
			}
			if apperr.KindOf(AppError(err)) != apperr.Invalid {
				t.Errorf("AppError kind %v", apperr.KindOf(AppError(err)))
			}
		})
	}
	for _, binary := range [][]byte{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00"), {}, []byte("%PDF-1.4\x00")} {
		_, err := Read(bytes.NewReader(binary), "code")
		if !errors.Is(err, ErrUnsupported) || apperr.KindOf(AppError(err)) != apperr.Unsupported {
			t.Errorf("%q: err = %v", binary, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("code,name\nA,Xã\n"))
	f.Add([]byte("\xEF\xBB\xBFcode,name\n\"a,b\",c\n"))
	f.Add(xlsx(f, [][]any{{"code", "name"}, {"A", "Xã"}}))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Read(bytes.NewReader(b), "code")
		if err != nil {
			return
		}
		for _, r := range tab.Rows {
			if r.Line < 2 {
				t.Fatalf("row at line %d", r.Line)
			}
		}
	})
}

// Line numbers are the file's own, whatever blank lines and multi-line cells
// come before.
func TestCSVLineNumbersSurviveBlankLinesAndMultilineCells(t *testing.T) {
	file := "code,name\n\nA,\"two\nlines\"\n\nB,x\n"
	tab, err := Read(strings.NewReader(file), "code")
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Rows[0].Line != 3 || tab.Rows[1].Line != 6 {
		t.Errorf("rows %+v, want lines 3 and 6", tab.Rows)
	}
}

func TestXLSXClaimingHugePartsIsRefused(t *testing.T) {
	b := xlsx(t, [][]any{{"code"}, {"A"}})
	// Make the central directory claim a 4 GB part.
	i := bytes.LastIndex(b, []byte("PK\x01\x02"))
	if i < 0 {
		t.Fatal("no central directory")
	}
	copy(b[i+24:i+28], []byte{0xff, 0xff, 0xff, 0xfe})
	_, err := Read(bytes.NewReader(b), "code")
	var te *Error
	if !errors.As(err, &te) || (te.Msg != "import.xlsx_too_large" && te.Msg != "import.malformed_xlsx") {
		t.Errorf("err = %v", err)
	}
}
