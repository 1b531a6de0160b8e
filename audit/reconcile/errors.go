package reconcile

import (
	"fmt"
	"strconv"
)

// FileError reports a problem with an input file: which file, where, and
// what is wrong. It is the only error type the readers return, so callers
// can show it to the person who supplied the file as it is.
type FileError struct {
	// File is the display name the caller gave the reader (a path or an
	// upload's file name).
	File string
	// Line is the file's line (or spreadsheet row), counting the header as
	// line 1 when the file starts with it; 0 when the problem concerns the
	// whole file.
	Line int
	// Column is the header name of the column concerned, empty when none.
	Column string
	// Msg says what is wrong, in a form fit for the end user.
	Msg string
}

// Error formats the error as `FILE line N, column C: MSG`, leaving out the
// parts that are unknown.
func (e *FileError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += " line " + strconv.Itoa(e.Line)
	}
	if e.Column != "" {
		if e.Line > 0 {
			s += ","
		}
		s += " column " + e.Column
	}
	return s + ": " + e.Msg
}

// fileErrorf builds a *FileError with a formatted message.
func fileErrorf(file string, line int, column, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}
