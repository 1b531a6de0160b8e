package tabular

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Each bound is met at the row that passes it, which the error names.
func TestBoundsStopAtTheRowPastThem(t *testing.T) {
	wide := make([]any, MaxColumns+1)
	wide[0], wide[MaxColumns] = "A", "stray"
	tests := []struct {
		name   string
		file   []byte
		line   int
		column string
		msg    string
	}{
		{"xlsx value past column BL", xlsx(t, [][]any{{"code"}, {"A"}, wide}), 3, "BM", "import.too_many_columns"},
		{"csv value past column BL", []byte("code\nA\n" + strings.Repeat(",", MaxColumns) + "x\n"), 3, "BM", "import.too_many_columns"},
		{"csv of too many empty fields", []byte("code\nA" + strings.Repeat(",", maxCSVFields+1) + "\n"), 2, "16385", "import.too_many_columns"},
		{"csv line too long", []byte("code\n" + strings.Repeat("x", maxCSVRecord+1) + "\n"), 2, "", "import.line_too_long"},
		{"cell too long", []byte("code\n" + strings.Repeat("ệ", MaxCellChars+1) + "\n"), 2, "A", "import.cell_too_long"},
		{"too many rows", []byte("code\n" + strings.Repeat("A\n", MaxRows+1)), MaxRows + 2, "", "import.too_many_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tt.file), "code")
			var te *Error
			if !errors.As(err, &te) || te.Msg != tt.msg || te.Line != tt.line || te.Column != tt.column {
				t.Errorf("err = %v, want line %d column %q %s", err, tt.line, tt.column, tt.msg)
			}
		})
	}
	// Trailing empty cells are no value: a row of data then empties passes.
	tab, err := Read(strings.NewReader("code,name"+strings.Repeat(",", 200)+"\nA,B"+strings.Repeat(",", 200)+"\n"), "code")
	if err != nil || len(tab.Rows) != 1 || tab.Rows[0].Get("name") != "B" {
		t.Errorf("trailing empties: %v %+v", err, tab)
	}
}
