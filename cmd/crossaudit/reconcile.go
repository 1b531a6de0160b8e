package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

const reconcileUsage = "usage: crossaudit reconcile --catalogue FILE --portal FILE --onestop FILE [--processes FILE]"

// runReconcile reads the catalogue and the per-unit lists, reconciles them
// and prints the report as JSON. A bad file or bad arguments exit 2 with one
// line naming the file, line and column; only a failure to write the output
// exits 1.
func runReconcile(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, reconcileUsage)
		fs.PrintDefaults()
	}
	catalogue := fs.String("catalogue", "", "procedures in force: code,name,field,level,effective_date (CSV or XLSX)")
	portal := fs.String("portal", "", "published on the portal: unit,code,name (CSV or XLSX)")
	onestop := fs.String("onestop", "", "configured on the one-stop system: unit,code,name (CSV or XLSX)")
	processes := fs.String("processes", "", "optional ISO processes: unit,code,process_code,version,effective_date (CSV or XLSX)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reconcile: unexpected argument %q\n%s\n", fs.Arg(0), reconcileUsage)
		return exitUsage
	}
	for _, f := range []struct{ flag, value string }{{"catalogue", *catalogue}, {"portal", *portal}, {"onestop", *onestop}} {
		if f.value == "" {
			fmt.Fprintf(stderr, "reconcile: --%s is required\n%s\n", f.flag, reconcileUsage)
			return exitUsage
		}
	}
	in, err := readReconcileInput(*catalogue, *portal, *onestop, *processes)
	if err != nil {
		// Every reading error is the user's file: a usage problem, exit 2.
		fmt.Fprintf(stderr, "reconcile: %v\n", err)
		return exitUsage
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // procedure names may hold & or <, keep them readable
	if err := enc.Encode(reconcile.Reconcile(in)); err != nil {
		fmt.Fprintf(stderr, "reconcile: writing the report: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// readReconcileInput reads the files named on the command line; processes
// may be empty. Errors are *reconcile.FileError.
func readReconcileInput(catalogue, portal, onestop, processes string) (reconcile.Input, error) {
	var in reconcile.Input
	var err error
	if in.Catalogue, err = readReconcileFile(catalogue, reconcile.ReadCatalogue); err != nil {
		return in, err
	}
	if in.Portal, err = readReconcileFile(portal, reconcile.ReadListings); err != nil {
		return in, err
	}
	if in.OneStop, err = readReconcileFile(onestop, reconcile.ReadListings); err != nil {
		return in, err
	}
	if processes != "" {
		in.HasProcesses = true
		if in.Processes, err = readReconcileFile(processes, reconcile.ReadProcesses); err != nil {
			return in, err
		}
	}
	return in, nil
}

// readReconcileFile opens path and reads it with read, naming the file as given on
// the command line in errors.
func readReconcileFile[T any](path string, read func(io.Reader, string) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		// The path error repeats the file name; keep only the reason.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &reconcile.FileError{File: path, Msg: "cannot open: " + err.Error()}
	}
	defer f.Close()
	return read(f, path)
}
