package auth

import (
	"context"
	"fmt"
	"net/http"
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
	Options  []trailOption // the entities in words, for the filter
	Events   []trailEvent
	Older    string // the next page of older events, "" at the end
	Newest   string // back to the newest events, "" on the first page
}

// trailOption is one kind of record in the filter.
type trailOption struct{ Value, Label string }

// trailEvent is an event in words: a sentence saying what happened, then
// its summary field by field with human labels; Raw is the stored summary,
// shown to the administrator as technical details.
type trailEvent struct {
	Event
	ActorName string
	Sentence  string
	Unknown   bool // a kind of event without its own sentence
	Changes   []trailChange
	Raw       string
}

// trailChange is one field of an event's summary, its label in words: a
// change from → to, or a plain value.
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
		d.Options = trailOptions(p.Views.NewPage(c, nil), d.Entities)
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
	pg := p.Views.NewPage(c, &d)
	words, err := p.Store.newTrailWords(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	d.Options = trailOptions(pg, d.Entities)
	for _, e := range evs {
		d.Events = append(d.Events, words.describe(e))
	}
	return p.Views.RenderPage(c, http.StatusOK, "trail", pg)
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

// trailOptions names each kind of record the trail holds, in words.
func trailOptions(pg *web.Page, entities []string) []trailOption {
	out := make([]trailOption, 0, len(entities))
	for _, e := range entities {
		label := e
		if key, ok := trailEntities[e]; ok {
			label = pg.T(key)
		}
		out = append(out, trailOption{Value: e, Label: label})
	}
	return out
}
