package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// trailPages registers the audit-trail page: admin and office read it, as
// they read the events API.
func (p *Pages) trailPages(r *web.Router) {
	staff := web.Roles(role.Admin, role.Office)
	r.GET("/trail", p.trail, staff)
	p.Views.Shell.AddNav(web.NavEntry{Path: "/trail", Label: "nav.trail", Roles: staff.Roles, Order: web.NavOrderAdmin + 2,
		Hint: "trail.hint", HomeRoles: staff.Roles})
}

// trailFilter is what the filter form sends; From and To are days
// (yyyy-mm-dd) in Asia/Ho_Chi_Minh, both included.
type trailFilter struct {
	Entity, EntityID, Actor, From, To string
}

type trailData struct {
	Filter   trailFilter
	Entities []string
	Events   []trailEvent
	Older    string // the next page of older events, "" at the end
	Newest   string // back to the newest events, "" on the first page
}

// trailEvent is an event with its summary spelled out field by field.
type trailEvent struct {
	Event
	Changes []trailChange
}

// trailChange is one field of an event's summary: a change from → to, or a
// plain value.
type trailChange struct {
	Field, From, To, Value string
	IsChange               bool
}

func (p *Pages) trail(c echo.Context) error {
	q := c.QueryParams()
	d := trailData{Filter: trailFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Actor: q.Get("actor"), From: q.Get("from"), To: q.Get("to")}}
	var err error
	if d.Entities, err = p.Store.EventEntities(c.Request().Context()); err != nil {
		return err
	}
	f, err := eventFilter(d.Filter)
	if err != nil {
		return p.Views.RenderInvalid(c, "trail", d, err)
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Limit = web.PerPage + 1 // one more tells whether there is an older page
	evs, err := p.Store.ListEvents(c.Request().Context(), f)
	if err != nil {
		return err
	}
	path := c.Request().URL.Path
	if len(evs) > web.PerPage {
		evs = evs[:web.PerPage]
		d.Older = web.WithQuery(path, q, "before", strconv.FormatInt(evs[len(evs)-1].ID, 10))
	}
	if f.BeforeID > 0 {
		d.Newest = web.WithQuery(path, q, "before", "")
	}
	for _, e := range evs {
		d.Events = append(d.Events, trailEvent{Event: e, Changes: changes(e.Summary)})
	}
	return p.Views.Render(c, http.StatusOK, "trail", d)
}

// eventFilter turns the form into a store filter. Days are those of
// Asia/Ho_Chi_Minh while the trail stores UTC, so each day becomes its UTC
// bounds. EventFilter.To is compared as text after a "T23:59:60Z" suffix,
// so passing the UTC time of the day's last second keeps exactly the events
// up to and including it.
func eventFilter(tf trailFilter) (EventFilter, error) {
	f := EventFilter{Entity: tf.Entity, EntityID: strings.TrimSpace(tf.EntityID), Actor: strings.TrimSpace(tf.Actor)}
	fields := apperr.Fields{}
	if tf.From != "" {
		if day, err := time.ParseInLocation(time.DateOnly, tf.From, i18n.Zone); err != nil {
			fields.Add("from", apperr.M("trail.bad_date"))
		} else {
			f.From = db.FormatTime(day)
		}
	}
	if tf.To != "" {
		if day, err := time.ParseInLocation(time.DateOnly, tf.To, i18n.Zone); err != nil {
			fields.Add("to", apperr.M("trail.bad_date"))
		} else {
			f.To = db.FormatTime(day.AddDate(0, 0, 1).Add(-time.Second))
		}
	}
	return f, fields.Err()
}

// changes spells out an event's JSON summary, fields in name order; fields
// recorded as unchanged (null) are left out.
func changes(raw json.RawMessage) []trailChange {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []trailChange
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		if v == nil {
			continue
		}
		ch := trailChange{Field: k}
		if obj, ok := v.(map[string]any); ok && len(obj) == 2 && obj["from"] != nil && obj["to"] != nil {
			ch.IsChange, ch.From, ch.To = true, plain(obj["from"]), plain(obj["to"])
		} else {
			ch.Value = plain(v)
		}
		out = append(out, ch)
	}
	return out
}

// plain writes a JSON value for a person: strings as they are, the rest as
// compact JSON.
func plain(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// EventEntities lists the kinds of entity the trail holds, for the filter.
func (s *Store) EventEntities(ctx context.Context) ([]string, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT DISTINCT entity FROM events ORDER BY entity`)
	if err != nil {
		return nil, fmt.Errorf("auth: event entities: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("auth: event entities: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
