package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/crossaudit/crossaudit/audit/assign"
)

const assignUsage = "usage: crossaudit assign --units FILE [--history FILE] [--forbid FILE] [--per-unit K] [--seed N] [--clusters any|within|across]"

// runAssign reads the units, history and forbidden pairs, computes the
// assignment of one round and prints it as JSON. Bad arguments and bad
// files exit 2 with one line naming the file and line; an instance without
// any assignment exits 1 with the reason; rows naming unknown units are
// skipped with a warning.
func runAssign(args []string, stdout, stderr io.Writer) int {
	files, p, code := parseAssignArgs(args, stderr)
	if code >= 0 {
		return code
	}
	if err := readAssignFiles(files, &p, stderr); err != nil {
		// Every reading error is about the user's file: a usage problem.
		fmt.Fprintf(stderr, "assign: %v\n", err)
		return exitUsage
	}
	res, err := assign.Solve(p)
	if err != nil {
		// An *assign.InfeasibleError reads "no assignment is possible: …".
		fmt.Fprintf(stderr, "assign: %v\n", err)
		return exitFailure
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintf(stderr, "assign: writing the assignment: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// assignFiles are the paths given on the command line; history and forbid
// may be empty.
type assignFiles struct{ units, history, forbid string }

// parseAssignArgs reads the flags into the files to read and a Problem
// without units. It returns -1 to go on, or the exit code.
func parseAssignArgs(args []string, stderr io.Writer) (assignFiles, assign.Problem, int) {
	var files assignFiles
	var p assign.Problem
	flags := flag.NewFlagSet("assign", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(stderr, assignUsage)
		flags.PrintDefaults()
	}
	flags.StringVar(&files.units, "units", "", "units: code,name,cluster (CSV)")
	flags.StringVar(&files.history, "history", "", "pairs of earlier rounds: round,auditor,auditee (CSV)")
	flags.StringVar(&files.forbid, "forbid", "", "pairs never to assign: auditor,auditee (CSV)")
	perUnit := flags.String("per-unit", "1", "K: units each unit audits, and is audited by")
	seed := flags.String("seed", "0", "seed of the random choices; the same seed gives the same assignment")
	clusters := flags.String("clusters", "any", "any, within (pairs inside a cluster) or across (pairs between clusters)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return files, p, exitOK
		}
		return files, p, exitUsage
	}
	var err error
	switch {
	case flags.NArg() > 0:
		return files, p, assignUsageError(stderr, "unexpected argument %q", flags.Arg(0))
	case files.units == "":
		return files, p, assignUsageError(stderr, "--units is required")
	}
	if p.PerUnit, err = strconv.Atoi(*perUnit); err != nil || p.PerUnit < 1 {
		return files, p, assignUsageError(stderr, "--per-unit must be a whole number of at least 1, not %q", *perUnit)
	}
	if p.Seed, err = parseSeed(*seed); err != nil {
		return files, p, assignUsageError(stderr, "--seed must be a whole number, not %q", *seed)
	}
	if p.Clusters, err = assign.ParseClusterMode(*clusters); err != nil || *clusters == "" {
		return files, p, assignUsageError(stderr, "--clusters must be any, within or across, not %q", *clusters)
	}
	return files, p, -1
}

// parseSeed accepts any 64-bit integer; a negative one keeps its bits.
func parseSeed(s string) (uint64, error) {
	if u, err := strconv.ParseUint(s, 10, 64); err == nil {
		return u, nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return uint64(i), err
}

func assignUsageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "assign: "+format+"\n%s\n", append(args, assignUsage)...)
	return exitUsage
}

// readAssignFiles fills the units, history and forbidden pairs of p, and
// prints a warning for every row it skips.
func readAssignFiles(files assignFiles, p *assign.Problem, stderr io.Writer) error {
	err := readAssignFile(files.units, func(r io.Reader) (err error) {
		p.Units, err = assign.ReadUnits(r, files.units)
		return err
	})
	if err != nil {
		return err
	}
	var warnings []string
	if files.history != "" {
		err = readAssignFile(files.history, func(r io.Reader) (err error) {
			var w []string
			p.History, w, err = assign.ReadHistory(r, files.history, p.Units)
			warnings = append(warnings, w...)
			return err
		})
	}
	if err == nil && files.forbid != "" {
		err = readAssignFile(files.forbid, func(r io.Reader) (err error) {
			var w []string
			p.Forbidden, w, err = assign.ReadForbidden(r, files.forbid, p.Units)
			warnings = append(warnings, w...)
			return err
		})
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "assign: warning: %s\n", w)
	}
	return err
}

// readAssignFile opens path and hands it to read.
func readAssignFile(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	return read(f)
}
