package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

const userUsage = "usage: crossaudit user add --db F --username U --role admin|office|auditor|auditee [--unit CODE] [--name 'Display name']  (password on stdin, one line)"

// runUser creates a user while a server may run on the same database: the
// writer's busy timeout waits for the server's short transactions.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, userUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", envOr("CROSSAUDIT_DB", "crossaudit.db"), "database")
	in := auth.UserInput{}
	fs.StringVar(&in.Username, "username", "", "username")
	fs.StringVar(&in.Role, "role", "", "role")
	fs.StringVar(&in.Unit, "unit", "", "unit code")
	fs.StringVar(&in.DisplayName, "name", "", "display name")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 || in.Username == "" || in.Role == "" {
		fmt.Fprintln(stderr, userUsage)
		return exitUsage
	}
	if stdinIsTerminal() {
		fmt.Fprint(stderr, "password: ")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(stderr, "crossaudit user add: no password on stdin")
		return exitUsage
	}
	in.Password = strings.TrimRight(line, "\r\n")
	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "crossaudit user add: %v\n", err)
		return exitFailure
	}
	defer d.Close()
	store := &auth.Store{DB: d, Params: auth.DefaultParams}
	u, err := store.CreateUser(ctx, in, false)
	if err != nil {
		fmt.Fprintf(stderr, "crossaudit user add: %s\n", describe(err))
		return exitFailure
	}
	fmt.Fprintf(stdout, "created %s (%s)\n", u.Username, u.Role)
	return exitOK
}

// describe renders an application error as one English line for a terminal.
func describe(err error) string {
	e := apperr.As(err)
	if e.Kind == apperr.Internal {
		return err.Error()
	}
	cat := i18n.MustLoad()
	s := cat.Msg(i18n.EN, e.Message)
	for k, m := range e.Fields {
		s += fmt.Sprintf(" %s: %s", k, cat.Msg(i18n.EN, m))
	}
	return s
}
