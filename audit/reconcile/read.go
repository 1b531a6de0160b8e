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

	"github.com/xuri/excelize/v2"
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

// xlsxSource serves the rows of a workbook's first sheet from memory.
type xlsxSource struct {
	text, raw [][]string
	date1904  bool
	i         int
}

// openXLSX reads the first sheet twice: once as displayed, so that a code
// shown as "02490" keeps its leading zero, and once raw, so that a date cell
// yields its serial number whatever its display format (a short format such
// as mm-dd-yy would be ambiguous).
func openXLSX(r io.Reader, file string) (src source, err error) {
	// excelize parses untrusted uploads; a panic in it must become a bad
	// file, not a crashed server.
	defer func() {
		if p := recover(); p != nil {
			src, err = nil, fileErrorf(file, 0, "", "cannot read the XLSX workbook: %v", p)
		}
	}()
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, fileErrorf(file, 0, "", "cannot read the XLSX workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErrorf(file, 0, "", "the XLSX workbook has no sheet")
	}
	text, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fileErrorf(file, 0, "", "cannot read sheet %q: %v", sheets[0], err)
	}
	raw, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileErrorf(file, 0, "", "cannot read sheet %q: %v", sheets[0], err)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, fileErrorf(file, 0, "", "cannot read the XLSX workbook: %v", err)
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	return &xlsxSource{text: text, raw: raw, date1904: date1904}, nil
}

func (s *xlsxSource) next() (record, error) {
	if s.i >= len(s.text) {
		return record{}, io.EOF
	}
	// GetRows keeps blank rows in place, so the index gives the row number.
	rec := record{line: s.i + 1, text: s.text[s.i], date1904: s.date1904}
	if s.i < len(s.raw) {
		rec.raw = s.raw[s.i]
	}
	s.i++
	return rec, nil
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
