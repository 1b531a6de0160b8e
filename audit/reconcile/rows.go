package reconcile

import (
	"io"
	"time"
)

// Procedure is one administrative procedure in force, as listed in the
// catalogue.
type Procedure struct {
	Code  string // the procedure's code in the national database, unique in a catalogue
	Name  string
	Field string // the field (lĩnh vực) it belongs to
	Level string // the tier that resolves it (commune, province…)
	// LegalBasis is the document that announced the procedure, from the
	// optional legal_basis column; "" when the file has none.
	LegalBasis string
	// EffectiveDate is the day the procedure's current version took effect,
	// at midnight UTC.
	EffectiveDate time.Time
	Line          int // the row's line in its file; 0 when not read from a file
}

// Listing is a procedure as one unit lists it on the public-service portal
// or on the electronic one-stop system. Code may be empty, in which case the
// procedure is found by Name.
type Listing struct {
	Unit string
	Code string
	Name string
	Line int // the row's line in its file; 0 when not read from a file
}

// Process is the ISO process a unit keeps for a procedure. Code may be empty
// when the file has a name column, in which case the procedure is found by
// Name.
type Process struct {
	Unit        string
	Code        string
	Name        string // optional column, used only when Code is empty
	ProcessCode string
	Version     string
	// EffectiveDate is the day this version of the process took effect, at
	// midnight UTC.
	EffectiveDate time.Time
	Line          int // the row's line in its file; 0 when not read from a file
}

// Column names of the files (CONTRACT.md, "reconcile files").
var (
	catalogueColumns  = []string{"code", "name", "field", "level", "effective_date"}
	catalogueOptional = []string{"legal_basis"}
	listingColumns    = []string{"unit", "code", "name"}
	processColumns    = []string{"unit", "code", "process_code", "version", "effective_date"}
	processOptional   = []string{"name"}
)

// ReadCatalogue reads the catalogue of procedures in force from a CSV or
// XLSX file with the columns code, name, field, level and effective_date,
// and optionally legal_basis. name is the file's display name, used in
// errors. Every problem (a missing column, an empty code or name, a
// duplicate code, an unreadable date, a file that is not CSV or XLSX) is a
// *FileError.
func ReadCatalogue(r io.Reader, name string) ([]Procedure, error) {
	t, err := openTable(r, name, catalogueColumns, catalogueOptional)
	if err != nil {
		return nil, err
	}
	procs := []Procedure{}
	firstLine := map[string]int{}
	for {
		row, err := t.next()
		if err == io.EOF {
			return procs, nil
		}
		if err != nil {
			return nil, err
		}
		p, err := readProcedure(row)
		if err != nil {
			return nil, err
		}
		if prev, dup := firstLine[p.Code]; dup {
			return nil, row.errorf("code", "duplicate code %q (first on line %d)", p.Code, prev)
		}
		firstLine[p.Code] = p.Line
		procs = append(procs, p)
	}
}

// readProcedure reads one catalogue row.
func readProcedure(row row) (Procedure, error) {
	p := Procedure{
		Code:  row.text("code"),
		Name:  row.text("name"),
		Field: row.text("field"),
		Level: row.text("level"),
		Line:  row.line(),
		// An absent optional column reads as "".
		LegalBasis: row.text("legal_basis"),
	}
	if p.Code == "" {
		return p, row.errorf("code", "empty code")
	}
	if p.Name == "" {
		return p, row.errorf("name", "empty name")
	}
	var err error
	p.EffectiveDate, err = row.date("effective_date")
	return p, err
}

// ReadListings reads what units publish on the portal or configure on the
// one-stop system, from a CSV or XLSX file with the columns unit, code and
// name. A row needs a unit and a code or a name. Errors are *FileError.
func ReadListings(r io.Reader, name string) ([]Listing, error) {
	t, err := openTable(r, name, listingColumns, nil)
	if err != nil {
		return nil, err
	}
	list := []Listing{}
	for {
		row, err := t.next()
		if err == io.EOF {
			return list, nil
		}
		if err != nil {
			return nil, err
		}
		l := Listing{Unit: row.text("unit"), Code: row.text("code"), Name: row.text("name"), Line: row.line()}
		if l.Unit == "" {
			return nil, row.errorf("unit", "empty unit")
		}
		if l.Code == "" && l.Name == "" {
			return nil, row.errorf("code", "empty code and name: nothing to match")
		}
		list = append(list, l)
	}
}

// ReadProcesses reads the ISO processes units keep, from a CSV or XLSX file
// with the columns unit, code, process_code, version and effective_date,
// and optionally name (used to match a row whose code is empty). Errors are
// *FileError.
func ReadProcesses(r io.Reader, name string) ([]Process, error) {
	t, err := openTable(r, name, processColumns, processOptional)
	if err != nil {
		return nil, err
	}
	procs := []Process{}
	for {
		row, err := t.next()
		if err == io.EOF {
			return procs, nil
		}
		if err != nil {
			return nil, err
		}
		p, err := readProcess(row)
		if err != nil {
			return nil, err
		}
		procs = append(procs, p)
	}
}

// readProcess reads one process row.
func readProcess(row row) (Process, error) {
	p := Process{
		Unit:        row.text("unit"),
		Code:        row.text("code"),
		Name:        row.text("name"),
		ProcessCode: row.text("process_code"),
		Version:     row.text("version"),
		Line:        row.line(),
	}
	if p.Unit == "" {
		return p, row.errorf("unit", "empty unit")
	}
	if p.Code == "" && p.Name == "" {
		return p, row.errorf("code", "empty code and no name to match by")
	}
	var err error
	p.EffectiveDate, err = row.date("effective_date")
	return p, err
}
