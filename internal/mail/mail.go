// Package mail sends plain-text e-mail through an SMTP server with the
// standard library's net/smtp: the corrective-action reminders go to a
// unit's mailbox as well as its inbox when a server is configured.
package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Config names the SMTP server. An empty Addr means no e-mail is sent.
type Config struct {
	Addr     string // host:port, e.g. smtp.example.gov.vn:587
	From     string // the sender's address
	Username string // for PLAIN authentication; none when empty
	Password string
}

// Enabled reports whether a server is configured.
func (c Config) Enabled() bool { return c.Addr != "" }

// Validate checks the configuration once, at start-up.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--smtp-addr %q is not host:port", c.Addr)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("--smtp-from %q is not an e-mail address", c.From)
	}
	return nil
}

// Message is one e-mail.
type Message struct {
	To      []string
	Subject string
	Body    string
}

// Sender sends messages; Config is the real one, tests may fake it.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// sendTimeout bounds one delivery, so that a server that hangs cannot
// hold up the reminder job.
const sendTimeout = 30 * time.Second

// Send delivers m through the configured server. STARTTLS is used when the
// server offers it (net/smtp does so); PLAIN authentication, when a user
// name is set, needs TLS or a server on localhost.
func (c Config) Send(ctx context.Context, m Message) error {
	if !c.Enabled() {
		return errors.New("mail: no SMTP server configured")
	}
	if len(m.To) == 0 {
		return nil
	}
	for _, to := range m.To {
		if _, err := mail.ParseAddress(to); err != nil {
			return fmt.Errorf("mail: recipient %q: %w", to, err)
		}
	}
	var auth smtp.Auth
	if c.Username != "" {
		host, _, _ := net.SplitHostPort(c.Addr)
		auth = smtp.PlainAuth("", c.Username, c.Password, host)
	}
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(c.Addr, auth, c.From, m.To, c.compose(m)) }()
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("mail: send to %s: %w", strings.Join(m.To, ", "), err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mail: send to %s: %w", strings.Join(m.To, ", "), ctx.Err())
	}
}

// compose writes the message with UTF-8 headers and body: Vietnamese text
// in the subject is encoded as RFC 2047 words and the body in base64, which
// keeps every line short whatever the text.
func (c Config) compose(m Message) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", c.From)
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(m.To, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(wrapBase64(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	return b.Bytes()
}

// wrapBase64 encodes s in base64 lines of 76 characters (RFC 2045).
func wrapBase64(s string) string {
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}
