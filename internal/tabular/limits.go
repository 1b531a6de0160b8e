package tabular

// Bounds on what an import takes in. They are checked while the file is
// read, row by row, so that no file, however it is built, makes the server
// hold more than they allow: a sheet is refused at the first row past a
// bound, before the rows after it are looked at.
//
// A few kilobytes of XLSX can describe a million rows, or one cell in
// column XFD (16 384) on every row; read whole, such a file took gigabytes.
// With these bounds the rows kept are at most MaxRows × MaxColumns cells
// and MaxTableBytes of text, and the workbook itself unpacks to at most
// maxXLSXTotal, so one import stays under about 256 MiB whatever it holds.
const (
	// MaxRows is the most data rows a file may have: the country's
	// communes (about 10 600 before the 2025 reorganisation) fit twice.
	MaxRows = 20_000
	// MaxColumns is the last column that may hold a value (column BL);
	// the widest import has a dozen columns.
	MaxColumns = 64
	// MaxCellChars is the longest cell, in characters: Excel's own limit.
	MaxCellChars = 32_767
	// MaxTableBytes bounds the text kept of all the cells together.
	MaxTableBytes = 32 << 20
	// MaxFileSize bounds the file itself (an upload is 10 MB at most).
	MaxFileSize = 16 << 20
	// maxCSVRecord bounds one CSV record, in bytes, before it is parsed,
	// and maxCSVFields its fields (empty ones included): Excel's column
	// count, which a CSV saved from a sheet with a stray cell may reach.
	maxCSVRecord = 1 << 20
	maxCSVFields = 16_384
)

// Limits bound a streaming read of a sheet: the last column that may hold
// a value, the longest cell in characters and, when not zero, what the
// whole workbook may unpack to (each part and all together; by default
// 64 MiB a part, 16 MiB of shared strings and 128 MiB in all).
type Limits struct {
	Columns   int
	CellChars int
	Unzipped  uint64
}

// DefaultLimits are the bounds of Read.
var DefaultLimits = Limits{Columns: MaxColumns, CellChars: MaxCellChars}
