package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

// Config is the server's configuration, from flags over environment over
// defaults, validated once.
type Config struct {
	Addr string // CROSSAUDIT_ADDR, --addr
	DB   string // CROSSAUDIT_DB, --db
	Demo bool   // --demo
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parseServeConfig reads serve's flags. Bad arguments return an error that
// the caller reports with the usage line.
func parseServeConfig(args []string, stderr io.Writer) (Config, error) {
	cfg := Config{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.Addr, "addr", envOr("CROSSAUDIT_ADDR", "127.0.0.1:8080"), "address to listen on")
	fs.StringVar(&cfg.DB, "db", envOr("CROSSAUDIT_DB", "crossaudit.db"), "SQLite database file")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the demo district into an empty database")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, cfg.validate()
}

func (c Config) validate() error {
	if c.DB == "" {
		return errors.New("--db must name a file")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q is not host:port", c.Addr)
	}
	return nil
}

const serveUsage = "usage: crossaudit serve [--addr 127.0.0.1:8080] [--db crossaudit.db] [--demo]"
