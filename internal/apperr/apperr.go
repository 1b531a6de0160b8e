// Package apperr defines the typed application errors that every layer of
// CrossAudit returns, and that only the HTTP layer turns into statuses.
//
// An error carries a Kind (which decides the HTTP status), a snake_case Code
// for API clients, and message-catalogue keys rather than sentences, so that
// the user reads it in their own language.
package apperr

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Kind classifies an error; each kind maps to one HTTP status.
type Kind int

// The kinds, after benbjohnson/wtf's EINVALID, ENOTFOUND and friends.
const (
	Internal     Kind = iota // 500; the only kind logged as an error
	Malformed                // 400: the request cannot be read
	Unauthorized             // 401: not signed in
	Forbidden                // 403: signed in but not allowed
	NotFound                 // 404: absent or not visible to the caller
	Conflict                 // 409: duplicate or not allowed in the current state
	TooLarge                 // 413
	Unsupported              // 415: wrong content type
	Invalid                  // 422: invalid values, with Fields
	TooMany                  // 429: throttled
)

// Msg is a message-catalogue key with its placeholder values.
type Msg struct {
	Key  string
	Args map[string]any
}

// M builds a Msg from a key and alternating placeholder names and values.
func M(key string, kv ...any) Msg {
	m := Msg{Key: key}
	if len(kv) > 1 {
		m.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return m
}

// Error is an application error.
type Error struct {
	Kind    Kind
	Code    string         // snake_case, e.g. "duplicate_code"
	Message Msg            // what the user reads
	Fields  map[string]Msg // per-field problems, keyed by field name or "row:N[:column]"
	Allowed []string       // for workflow conflicts: the states allowed next
	Detail  any            // extra JSON for the client, e.g. the current answer on a 409
	Err     error          // the cause, never shown to users
}

func (e *Error) Error() string {
	s := e.Code
	if e.Message.Key != "" {
		s += ": " + e.Message.Key
	}
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", slices.Sorted(maps.Keys(e.Fields)))
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind and code with a catalogue message.
func New(kind Kind, code string, msg Msg) *Error {
	return &Error{Kind: kind, Code: code, Message: msg}
}

// InvalidFields returns a 422 error listing field problems.
func InvalidFields(fields map[string]Msg) *Error {
	return &Error{Kind: Invalid, Code: "invalid", Message: M("error.invalid"), Fields: fields}
}

// NotFoundThing returns a 404 error for a kind of thing (a catalogue key such as "thing.unit").
func NotFoundThing(thing string) *Error {
	return &Error{Kind: NotFound, Code: "not_found", Message: M("error.not_found", "thing", Msg{Key: thing})}
}

// Wrap returns an internal error wrapping err; its message never reaches a user.
func Wrap(err error) *Error {
	return &Error{Kind: Internal, Code: "internal", Message: M("error.internal"), Err: err}
}

// KindOf reports the kind of err: Internal for anything that is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns err as an *Error, wrapping foreign errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Wrap(err)
}

// Fields collects per-field problems, in order of discovery.
type Fields map[string]Msg

// Add records a problem for a field unless one is already recorded.
func (f Fields) Add(field string, msg Msg) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when there is no problem, else a 422 error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return InvalidFields(f)
}
