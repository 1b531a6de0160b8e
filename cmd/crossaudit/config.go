package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/crossaudit/crossaudit/internal/mail"
)

// Config is the server's configuration, from flags over environment over
// defaults, validated once.
type Config struct {
	Addr string // CROSSAUDIT_ADDR, --addr
	DB   string // CROSSAUDIT_DB, --db
	Demo bool   // --demo
	// SMTP is the server that e-mails the corrective-action reminders
	// (CROSSAUDIT_SMTP_ADDR, --smtp-addr; CROSSAUDIT_SMTP_FROM,
	// --smtp-from; CROSSAUDIT_SMTP_USER, --smtp-user; the password only
	// from CROSSAUDIT_SMTP_PASSWORD, so that it never shows in a process
	// list). No address: reminders go to the inbox only.
	SMTP mail.Config
	// RemindEvery is how often the reminder job looks for due dates
	// (CROSSAUDIT_REMIND_EVERY, --remind-every); it also runs at start.
	RemindEvery time.Duration
	// PublicURL is the address people reach the site at
	// (CROSSAUDIT_PUBLIC_URL, --public-url), printed with the QR code on
	// issued reports for verification. Empty: the issuing request's address.
	PublicURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For the
	// app believes (CROSSAUDIT_TRUSTED_PROXY, --trusted-proxy: IPs or CIDR
	// ranges, comma-separated). None: the connection's address is the
	// client's, whatever the headers say.
	TrustedProxies []*net.IPNet
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
	fs.StringVar(&cfg.SMTP.Addr, "smtp-addr", os.Getenv("CROSSAUDIT_SMTP_ADDR"), "SMTP server host:port for e-mailed reminders")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", os.Getenv("CROSSAUDIT_SMTP_FROM"), "sender address of e-mailed reminders")
	fs.StringVar(&cfg.SMTP.Username, "smtp-user", os.Getenv("CROSSAUDIT_SMTP_USER"), "SMTP user name (password from CROSSAUDIT_SMTP_PASSWORD)")
	cfg.SMTP.Password = os.Getenv("CROSSAUDIT_SMTP_PASSWORD")
	fs.StringVar(&cfg.PublicURL, "public-url", os.Getenv("CROSSAUDIT_PUBLIC_URL"), "public address printed on issued reports, e.g. https://iso.example.gov.vn")
	proxies := os.Getenv("CROSSAUDIT_TRUSTED_PROXY")
	fs.StringVar(&proxies, "trusted-proxy", proxies, "IPs or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed, comma-separated")
	every := envOr("CROSSAUDIT_REMIND_EVERY", "1h")
	fs.StringVar(&every, "remind-every", every, "how often reminders are sent")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	d, err := time.ParseDuration(every)
	if err != nil || d < time.Minute {
		return cfg, fmt.Errorf("--remind-every %q is not a duration of a minute or more", every)
	}
	cfg.RemindEvery = d
	if cfg.TrustedProxies, err = parseTrustedProxies(proxies); err != nil {
		return cfg, err
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
	if err := validPublicURL(c.PublicURL); err != nil {
		return err
	}
	return c.SMTP.Validate()
}

// validPublicURL accepts "" or an absolute http(s) address without query
// or fragment: it is printed on paper and encoded in a QR code, so it must
// be one a phone can open as it stands.
func validPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("--public-url %q is not an http(s) address such as https://iso.example.gov.vn", s)
	}
	return nil
}

const serveUsage = "usage: crossaudit serve [--addr 127.0.0.1:8080] [--db crossaudit.db] [--demo] [--smtp-addr HOST:PORT --smtp-from ADDR [--smtp-user U]] [--remind-every 1h] [--public-url https://HOST] [--trusted-proxy IP|CIDR,…]"
