package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/reports"
)

const reportUsage = `usage: crossaudit report audit --db F --audit ID -o OUT.pdf
       crossaudit report programme --db F --programme ID -o OUT.pdf`

// runReport writes an audit's report (the stored bytes once issued, a
// draft before) or a programme's summary to a PDF file. It reads only, so
// it may run while a server uses the database.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "audit" && args[0] != "programme") {
		fmt.Fprintln(stderr, reportUsage)
		return exitUsage
	}
	kind := args[0]
	fs := flag.NewFlagSet("report "+kind, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", envOr("CROSSAUDIT_DB", "crossaudit.db"), "database")
	out := fs.String("o", "", "output PDF")
	var id int64
	fs.Int64Var(&id, kind, 0, "id")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 || *out == "" || id <= 0 {
		fmt.Fprintln(stderr, reportUsage)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "crossaudit report %s: %s\n", kind, describe(err))
		return exitFailure
	}
	// Opening creates a missing file; a report of a database that does not
	// exist is a mistake in the path.
	if _, err := os.Stat(*dbPath); err != nil {
		return fail(fmt.Errorf("no database at %s", *dbPath))
	}
	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	var pdf []byte
	if kind == "audit" {
		pdf, err = reports.AuditFile(ctx, newStores(d).findings, id)
	} else {
		pdf, err = reports.ProgrammeFile(ctx, newStores(d).findings, id)
	}
	if err != nil {
		return fail(err)
	}
	if err := writeFile(*out, pdf); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, len(pdf))
	return exitOK
}

// writeFile writes through a temporary file and a rename, so that a
// failure never leaves half a PDF under the name asked for.
func writeFile(name string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".crossaudit-*.pdf")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
