package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/db"
)

// Event is one entry of the audit trail.
type Event struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Action   string          `json:"action"`
	Summary  json.RawMessage `json:"summary"`
}

// EventFilter narrows ListEvents; empty fields match everything.
type EventFilter struct {
	Entity   string
	EntityID string
	Actor    string
	From, To string // yyyy-mm-dd, inclusive, in UTC
	Limit    int
	BeforeID int64 // for paging: events older than this id
}

// ListEvents returns events newest first.
func (s *Store) ListEvents(ctx context.Context, f EventFilter) ([]Event, error) {
	where := []string{"1=1"}
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Entity != "" {
		add("e.entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("e.entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		add("u.username = ?", f.Actor)
	}
	if f.From != "" {
		add("e.at >= ?", f.From)
	}
	if f.To != "" {
		add("e.at < ?", f.To+"T23:59:60Z")
	}
	if f.BeforeID > 0 {
		add("e.id < ?", f.BeforeID)
	}
	q := `SELECT e.id, e.at, COALESCE(u.username, ''), e.entity, e.entity_id, e.action, e.summary
		FROM events e LEFT JOIN users u ON u.id = e.actor_id WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.id DESC`
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := s.DB.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: list events: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var at, summary string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &summary); err != nil {
			return nil, fmt.Errorf("auth: list events: %w", err)
		}
		e.At, _ = db.ParseTime(at)
		e.Summary = json.RawMessage(summary)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (a *API) listEvents(c echo.Context) error {
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	evs, err := a.Store.ListEvents(c.Request().Context(), EventFilter{
		Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"), Actor: c.QueryParam("actor"),
		From: c.QueryParam("from"), To: c.QueryParam("to"), Limit: max(limit, 0), BeforeID: before,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, evs)
}
