package reconcile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"strconv"
	"unicode/utf8"

	"github.com/crossaudit/crossaudit/internal/tabular"
)

// record is one row of a file as read, before any column is interpreted.
type record struct {
	line int      // the file's line (CSV) or the sheet's row number (XLSX)
	text []string // cell text as the user sees it
	raw  []string // raw cell values (Excel serials for date cells); may be shorter than text
	// date1904 says the raw serials count days from 1904-01-01, as in
	// workbooks made by older Excel for Mac.
	date1904 bool
}

// source yields the records of a file in order and io.EOF at the end.
type source interface {
	next() (record, error)
}

// fieldError is a problem a source found in one field of a record. The table
// turns it into a *FileError naming the field's column once the header is
// known.
type fieldError struct {
	line, field int
	msg         string
}

func (e *fieldError) Error() string { return e.msg }

// Sizes that bound what a reader will take in.
const (
	sniffSize = 512
	// maxUnzipped caps the decompressed size of an XLSX so that a small
	// upload cannot expand into gigabytes (a "zip bomb"); a sheet of a
	// million rows of this package's columns stays well below it.
	maxUnzipped = 1 << 30
)

// openSource detects the file type from its first bytes and returns a
// source for it. CSV is read as a stream; XLSX is read whole, as the format
// requires.
func openSource(r io.Reader, file string) (source, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, readError(file, err)
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return openXLSX(br, file)
	}
	if msg := notText(head); msg != "" {
		return nil, fileErrorf(file, 0, "", "%s", msg)
	}
	if bytes.HasPrefix(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	return newCSVSource(br, guessComma(head)), nil
}

var utf8BOM = []byte("\xEF\xBB\xBF")

// readError reports an I/O failure. A path error would repeat the file's
// path, which the FileError already names, so only its reason is kept.
func readError(file string, err error) *FileError {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fileErrorf(file, 0, "", "cannot read the file: %v", err)
}

// notText explains why a file that is clearly not text cannot be read, or
// returns "" for anything that may be CSV. Naming the kind tells the user
// which file they picked by mistake.
func notText(head []byte) string {
	const notCSV = ", not a CSV or XLSX file"
	signatures := []struct{ magic, msg string }{
		{"\x89PNG", "a PNG image" + notCSV},
		{"\xFF\xD8\xFF", "a JPEG image" + notCSV},
		{"%PDF", "a PDF document" + notCSV},
		{"GIF8", "a GIF image" + notCSV},
		{"\xD0\xCF\x11\xE0", "an XLS (Excel 97-2003) or password-protected workbook; save it as XLSX or CSV UTF-8"},
		{"\xFF\xFE", "UTF-16 text; save it as CSV UTF-8"},
		{"\xFE\xFF", "UTF-16 text; save it as CSV UTF-8"},
		{"PK\x05\x06", "an empty ZIP archive" + notCSV},
		{"PK\x07\x08", "a split ZIP archive" + notCSV},
	}
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.magic)) {
			return s.msg
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "a binary file" + notCSV
	}
	return ""
}

// guessComma picks the field separator from the first line: a comma unless
// semicolons or tabs are more frequent, as in CSV saved by Excel under a
// locale whose decimal separator is the comma (Vietnamese among them).
func guessComma(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	commas := bytes.Count(head, []byte(","))
	semis := bytes.Count(head, []byte(";"))
	tabs := bytes.Count(head, []byte("\t"))
	switch {
	case tabs > commas && tabs > semis:
		return '\t'
	case semis > commas:
		return ';'
	default:
		return ','
	}
}

// csvSource reads records from CSV text.
type csvSource struct {
	r *csv.Reader
}

func newCSVSource(r io.Reader, comma rune) *csvSource {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // rows may be shorter or longer than the header
	cr.ReuseRecord = true   // fields are copied out as strings anyway
	return &csvSource{r: cr}
}

func (s *csvSource) next() (record, error) {
	fields, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return record{}, &fieldError{line: pe.Line, field: -1, msg: "malformed CSV: " + pe.Err.Error()}
		}
		return record{}, err
	}
	for i, f := range fields {
		if !utf8.ValidString(f) {
			line, _ := s.r.FieldPos(i)
			return record{}, &fieldError{line: line, field: i, msg: "invalid UTF-8; save the file as CSV UTF-8"}
		}
	}
	line, _ := s.r.FieldPos(0)
	return record{line: line, text: fields, raw: fields}, nil
}

// xlsxLimits bound what a workbook's first sheet may hold: rows are read
// one at a time, and the first row with a value past column IV or a cell
// longer than Excel allows is refused before any row after it is read. A
// portal export has a few dozen columns.
var xlsxLimits = tabular.Limits{Columns: 256, CellChars: tabular.MaxCellChars, Unzipped: maxUnzipped}

// xlsxSource serves the rows of a workbook's first sheet as it reads them.
type xlsxSource struct {
	file  string
	sheet *tabular.Sheet
}

// openXLSX opens the first sheet, read both as displayed, so that a code
// shown as "02490" keeps its leading zero, and raw, so that a date cell
// yields its serial number whatever its display format (a short format such
// as mm-dd-yy would be ambiguous).
func openXLSX(r io.Reader, file string) (source, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, readError(file, err)
	}
	sheet, err := tabular.OpenSheet(b, true, xlsxLimits)
	if err != nil {
		return nil, sheetError(file, err)
	}
	return &xlsxSource{file: file, sheet: sheet}, nil
}

func (s *xlsxSource) next() (record, error) {
	if s.sheet == nil {
		return record{}, io.EOF
	}
	line, text, raw, err := s.sheet.Next()
	if err != nil {
		// The workbook is released at the end or at the first error,
		// after which nothing more is read.
		s.sheet.Close()
		s.sheet = nil
		if err == io.EOF {
			return record{}, io.EOF
		}
		return record{}, sheetError(s.file, err)
	}
	return record{line: line, text: text, raw: raw, date1904: s.sheet.Date1904}, nil
}

// sheetError words a sheet reader's error for the command line; the web
// pages translate these words back (audit/procedures/fileerr.go).
func sheetError(file string, err error) *FileError {
	var te *tabular.Error
	if !errors.As(err, &te) {
		return fileErrorf(file, 0, "", "cannot read the XLSX workbook: %v", err)
	}
	switch te.Msg {
	case "import.too_many_columns":
		return fileErrorf(file, te.Line, te.Column, "a value past column %s, the last one read", te.Args[1])
	case "import.cell_too_long":
		return fileErrorf(file, te.Line, te.Column, "a cell longer than %d characters", te.Args[1])
	case "import.xlsx_too_large":
		return fileErrorf(file, 0, "", "the XLSX workbook unpacks to more than %d MiB", maxUnzipped>>20)
	case "import.empty":
		return fileErrorf(file, 0, "", "the XLSX workbook has no sheet")
	}
	if te.Cause != nil {
		return fileErrorf(file, te.Line, "", "cannot read the XLSX workbook: %v", te.Cause)
	}
	return fileErrorf(file, te.Line, "", "cannot read the XLSX workbook")
}

// columnLabel names a column for an error before or without a header name.
func columnLabel(names []string, i int) string {
	if i >= 0 && i < len(names) && names[i] != "" {
		return names[i]
	}
	if i < 0 {
		return ""
	}
	return "#" + strconv.Itoa(i+1)
}
