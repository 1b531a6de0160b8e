package findings

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// NCSettings are the corrective-action workflow's settings, which the
// admin edits (table settings, keys nc_*, and table calendar_days). A key
// that is missing takes its default.
type NCSettings struct {
	PlanDays          int `json:"plan_days"`          // working days after submission to submit a plan
	ReminderDays      int `json:"reminder_days"`      // working days before a due date to remind
	EffectivenessDays int `json:"effectiveness_days"` // calendar days after verification before closing
	RepeatDays        int `json:"repeat_days"`        // calendar days after closing within which a finding on the same item is a repeat
	// Holidays and Workdays are the calendar's exceptions, by day
	// (yyyy-mm-dd), with their names.
	Holidays map[string]string `json:"holidays"`
	Workdays map[string]string `json:"workdays"`
	// Mailboxes are the units' addresses for reminders by e-mail, by unit
	// code.
	Mailboxes map[string]string `json:"mailboxes"`
}

// DefaultNCSettings are the settings of a new database (DOMAIN.md: a plan
// within 10-15 working days; issue 10's defaults).
var DefaultNCSettings = NCSettings{PlanDays: 15, ReminderDays: 3, EffectivenessDays: 30, RepeatDays: 365}

// settingKeys names each numeric setting's key in the settings table.
var settingKeys = []string{"nc_plan_days", "nc_reminder_days", "nc_effectiveness_days", "nc_repeat_days"}

func (s *NCSettings) fields() []*int {
	return []*int{&s.PlanDays, &s.ReminderDays, &s.EffectivenessDays, &s.RepeatDays}
}

// Calendar returns the working-day calendar of the settings.
func (s NCSettings) Calendar() audit.Calendar {
	c := audit.Calendar{Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	for d := range s.Holidays {
		c.Holidays[d] = true
	}
	for d := range s.Workdays {
		c.Workdays[d] = true
	}
	return c
}

// settingsQuerier is what reading the settings needs: the read pool or a
// write transaction.
type settingsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// LoadNCSettings reads the settings.
func LoadNCSettings(ctx context.Context, q settingsQuerier) (NCSettings, error) {
	s := DefaultNCSettings
	s.Holidays, s.Workdays, s.Mailboxes = map[string]string{}, map[string]string{}, map[string]string{}
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'nc\_%' ESCAPE '\'`)
	if err != nil {
		return s, fmt.Errorf("audit: settings: %w", err)
	}
	vals := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return s, fmt.Errorf("audit: settings: %w", err)
		}
		vals[k] = v
	}
	rows.Close()
	for i, p := range s.fields() {
		if n, err := strconv.Atoi(vals[settingKeys[i]]); err == nil {
			*p = n
		}
	}
	if err := loadMailboxes(ctx, q, s.Mailboxes); err != nil {
		return s, err
	}
	rows, err = q.QueryContext(ctx, `SELECT day, kind, name FROM calendar_days ORDER BY day`)
	if err != nil {
		return s, fmt.Errorf("audit: calendar: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, kind, name string
		if err := rows.Scan(&day, &kind, &name); err != nil {
			return s, fmt.Errorf("audit: calendar: %w", err)
		}
		if kind == "holiday" {
			s.Holidays[day] = name
		} else {
			s.Workdays[day] = name
		}
	}
	return s, rows.Err()
}

// Bounds of the numeric settings: a plan due the same day or years later
// is a typing mistake.
var settingBounds = [][2]int{{1, 120}, {0, 30}, {0, 365}, {0, 3650}}

