// Command crossaudit is the one binary of CrossAudit: the web application
// (serve) and the tools the reform office runs from a terminal (user, assign,
// report, backup, reconcile).
//
// Every subcommand prints a usage line and exits 2 on bad arguments, and
// exits 1 with one readable line on stderr when it fails at run time.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes shared by every subcommand (CONTRACT.md).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const mainUsage = `usage: crossaudit <command> [flags]

commands:
  serve      run the web application and the API
  init       set up a real deployment: the organiser and the first admin
  user       manage users (user add)
  assign     compute a cross-assignment of units (no database)
  report     write an audit's report or a programme's summary as PDF
  reconcile  reconcile procedure catalogues (no database)
  backup     copy a live database, attachments included
  version    print the version`

// run dispatches to a subcommand. It never calls os.Exit so that tests can
// drive the whole command line in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, mainUsage)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "init":
		return runInit(ctx, args[1:], stdin, stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], stdin, stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "assign":
		return runAssign(args[1:], stdout, stderr)
	case "reconcile":
		return runReconcile(args[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "crossaudit", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, mainUsage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "crossaudit: unknown command %q\n%s\n", args[0], mainUsage)
		return exitUsage
	}
}
