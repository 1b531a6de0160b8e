// Package webtest starts the application, or part of it, on a real SQLite
// file in a temporary directory and a real HTTP listener, and drives it the
// way a browser or an API client would: cookies, CSRF tokens, bearer tokens.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/idempotency"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// FastParams make password hashing cheap in tests.
var FastParams = auth.Params{Memory: 64, Time: 1, Threads: 1}

// Password is the password of every user made by App.User.
const Password = "correct horse battery"

// OpenDB opens a fresh, migrated database file in tb's temporary directory.
func OpenDB(tb testing.TB) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// App is a running application on a test server.
type App struct {
	TB     testing.TB
	DB     *db.DB
	Server *web.Server
	Router *web.Router
	Auth   *auth.Store
	HTTP   *httptest.Server
}

// Mounter registers a package's routes on the app.
type Mounter func(s *web.Server, r *web.Router, d *db.DB)

// New starts the security chain, identity and access, the units API, and
// whatever mounters add.
func New(tb testing.TB, mounts ...Mounter) *App {
	tb.Helper()
	return NewOn(tb, OpenDB(tb), mounts...)
}

// NewOn is New on a given database.
func NewOn(tb testing.TB, d *db.DB, mounts ...Mounter) *App {
	tb.Helper()
	var out io.Writer = io.Discard
	if os.Getenv("CROSSAUDIT_TEST_LOG") != "" {
		out = os.Stderr // to see why a request failed
	}
	log := slog.New(slog.NewTextHandler(out, nil))
	s, r, err := web.Boot(log)
	if err != nil {
		tb.Fatal(err)
	}
	// The gates of cmd/crossaudit's securityChain, in the same order, so
	// that a test app with a few mounts is guarded as the whole app is;
	// cmd/crossaudit's TestRouteGatesOfTheRunningApp checks they match.
	r.Install(
		web.NoStoreGate(),
		auth.SessionGate(d),
		auth.CSRFGate(),
		r.RulesGate(),
		org.DissolvedUnitGate(d, r),
		idempotency.Gate(d),
	)
	a := &App{TB: tb, DB: d, Server: s, Router: r}
	a.Auth = &auth.Store{DB: d, Params: FastParams}
	auth.Mount(s, r, a.Auth)
	(&org.Handler{Store: &org.Store{DB: d}}).Routes(r)
	for _, m := range mounts {
		m(s, r, d)
	}
	a.HTTP = httptest.NewServer(s.Echo)
	tb.Cleanup(a.HTTP.Close)
	return a
}

// Owner creates the owning organisation if there is none.
func (a *App) Owner() {
	a.TB.Helper()
	err := a.DB.Write(context.Background(), func(tx *db.Tx) error {
		_, err := org.EnsureOwner(tx, org.Owner{Name: "UBND huyện Thử Nghiệm", Place: "Thử Nghiệm"})
		return err
	})
	if err != nil {
		a.TB.Fatal(err)
	}
}

// Unit creates a unit (and the owner when needed).
func (a *App) Unit(code, name, cluster string) {
	a.TB.Helper()
	a.Owner()
	if _, err := (&org.Store{DB: a.DB}).CreateUnit(context.Background(), org.UnitInput{Code: code, Name: name, Cluster: cluster}); err != nil {
		a.TB.Fatal(err)
	}
}

// User creates an active user with Password.
func (a *App) User(username, role, unit string) *auth.User {
	a.TB.Helper()
	u, err := a.Auth.CreateUser(context.Background(), auth.UserInput{Username: username, Role: role, Unit: unit, Password: Password}, false)
	if err != nil {
		a.TB.Fatal(err)
	}
	return u
}

// Client is a browser-like or API client of the App.
type Client struct {
	App    *App
	HTTP   *http.Client
	CSRF   string
	Bearer string
	// Header is sent with every request, e.g. an X-Forwarded-For to play
	// a client behind a proxy.
	Header http.Header
}

// Anonymous returns a client with a cookie jar and no session.
func (a *App) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{App: a, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

// Page GETs a page and remembers its CSRF token.
func (c *Client) Page(path string) (int, string) {
	c.App.TB.Helper()
	resp, body := c.Do(http.MethodGet, path, nil)
	if m := csrfMeta.FindStringSubmatch(string(body)); m != nil {
		c.CSRF = m[1]
	}
	return resp.StatusCode, string(body)
}

// Login signs in through the sign-in form, as a browser does.
func (a *App) Login(username, password string) *Client {
	a.TB.Helper()
	c := a.Anonymous()
	if status := c.TryLogin(username, password); status != http.StatusSeeOther {
		a.TB.Fatalf("login %s: status %d", username, status)
	}
	c.Page("/password") // any signed-in page carries the session's token
	return c
}

// TryLogin posts the sign-in form and returns the status.
func (c *Client) TryLogin(username, password string) int {
	c.App.TB.Helper()
	c.Page("/login")
	resp, _ := c.Form("/login", url.Values{"username": {username}, "password": {password}})
	return resp.StatusCode
}

// Form posts a form with the client's CSRF token.
func (c *Client) Form(path string, v url.Values) (*http.Response, []byte) {
	c.App.TB.Helper()
	if v.Get("csrf") == "" && c.CSRF != "" {
		v.Set("csrf", c.CSRF)
	}
	req, err := http.NewRequest(http.MethodPost, c.App.HTTP.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		c.App.TB.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.send(req)
}

// Token signs in through POST /api/v1/tokens and returns a bearer client.
func (a *App) Token(username, password string) *Client {
	a.TB.Helper()
	resp, body := a.Anonymous().Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": username, "password": password})
	if resp.StatusCode != http.StatusCreated {
		a.TB.Fatalf("token for %s: %d %s", username, resp.StatusCode, body)
	}
	var out struct{ Token string }
	if err := json.Unmarshal(body, &out); err != nil {
		a.TB.Fatal(err)
	}
	c := a.Anonymous()
	c.Bearer = out.Token
	return c
}

// Do sends a request; a non-nil body is sent as JSON (or as is, for []byte).
func (c *Client) Do(method, path string, body any) (*http.Response, []byte) {
	c.App.TB.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.App.TB.Fatal(err)
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, c.App.HTTP.URL+path, rd)
	if err != nil {
		c.App.TB.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return c.send(req)
}

// Upload posts a multipart form with one file and extra fields.
func (c *Client) Upload(path, field, filename string, content []byte, extra map[string]string) (*http.Response, []byte) {
	c.App.TB.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range extra {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, filename)
	_, _ = fw.Write(content)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, c.App.HTTP.URL+path, &buf)
	if err != nil {
		c.App.TB.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

func (c *Client) send(req *http.Request) (*http.Response, []byte) {
	c.App.TB.Helper()
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	} else if c.CSRF != "" && req.Header.Get("X-CSRF-Token") == "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.App.TB.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.App.TB.Fatal(err)
	}
	return resp, b
}

// ErrorBody is the CONTRACT.md error shape.
type ErrorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Fields  map[string]any `json:"fields"`
		Allowed []string       `json:"allowed"`
	} `json:"error"`
}

// DecodeError parses an error body, failing the test when it is not one.
func DecodeError(tb testing.TB, body []byte) ErrorBody {
	tb.Helper()
	var e ErrorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		tb.Fatalf("not an error body: %s", body)
	}
	return e
}