// Validate checks the settings. Returns apperr.Invalid naming the field.
func (s *NCSettings) Validate() error {
	f := apperr.Fields{}
	names := []string{"plan_days", "reminder_days", "effectiveness_days", "repeat_days"}
	for i, p := range s.fields() {
		if *p < settingBounds[i][0] || *p > settingBounds[i][1] {
			f.Add(names[i], apperr.M("ca.setting_range", "min", settingBounds[i][0], "max", settingBounds[i][1]))
		}
	}
	for field, days := range map[string]map[string]string{"holidays": s.Holidays, "workdays": s.Workdays} {
		for d, name := range days {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				f.Add(field, apperr.M("ca.bad_day", "day", d))
			}
			days[d] = strings.TrimSpace(name)
		}
	}
	for code, addr := range s.Mailboxes {
		addr = strings.TrimSpace(addr)
		if _, err := mail.ParseAddress(addr); err != nil {
			f.Add("mailboxes", apperr.M("ca.bad_mailbox", "unit", code))
		}
		s.Mailboxes[code] = addr
	}
	for d := range s.Holidays {
		if _, both := s.Workdays[d]; both {
			f.Add("workdays", apperr.M("ca.day_twice", "day", d))
		}
	}
	return f.Err()
}

// SaveNCSettings replaces the settings and the calendar, made by the
// context's actor, with a trail entry. Returns apperr.Invalid.
func (s *Store) SaveNCSettings(ctx context.Context, in NCSettings) error {
	if in.Holidays == nil {
		in.Holidays = map[string]string{}
	}
	if in.Workdays == nil {
		in.Workdays = map[string]string{}
	}
	if in.Mailboxes == nil {
		in.Mailboxes = map[string]string{}
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		now := db.FormatTime(tx.Now)
		for i, p := range in.fields() {
			if _, err := tx.Exec(`INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, NULLIF(?, 0), ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				settingKeys[i], strconv.Itoa(*p), tx.Actor, now); err != nil {
				return fmt.Errorf("audit: save settings: %w", err)
			}
		}
		if _, err := tx.Exec(`DELETE FROM calendar_days`); err != nil {
			return fmt.Errorf("audit: save calendar: %w", err)
		}
		for kind, days := range map[string]map[string]string{"holiday": in.Holidays, "workday": in.Workdays} {
			for d, name := range days {
				if _, err := tx.Exec(`INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)`, d, kind, name); err != nil {
					return fmt.Errorf("audit: save calendar: %w", err)
				}
			}
		}
		if err := saveMailboxes(tx, in.Mailboxes); err != nil {
			return err
		}
		return tx.Record("settings", "nc", "edit", map[string]any{"plan_days": in.PlanDays, "reminder_days": in.ReminderDays,
			"effectiveness_days": in.EffectivenessDays, "repeat_days": in.RepeatDays, "holidays": len(in.Holidays), "workdays": len(in.Workdays), "mailboxes": len(in.Mailboxes)})
	})
}

func loadMailboxes(ctx context.Context, q settingsQuerier, into map[string]string) error {
	rows, err := q.QueryContext(ctx, `SELECT n.code, m.email FROM nc_mailboxes m JOIN units n ON n.id = m.unit_id`)
	if err != nil {
		return fmt.Errorf("audit: mailboxes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, email string
		if err := rows.Scan(&code, &email); err != nil {
			return fmt.Errorf("audit: mailboxes: %w", err)
		}
		into[code] = email
	}
	return rows.Err()
}

// saveMailboxes replaces the units' addresses; an unknown unit is 422.
func saveMailboxes(tx *db.Tx, boxes map[string]string) error {
	if _, err := tx.Exec(`DELETE FROM nc_mailboxes`); err != nil {
		return fmt.Errorf("audit: save mailboxes: %w", err)
	}
	for code, addr := range boxes {
		res, err := tx.Exec(`INSERT INTO nc_mailboxes (unit_id, email) SELECT id, ? FROM units WHERE code = ?`, addr, code)
		if err != nil {
			return fmt.Errorf("audit: save mailboxes: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.InvalidFields(map[string]apperr.Msg{"mailboxes": apperr.M("ca.unknown_unit", "unit", code)})
		}
	}
	return nil
}
