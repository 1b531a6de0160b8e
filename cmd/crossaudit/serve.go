package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

// shutdownTimeout bounds how long requests in flight may finish after
// SIGINT or SIGTERM.
const shutdownTimeout = 15 * time.Second

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeConfig(args, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "crossaudit serve: %v\n%s\n", err, serveUsage)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := serve(ctx, cfg, log, stdout); err != nil {
		fmt.Fprintf(stderr, "crossaudit serve: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// serve opens and migrates the database, loads the demo when asked, and only
// then listens, so that /healthz answers once all that is done.
func serve(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	// The clauses and the built-in checklist, at every start; a no-op once there.
	if err := checklist.Seed(ctx, d); err != nil {
		return err
	}
	st := newStores(d)
	if cfg.Demo {
		if err := demo.Load(ctx, st.findings, stdout); err != nil {
			return err
		}
	}
	a, err := newApp(st, log, settings{params: auth.DefaultParams, publicURL: cfg.PublicURL, trustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}
	// Scheduled unit changes whose day has come: before serving, then with
	// the reminders' period.
	sched := &org.Scheduler{DB: d, Log: log, Followers: []org.Follower{auth.FollowMerger, findings.FollowMerger}}
	if err := sched.RunOnce(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// The background jobs write; they are stopped and waited for before the
	// deferred Close, so that none writes into a closing database.
	bg, stop := context.WithCancel(ctx)
	var jobs sync.WaitGroup
	defer func() { stop(); jobs.Wait() }()
	jobs.Go(func() { reminders(st, cfg, log).Run(bg, cfg.RemindEvery) })
	jobs.Go(func() { sched.Run(bg, cfg.RemindEvery) })
	if !cfg.Demo {
		if err := armSetup(ctx, a, st, ln.Addr().String(), stdout); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: a.server.Echo, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("listening", "addr", ln.Addr().String(), "db", cfg.DB)
	fmt.Fprintf(stdout, "CrossAudit is running at http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// reminders is the corrective-action reminder job: inbox notices, and
// e-mail when an SMTP server is configured.
func reminders(st *stores, cfg Config, log *slog.Logger) *findings.Reminders {
	r := &findings.Reminders{Findings: st.findings, Log: log}
	if cfg.SMTP.Enabled() {
		r.Mail = cfg.SMTP
	}
	return r
}

// stdinIsTerminal reports whether stdin is a terminal, to prompt for a password.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// armSetup arms the one-time setup page on a database whose organiser is
// not declared yet and prints its address, with the code, on the console
// only: whoever can read the server's console may set it up.
func armSetup(ctx context.Context, a *app, st *stores, addr string, stdout io.Writer) error {
	declared, err := st.units.HasOwner(ctx)
	if err != nil || declared {
		return err
	}
	code := auth.NewSetupCode()
	a.setup.Arm(code)
	fmt.Fprintf(stdout, "CrossAudit is not set up yet: open http://%s/setup?code=%s to declare the organiser and the first administrator (or run crossaudit init)\n", addr, code)
	return nil
}
