// Package inbox holds the notices the application leaves for people: a
// plan to answer, a nonconformity returned, a report issued. A notice is a
// catalogue key with its arguments, so that each reader sees it in their own
// language, and a link to where to act on it.
//
// Other packages notify inside the transaction of the change they announce
// (NotifyTx, NotifyUnitTx, NotifyRolesTx), so that a notice exists exactly
// when its change is committed. The inbox shows on the home page and at
// /inbox; opening a notice marks it read.
package inbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Notice is one notice of a user's inbox.
type Notice struct {
	ID        int64
	Msg       apperr.Msg // what it says, translated when shown
	Link      string     // a path of the application, "" for none
	CreatedAt time.Time
	Read      bool
}

// NotifyTx puts a notice in one user's inbox inside the caller's
// transaction. msg is a catalogue key with its arguments: strings, numbers,
// a time.Time (written as dd/mm/yyyy in Asia/Ho_Chi_Minh) or a nested
// apperr.Msg (translated for each reader); link is where to act on it.
func NotifyTx(tx *db.Tx, userID int64, msg apperr.Msg, link string) error {
	args, err := encodeArgs(msg.Args)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO notices (user_id, msg_key, args, link, created_at) VALUES (?, ?, ?, ?, ?)`,
		userID, msg.Key, args, link, db.FormatTime(tx.Now))
	if err != nil {
		return fmt.Errorf("inbox: notify user %d: %w", userID, err)
	}
	return nil
}

// NotifyUnitTx puts a notice in the inbox of every active user of a unit
// who has one of roles (every role when none is given): the auditees of an
// audited commune, say.
func NotifyUnitTx(tx *db.Tx, unitCode string, msg apperr.Msg, link string, roles ...string) error {
	return notifyWhere(tx, msg, link, `u.unit_id = (SELECT id FROM units WHERE code = ?)`, []any{unitCode}, roles)
}

// NotifyRolesTx puts a notice in the inbox of every active user with one of
// roles: the reform office, say.
func NotifyRolesTx(tx *db.Tx, msg apperr.Msg, link string, roles ...string) error {
	if len(roles) == 0 {
		return nil
	}
	return notifyWhere(tx, msg, link, `1 = 1`, nil, roles)
}

// BroadcastTx puts a notice in the inbox of every active user.
func BroadcastTx(tx *db.Tx, msg apperr.Msg, link string) error {
	return notifyWhere(tx, msg, link, `1 = 1`, nil, nil)
}

func notifyWhere(tx *db.Tx, msg apperr.Msg, link, where string, whereArgs []any, roles []string) error {
	args, err := encodeArgs(msg.Args)
	if err != nil {
		return err
	}
	q := `INSERT INTO notices (user_id, msg_key, args, link, created_at)
		SELECT u.id, ?, ?, ?, ? FROM users u WHERE u.active = 1 AND ` + where
	params := append([]any{msg.Key, args, link, db.FormatTime(tx.Now)}, whereArgs...)
	if len(roles) > 0 {
		q += ` AND u.role IN (` + strings.TrimSuffix(strings.Repeat("?,", len(roles)), ",") + `)`
		for _, r := range roles {
			params = append(params, r)
		}
	}
	if _, err := tx.Exec(q, params...); err != nil {
		return fmt.Errorf("inbox: notify %s: %w", msg.Key, err)
	}
	return nil
}

// encodeArgs stores a message's arguments as a JSON object; a nested message
// becomes {"key":…,"args":{…}} and a time its Vietnamese short date.
func encodeArgs(args map[string]any) (string, error) {
	b, err := json.Marshal(plainArgs(args))
	if err != nil {
		return "", fmt.Errorf("inbox: arguments: %w", err)
	}
	return string(b), nil
}

func plainArgs(args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for _, k := range slices.Sorted(maps.Keys(args)) {
		switch v := args[k].(type) {
		case apperr.Msg:
			out[k] = map[string]any{"key": v.Key, "args": plainArgs(v.Args)}
		case time.Time:
			out[k] = i18n.DateShort(v)
		default:
			out[k] = v
		}
	}
	return out
}

// decodeArgs reads what encodeArgs (or another package writing the table
// the same way) stored. Numbers keep their digits; an object with a "key"
// is a nested message.
func decodeArgs(s string) map[string]any {
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || len(raw) == 0 {
		return nil
	}
	return restore(raw)
}

func restore(raw map[string]any) map[string]any {
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		if obj, ok := v.(map[string]any); ok {
			if key, ok := obj["key"].(string); ok {
				nested, _ := obj["args"].(map[string]any)
				m := apperr.Msg{Key: key}
				if len(nested) > 0 {
					m.Args = restore(nested)
				}
				out[k] = m
				continue
			}
		}
		out[k] = v
	}
	return out
}
