package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/crossaudit/crossaudit/internal/db"
)

const backupUsage = "usage: crossaudit backup --db F -o OUT.db"

// runBackup copies a live database, attachments included, into a new file
// (CONTRACT.md). It works while a server writes to the same database.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	src := fs.String("db", envOr("CROSSAUDIT_DB", "crossaudit.db"), "database")
	out := fs.String("o", "", "output file")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *out == "" || *src == "" {
		fmt.Fprintln(stderr, backupUsage)
		return exitUsage
	}
	info, err := db.Backup(ctx, *src, *out)
	if err != nil {
		fmt.Fprintf(stderr, "crossaudit backup: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "backup written to %s: %d bytes, schema version %d, %d attachments\n",
		info.Path, info.Bytes, info.SchemaVersion, info.Attachments)
	return exitOK
}
