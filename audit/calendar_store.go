package audit

import (
	"context"
	"database/sql"
	"fmt"
)

// calendarQuerier is what reading the calendar needs: the read pool or a
// write transaction.
type calendarQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// LoadCalendar reads the working-day calendar the admin keeps (table
// calendar_days: the public holidays and the make-up working days, seeded
// for 2025-2027), which scheduling, due dates and reminders all count on.
func LoadCalendar(ctx context.Context, q calendarQuerier) (Calendar, error) {
	c := Calendar{Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT day, kind FROM calendar_days`)
	if err != nil {
		return c, fmt.Errorf("audit: calendar: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			return c, fmt.Errorf("audit: calendar: %w", err)
		}
		if kind == "workday" {
			c.Workdays[day] = true
		} else {
			c.Holidays[day] = true
		}
	}
	return c, rows.Err()
}
