package audit

import (
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/inbox"
)

// NoticeMsg builds a notice's message. Unit codes under the names "auditor"
// and "auditee" become the units' names, and days (yyyy-mm-dd) under "date"
// become dates, so that a notice reads "Xã Hiệp An … ngày 12/11/2026".
func NoticeMsg(tx *db.Tx, key string, kv []any) apperr.Msg {
	out := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		name, v := kv[i], kv[i+1]
		if s, ok := v.(string); ok {
			switch name {
			case "auditor", "auditee": // the units a notice names
				v = UnitName(tx, s)
			case "date":
				if t, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone); err == nil {
					v = t
				}
			}
		}
		out = append(out, name, v)
	}
	return apperr.M(key, out...)
}

// UnitName returns a unit's name, or its code when it has none.
func UnitName(tx *db.Tx, code string) string {
	var name string
	if err := tx.QueryRow(`SELECT name FROM units WHERE code = ?`, code).Scan(&name); err != nil || name == "" {
		return code
	}
	return name
}

// NotifyUser puts a notice in one user's inbox, in the transaction of the
// change it announces.
func NotifyUser(tx *db.Tx, userID int64, key, link string, kv ...any) error {
	return inbox.NotifyTx(tx, userID, NoticeMsg(tx, key, kv), link)
}

// NotifyUnit puts a notice in the inbox of every active user of a unit.
func NotifyUnit(tx *db.Tx, unitCode, key, link string, kv ...any) error {
	return inbox.NotifyUnitTx(tx, unitCode, NoticeMsg(tx, key, kv), link)
}
