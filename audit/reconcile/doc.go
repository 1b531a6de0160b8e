// Package reconcile compares the administrative procedures in force (the
// catalogue) with what each unit publishes on the public-service portal,
// configures on the electronic one-stop system and keeps as ISO processes,
// and reports the gaps per unit.
//
// The package is pure Go with no database: readers turn CSV or XLSX files
// into typed rows (ReadCatalogue, ReadListings, ReadProcesses), and
// Reconcile turns rows into a Report. The command line (crossaudit
// reconcile) and the web app's upload share both halves.
//
// # Files
//
// Every file has a header row whose column names are matched ignoring case
// and surrounding spaces, in any order; extra columns are ignored. The
// header is the first non-blank row that holds every required column,
// looked for among the first few rows, so that a title row above the table
// (common in spreadsheets from government offices) does not break the
// import. Blank rows are skipped. Line numbers are the file's own lines (the
// spreadsheet's row numbers for XLSX), so the header is line 1 in a file
// that starts with it.
//
// A file is XLSX when it starts with the ZIP signature (the first sheet is
// read); otherwise it is CSV in UTF-8, with or without a byte-order mark,
// separated by commas, or by semicolons or tabs when the header line holds
// more of those (Excel saves semicolon-separated CSV under a Vietnamese
// locale). Text is trimmed and normalised to NFC.
//
// Dates are dd/mm/yyyy (also d/m/yyyy, with '-' or '.' as separator),
// ISO yyyy-mm-dd, or Excel serial numbers in the 1900 date system.
//
// # Matching by name
//
// A per-unit row with an empty code is matched to the catalogue by name,
// ignoring case, diacritics (đ counts as d) and runs of spaces. Only an
// exact match of the folded name counts: "Đăng ký lại khai sinh" never
// matches "Đăng ký khai sinh". A name that matches no procedure is reported
// under unmatched_by_name, and a name shared by several procedures of the
// catalogue under ambiguous_by_name; neither counts as the unit having any
// procedure, since guessing would hide a gap.
package reconcile
