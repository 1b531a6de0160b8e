package tabular

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Bounds on what an XLSX may unpack to. excelize allocates each part's
// declared size up front, so a 1 kB upload whose ZIP directory lies ("this
// part is 15 GB") would exhaust memory and bring the server down; Go's ZIP
// reader refuses a part longer than declared, so the declared sizes bound
// the real ones. Worksheets and shared strings over xlsxInMemory are
// unpacked to a temporary file by excelize rather than kept in memory.
// The shared strings are decoded whole into excelize's structures, several
// times their XML's size for short strings, hence their lower bound; 16 MiB
// holds hundreds of thousands of distinct cells.
const (
	maxXLSXPart       = 64 << 20
	maxXLSXTotal      = 128 << 20
	maxSharedStrings  = 16 << 20
	xlsxInMemory      = 16 << 20
	sharedStringsPart = "xl/sharedstrings.xml"
)

// checkZip refuses an XLSX whose parts claim more than the bounds.
func checkZip(b []byte, part, sst, all uint64) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &Error{Msg: "import.malformed_xlsx", Cause: err}
	}
	var total uint64
	for _, f := range zr.File {
		limit := part
		if strings.EqualFold(f.Name, sharedStringsPart) {
			limit = sst
		}
		if f.UncompressedSize64 > limit || total+f.UncompressedSize64 > all {
			return &Error{Msg: "import.xlsx_too_large"}
		}
		total += f.UncompressedSize64
	}
	return nil
}

// Sheet reads the first sheet of a workbook one row at a time, checking
// each row against its Limits as it comes: a row is never held whole
// unless it is within them. excelize's GetRows, by contrast, pads every
// row with empty strings up to its last cell and keeps them all, so rows
// whose one cell is in column XFD cost 16 384 strings each.
type Sheet struct {
	f         *excelize.File
	text, raw *excelize.Rows
	lim       Limits
	line      int
	// Date1904 says raw date serials count from 1904-01-01 (workbooks of
	// older Excel for Mac).
	Date1904 bool
}

// OpenSheet opens a workbook's first sheet under lim. With raw, each row
// also comes as its raw cell values (date serials rather than formatted
// dates). Errors are *Error. Close it when done.
func OpenSheet(b []byte, raw bool, lim Limits) (s *Sheet, err error) {
	defer func() {
		// excelize parses untrusted uploads; a panic in it must become a
		// bad file, not a crashed server.
		if p := recover(); p != nil {
			s, err = nil, &Error{Msg: "import.malformed_xlsx"}
		}
	}()
	part, sst, all := uint64(maxXLSXPart), uint64(maxSharedStrings), uint64(maxXLSXTotal)
	if lim.Unzipped > 0 {
		part, sst, all = lim.Unzipped, lim.Unzipped, lim.Unzipped
	}
	if err := checkZip(b, part, sst, all); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: int64(all), UnzipXMLSizeLimit: xlsxInMemory})
	if err != nil {
		return nil, &Error{Msg: "import.malformed_xlsx", Cause: err}
	}
	s = &Sheet{f: f, lim: lim}
	defer func() {
		if err != nil {
			s.Close()
			s = nil
		}
	}()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &Error{Msg: "import.empty"}
	}
	if s.text, err = f.Rows(sheets[0]); err != nil {
		return nil, &Error{Msg: "import.malformed_xlsx", Cause: err}
	}
	if raw {
		if s.raw, err = f.Rows(sheets[0]); err != nil {
			return nil, &Error{Msg: "import.malformed_xlsx", Cause: err}
		}
		props, err := f.GetWorkbookProps()
		if err != nil {
			return nil, &Error{Msg: "import.malformed_xlsx", Cause: err}
		}
		s.Date1904 = props.Date1904 != nil && *props.Date1904
	}
	return s, nil
}

// Next returns the next row holding a value, with its row number in the
// sheet, as displayed and (when the sheet was opened raw) as raw values;
// trailing empty cells are dropped. It returns io.EOF after the last row
// and an *Error at the first row with a value past the last column, or a
// cell longer than allowed.
func (s *Sheet) Next() (line int, text, raw []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Line: s.line, Msg: "import.malformed_xlsx"}
		}
	}()
	for s.text.Next() {
		s.line++
		// Columns pads a row up to its last cell, so a row is at most
		// 16 384 (Excel's last column) empty strings before it is refused
		// here, and only the row being read is ever padded.
		text, err = s.text.Columns()
		if s.raw != nil && s.raw.Next() {
			var rerr error
			if raw, rerr = s.raw.Columns(excelize.Options{RawCellValue: true}); err == nil {
				err = rerr
			}
		}
		if err != nil {
			return 0, nil, nil, &Error{Line: s.line, Msg: "import.malformed_xlsx", Cause: err}
		}
		text = trimTrailing(text)
		if len(text) == 0 {
			continue
		}
		if err := s.lim.check(s.line, text); err != nil {
			return 0, nil, nil, err
		}
		if len(raw) > len(text) {
			raw = raw[:len(text)]
		}
		return s.line, text, raw, nil
	}
	if err := s.text.Error(); err != nil {
		return 0, nil, nil, &Error{Line: s.line, Msg: "import.malformed_xlsx", Cause: err}
	}
	return 0, nil, nil, io.EOF
}

// Close releases the workbook and its temporary files.
func (s *Sheet) Close() {
	for _, r := range []*excelize.Rows{s.text, s.raw} {
		if r != nil {
			_ = r.Close()
		}
	}
	_ = s.f.Close()
}

// check refuses a row with a value past the last column or a cell too long.
func (l Limits) check(line int, cells []string) error {
	if len(cells) > l.Columns {
		return &Error{Line: line, Column: ColumnName(len(cells)), Msg: "import.too_many_columns", Args: []any{"max", ColumnName(l.Columns)}}
	}
	for i, c := range cells {
		if len(c) > l.CellChars && utf8.RuneCountInString(c) > l.CellChars {
			return &Error{Line: line, Column: ColumnName(i + 1), Msg: "import.cell_too_long", Args: []any{"max", l.CellChars}}
		}
	}
	return nil
}

// trimTrailing drops the empty cells at the end of a row.
func trimTrailing(cells []string) []string {
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	return cells[:n]
}

// ColumnName is a spreadsheet's name of the n-th column (1 is A, 64 BL).
func ColumnName(n int) string {
	name, err := excelize.ColumnNumberToName(n)
	if err != nil {
		return fmt.Sprint(n)
	}
	return name
}
