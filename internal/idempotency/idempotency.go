// Package idempotency lets a client send an import again without importing
// twice. An import whose answer was lost (the server crashed at commit, the
// connection dropped, the office clicked twice) used to be imported again
// when retried: a second checklist, a second batch of users. A request that
// carries an Idempotency-Key header (or, from the import pages, the hidden
// form field idempotency_key) is remembered per user, route and key for a
// day, and a repeat answers the first answer instead of running again.
package idempotency

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The names a client uses.
const (
	Header    = "Idempotency-Key"
	FormField = "idempotency_key"
	// ReplayedHeader is set on an answer that repeats the first one.
	ReplayedHeader = "Idempotent-Replayed"
)

// GateName is the name of the gate in the security chain.
const GateName = "idempotency"

// TTL is how long a key is remembered.
const TTL = 24 * time.Hour

// maxBody bounds the answer kept: imports answer a short JSON object or a
// page; a larger answer is sent but not kept (the key is then forgotten).
const maxBody = 1 << 20

// boot tells this process's unfinished requests from a dead process's.
var boot = func() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

// Gate is the gate that applies keys to the import routes (IsImport). It
// needs the signed-in user and runs after the route rules, so that only a
// request allowed to import is remembered.
func Gate(d *db.DB) web.Gate {
	s := &store{d: d}
	return web.Gate{Name: GateName, Middleware: s.middleware}
}

// IsImport reports whether a route is an import: a POST whose path has an
// "import" segment (/api/v1/checklists/import, /procedures/import/:what…).
// Every import of the product is named so; a test lists them.
func IsImport(method, routePath string) bool {
	if method != http.MethodPost {
		return false
	}
	for _, seg := range strings.Split(routePath, "/") {
		if seg == "import" {
			return true
		}
	}
	return false
}

// ValidKey reports whether a key can be stored as it is: 8 to 128 letters,
// digits and - _ . : (a UUID fits).
func ValidKey(k string) bool {
	if len(k) < 8 || len(k) > 128 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)) {
			return false
		}
	}
	return true
}

// keyOf returns the request's key: the header, else the form field of a
// page's form.
func keyOf(c echo.Context) string {
	if k := c.Request().Header.Get(Header); k != "" {
		return k
	}
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if strings.HasPrefix(ct, echo.MIMEMultipartForm) || strings.HasPrefix(ct, echo.MIMEApplicationForm) {
		return c.FormValue(FormField)
	}
	return ""
}

// answer is a kept answer; status 0 while the first request runs.
type answer struct {
	status      int
	contentType string
	location    string
	body        []byte
	boot        string
}

type store struct{ d *db.DB }

func (s *store) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !IsImport(c.Request().Method, c.Path()) {
			return next(c)
		}
		key := keyOf(c)
		v := web.ViewerOf(c)
		if key == "" || v == nil {
			return next(c)
		}
		if !ValidKey(key) {
			return apperr.InvalidFields(map[string]apperr.Msg{FormField: apperr.M("error.idempotency_key")})
		}
		route := c.Request().Method + " " + c.Request().URL.Path
		ctx := context.WithoutCancel(c.Request().Context()) // kept even if the client goes away
		prev, found, err := s.claim(ctx, v.UserID, route, key)
		if err != nil {
			return err
		}
		if found {
			return replay(c, prev)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		done := false
		defer func() {
			if !done { // an error, a refusal or a panic: the key may be used again
				s.release(ctx, v.UserID, route, key)
			}
		}()
		err = next(c)
		res := c.Response()
		if err != nil || !res.Committed || res.Status >= 400 || rec.over {
			return err
		}
		a := answer{status: res.Status, contentType: res.Header().Get(echo.HeaderContentType),
			location: res.Header().Get(echo.HeaderLocation), body: rec.buf.Bytes()}
		if err := s.complete(ctx, v.UserID, route, key, a); err != nil {
			web.Logger(c).Error("idempotency: keep the answer", "err", err)
			return nil // the import is done and answered; only the key is lost
		}
		done = true
		return nil
	}
}

// claim returns the kept answer of the key, or records that the request
// runs now. Keys older than TTL are forgotten on the way.
func (s *store) claim(ctx context.Context, user int64, route, key string) (answer, bool, error) {
	var a answer
	found := false
	err := s.d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(`DELETE FROM idempotency_keys WHERE created_at < ?`, db.FormatTime(tx.Now.Add(-TTL))); err != nil {
			return err
		}
		var status sql.NullInt64
		err := tx.QueryRow(`SELECT status, content_type, location, body, boot FROM idempotency_keys
			WHERE user_id = ? AND route = ? AND key = ?`, user, route, key).Scan(&status, &a.contentType, &a.location, &a.body, &a.boot)
		switch {
		case err == nil:
			a.status, found = int(status.Int64), true
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.Exec(`INSERT INTO idempotency_keys (user_id, route, key, boot, created_at) VALUES (?, ?, ?, ?, ?)`,
			user, route, key, boot, db.FormatTime(tx.Now))
		return err
	})
	if err != nil {
		return answer{}, false, apperr.Wrap(err)
	}
	return a, found, nil
}

func (s *store) complete(ctx context.Context, user int64, route, key string, a answer) error {
	return s.d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(`UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?
			WHERE user_id = ? AND route = ? AND key = ?`, a.status, a.contentType, a.location, a.body, user, route, key)
		return err
	})
}

func (s *store) release(ctx context.Context, user int64, route, key string) {
	_ = s.d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(`DELETE FROM idempotency_keys WHERE user_id = ? AND route = ? AND key = ? AND status IS NULL`, user, route, key)
		return err
	})
}

// replay answers the kept answer, or 409 when there is none yet: the first
// request still runs, or it never finished because the server stopped, in
// which case nobody knows whether it was imported and the user must look
// before sending it again under a new key.
func replay(c echo.Context, a answer) error {
	if a.status == 0 {
		code, msg := "idempotency_in_progress", "error.idempotency_in_progress"
		if a.boot != boot {
			code, msg = "idempotency_unfinished", "error.idempotency_unfinished"
		}
		return apperr.New(apperr.Conflict, code, apperr.M(msg))
	}
	h := c.Response().Header()
	h.Set(ReplayedHeader, "true")
	if a.location != "" {
		h.Set(echo.HeaderLocation, a.location)
	}
	if a.contentType != "" {
		h.Set(echo.HeaderContentType, a.contentType)
	}
	c.Response().WriteHeader(a.status)
	_, err := c.Response().Write(a.body)
	return err
}

// recorder keeps a copy of what the handler writes, up to maxBody.
type recorder struct {
	http.ResponseWriter
	buf  bytes.Buffer
	over bool
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.over {
		if r.buf.Len()+len(b) > maxBody {
			r.over = true
			r.buf.Reset()
		} else {
			r.buf.Write(b)
		}
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
