package assign

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadUnits(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Unit
		wantErr string
	}{
		{"plain", "code,name,cluster\n1,One,A\n2,Two,\n",
			[]Unit{{"1", "One", "A"}, {"2", "Two", ""}}, ""},
		{"header only", "code,name,cluster\n", nil, ""},
		{"BOM, spaces, any order and case, extra columns",
			"\ufeff Cluster ,kind,NAME,code\n Cụm 1 ,commune, Xã Hiệp An ,24961\n",
			[]Unit{{"24961", "Xã Hiệp An", "Cụm 1"}}, ""},
		{"quoted", "code,name,cluster\n1,\"One, the first\",A\n", []Unit{{"1", "One, the first", "A"}}, ""},
		{"CRLF and blank lines", "code,name,cluster\r\n\r\n1,One,A\r\n", []Unit{{"1", "One", "A"}}, ""},
		{"empty file", "", nil, "units.csv line 1: the file is empty; expected a header row code,name,cluster"},
		{"no header", "24958,Thị trấn Liên Nghĩa,Cụm 2\n", nil, "units.csv line 1: no header row; the first line must name the columns code,name,cluster"},
		{"missing column", "code,name\n1,One\n", nil, `units.csv line 1: missing column "cluster"`},
		{"missing columns", "code\n1\n", nil, `units.csv line 1: missing columns "name" and "cluster"`},
		{"column twice", "code,name,cluster,code\n", nil, `units.csv line 1: column "code" appears twice`},
		{"duplicate", "code,name,cluster\n1,a,\n2,b,\n3,c,\n2,d,\n", nil, `units.csv line 5: duplicate unit code "2"`},
		{"empty code", "code,name,cluster\n1,a,\n ,b,\n", nil, "units.csv line 3: empty unit code"},
		{"short row", "code,name,cluster\n1,a,\n2,b\n", nil, "units.csv line 3: expected 3 fields as in the header, found 2"},
		{"bad quote", "code,name,cluster\n1,a\"b,c\n", nil, `units.csv line 2: bare " in non-quoted-field`},
		{"line after a multi-line cell", "code,name,cluster\n1,\"a\nb\",c\n1,d,e\n", nil, `units.csv line 4: duplicate unit code "1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadUnits(strings.NewReader(tt.in), "units.csv")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("units = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReadHistory(t *testing.T) {
	known := units("1", "2", "3")
	tests := []struct {
		name     string
		in       string
		want     []HistoryPair
		warnings []string
		wantErr  string
	}{
		{"plain", "round,auditor,auditee\n2024,1,2\n2025,2,3\n",
			[]HistoryPair{{2024, Pair{"1", "2"}}, {2025, Pair{"2", "3"}}}, nil, ""},
		{"header only", "round,auditor,auditee\n", nil, nil, ""},
		{"unknown units", "round,auditor,auditee\n1,1,9\n1,8,9\n1,3,1\n",
			[]HistoryPair{{1, Pair{"3", "1"}}},
			[]string{`h.csv line 2: unit "9" is not in the units file; row ignored`,
				`h.csv line 3: units "8" and "9" are not in the units file; row ignored`}, ""},
		{"round not a number", "round,auditor,auditee\n1,1,2\nlast,1,2\n", nil, nil, `h.csv line 3: round "last" is not a whole number`},
		{"empty auditor", "round,auditor,auditee\n1,,2\n", nil, nil, "h.csv line 2: empty auditor code"},
		{"empty auditee", "round,auditor,auditee\n1,2,\n", nil, nil, "h.csv line 2: empty auditee code"},
		{"no header", "1,1,2\n", nil, nil, "h.csv line 1: no header row; the first line must name the columns round,auditor,auditee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings, err := ReadHistory(strings.NewReader(tt.in), "h.csv", known)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("history = %+v, want %+v", got, tt.want)
			}
			if !reflect.DeepEqual(warnings, tt.warnings) {
				t.Errorf("warnings = %q, want %q", warnings, tt.warnings)
			}
		})
	}
}

func TestReadForbidden(t *testing.T) {
	got, warnings, err := ReadForbidden(strings.NewReader("auditee,auditor,reason\n2,1,married\n1,7,\n"), "f.csv", units("1", "2"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pair{{"1", "2"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("pairs = %v, want %v", got, want)
	}
	if want := []string{`f.csv line 3: unit "7" is not in the units file; row ignored`}; !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}
	if _, _, err := ReadForbidden(strings.NewReader("auditor\n1\n"), "f.csv", nil); err == nil || err.Error() != `f.csv line 1: missing column "auditee"` {
		t.Errorf("err = %v, want the missing column", err)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadUnits(iotest.ErrReader(boom), "units.csv")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "units.csv: ") {
		t.Errorf("err = %v, want the read error naming the file", err)
	}
}
