package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

const initUsage = "usage: crossaudit init --db F --organisation NAME --place PLACE [--parent PARENT] --admin USERNAME  (the admin's password on stdin, one line)"

// runInit sets up a real deployment in one step, for scripted installs:
// it creates and migrates the database, declares the organiser and creates
// the first admin, all or nothing. On a database whose organiser is
// already declared it changes nothing and exits 1.
func runInit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", envOr("CROSSAUDIT_DB", "crossaudit.db"), "database")
	var p org.Profile
	fs.StringVar(&p.Name, "organisation", "", "the organiser's name as in a letterhead")
	fs.StringVar(&p.Place, "place", "", "the place name of the date line")
	fs.StringVar(&p.Parent, "parent", "", "the parent body")
	admin := auth.UserInput{}
	fs.StringVar(&admin.Username, "admin", "", "the first admin's username")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || p.Name == "" || p.Place == "" || admin.Username == "" {
		fmt.Fprintln(stderr, initUsage)
		return exitUsage
	}
	if stdinIsTerminal() {
		fmt.Fprint(stderr, "password of "+admin.Username+": ")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(stderr, "crossaudit init: no password on stdin")
		return exitUsage
	}
	admin.Password = strings.TrimRight(line, "\r\n")
	fail := func(err error) int {
		fmt.Fprintf(stderr, "crossaudit init: %s\n", describe(err))
		return exitFailure
	}
	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	// The clauses and the built-in checklist, as serve seeds them.
	if err := checklist.Seed(ctx, d); err != nil {
		return fail(err)
	}
	u, err := (&auth.Store{DB: d, Params: auth.DefaultParams}).SetUp(ctx, p, admin)
	if err != nil {
		return fail(err)
	}
	prof, err := (&org.Store{DB: d}).Profile(ctx)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "initialised %s: organiser %q (%s), admin %s\n", *dbPath, prof.Name, prof.Place, u.Username)
	return exitOK
}
