package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// trailWords says events in the page's language: a sentence for what
// happened, then each change as "label: old → new", with names for codes
// of units and people, words for coded values and dates as dd/mm/yyyy.
type trailWords struct {
	pg    *web.Page
	units map[string]string // code → name, retired units included
	users map[string]string // username → display name
}

// newTrailWords loads the names the sentences use.
func (s *Store) newTrailWords(ctx context.Context, pg *web.Page) (trailWords, error) {
	w := trailWords{pg: pg, units: map[string]string{}, users: map[string]string{}}
	for q, into := range map[string]map[string]string{`SELECT code, name FROM units`: w.units, `SELECT username, display_name FROM users`: w.users} {
		rows, err := s.DB.R.QueryContext(ctx, q)
		if err != nil {
			return w, fmt.Errorf("auth: trail names: %w", err)
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return w, fmt.Errorf("auth: trail names: %w", err)
			}
			into[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return w, fmt.Errorf("auth: trail names: %w", err)
		}
	}
	return w, nil
}

// describe turns an event into what the page shows.
func (w trailWords) describe(e Event) trailEvent {
	var sum map[string]any
	_ = json.Unmarshal(e.Summary, &sum)
	kind := e.Entity + "/" + e.Action
	if kind == "audit/answer" && num(sum["version"]) > 1 {
		kind = "audit/answer_edit"
	}
	key, known := trailSentences[kind]
	if !known {
		key = "words.trail.unknown"
	}
	args := []any{"actor", w.actor(e.Actor), "subject", w.subject(e)}
	shown := map[string]bool{}
	var out []trailChange
	if label, ok := trailFromTo[kind]; ok {
		from, to := w.value(e, "from", sum["from"]), w.value(e, "to", sum["to"])
		args = append(args, "from", from, "to", to)
		out = append(out, trailChange{Field: w.pg.T(label), From: orBlank(w.pg, from), To: orBlank(w.pg, to), IsChange: true})
		shown["from"], shown["to"] = true, true
	}
	for k, v := range sum {
		if !shown[k] {
			args = append(args, k, w.value(e, k, v))
		}
	}
	raw := w.pg.T(key) // without values: the placeholders it fills
	for _, k := range slices.Sorted(maps.Keys(sum)) {
		v, label := sum[k], trailLabels[k]
		if k == "code" && e.Entity == "unit" {
			continue // the unit's code, in the subject already
		}
		if shown[k] || label == "" || v == nil || strings.Contains(raw, "{"+k+"}") {
			continue
		}
		ch := trailChange{Field: w.pg.T(label)}
		if obj, ok := v.(map[string]any); ok && isChange(obj) {
			ch.IsChange = true
			ch.From, ch.To = orBlank(w.pg, w.value(e, k, obj["from"])), orBlank(w.pg, w.value(e, k, obj["to"]))
		} else if ch.Value = w.value(e, k, v); ch.Value == "" {
			continue
		}
		out = append(out, ch)
	}
	return trailEvent{Event: e, ActorName: w.actor(e.Actor), Sentence: w.pg.T(key, args...), Changes: out, Raw: pretty(e.Summary), Unknown: !known}
}

// isChange reports whether a summary value is a change {from, to}.
func isChange(obj map[string]any) bool {
	_, f := obj["from"]
	_, t := obj["to"]
	return f && t && len(obj) == 2
}

// actor names who did it: the person's name, or the system.
func (w trailWords) actor(username string) string {
	if username == "" {
		return w.pg.T("words.trail.system")
	}
	if name := w.users[username]; name != "" {
		return name
	}
	return username
}

// subject names the record an event is about.
func (w trailWords) subject(e Event) string {
	switch e.Entity {
	case "unit":
		return w.unit(e.EntityID)
	case "user":
		return w.user(e.EntityID)
	case "procedure_list":
		return w.coded("list_kind", e.EntityID)
	case "round":
		p, n, _ := strings.Cut(e.EntityID, "/")
		return w.pg.T("words.subject.round", "programme", p, "n", n)
	}
	if key, ok := trailSubjects[e.Entity]; ok {
		return w.pg.T(key, "id", e.EntityID)
	}
	return e.EntityID
}

func (w trailWords) unit(code string) string {
	if name := w.units[code]; name != "" {
		return w.pg.T("words.named", "name", name, "code", code)
	}
	return code
}

func (w trailWords) user(username string) string {
	if name := w.users[username]; name != "" && name != username {
		return w.pg.T("words.named", "name", name, "code", username)
	}
	return username
}

var (
	isoDay  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isoTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T`)
)

// value says one summary value in words; "" for what a person need not
// read (internal ids, hashes, statistics), left to the technical details.
func (w trailWords) value(e Event, field string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return w.pg.T("words.yes")
		}
		return w.pg.T("words.no")
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return w.text(e, field, v)
	case []any:
		return w.list(e, field, v)
	case map[string]any:
		return w.object(e, field, v)
	}
	return ""
}

// text says a string value: a unit or a person by name, a code by its
// word, a day as dd/mm/yyyy.
func (w trailWords) text(e Event, field, s string) string {
	switch field {
	case "unit", "auditor_unit", "auditee_unit", "successor", "auditor", "auditee":
		return w.unit(s)
	case "owner", "username", "joins", "leaves":
		return w.user(s)
	case "from", "to":
		switch e.Entity {
		case "finding":
			if e.Action == "transition" {
				return w.pg.Status(i18n.StatusNC, s)
			}
			if e.Action == "pass_to_successor" {
				return w.unit(s)
			}
		case "programme":
			return w.pg.Status(i18n.StatusProgramme, s)
		}
	case "result", "grade":
		return w.coded("result", s)
	case "period":
		return w.pg.Period(s)
	case "role":
		return w.coded("role", s)
	case "clusters":
		return w.coded("clusters", s)
	case "kind":
		switch e.Entity {
		case "unit":
			return w.coded("unit_kind", s)
		case "form_number":
			return w.coded("form_kind", s)
		case "outgoing_document":
			return w.coded("outgoing_kind", s)
		case "finding":
			return w.coded("evidence_kind", s)
		}
	case "sha256", "content_type", "code_hash":
		return ""
	}
	switch {
	case isoDay.MatchString(s):
		return i18n.ShowDay(s)
	case isoTime.MatchString(s):
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return i18n.DateTime(t)
		}
	}
	return s
}

// coded says a coded value with its word, or as it is when it has none.
func (w trailWords) coded(family, s string) string {
	if key, ok := trailValueKeys[family][s]; ok {
		return w.pg.T(key)
	}
	return s
}

// list says a list: units and people by name (a count past a handful),
// a programme's rounds by their dates, a team by its members.
func (w trailWords) list(e Event, field string, vs []any) string {
	if field == "units" && len(vs) > 5 {
		return w.pg.T("words.n_units", "n", len(vs))
	}
	var out []string
	for _, v := range vs {
		switch v := v.(type) {
		case string:
			if field == "units" {
				out = append(out, w.unit(v))
			} else if field == "soft_rules_broken" || field == "problems" {
				continue // codes of rules and lines, in the details
			} else {
				out = append(out, w.text(e, field, v))
			}
		case map[string]any:
			if s := w.object(e, field, v); s != "" {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, "; ")
}

// object says the nested values the trail records: a round's dates, a
// team member, a pair of units, the closing meeting.
func (w trailWords) object(e Event, field string, o map[string]any) string {
	str := func(k string) string { s, _ := o[k].(string); return s }
	switch {
	case str("starts_on") != "":
		return i18n.ShowDay(str("starts_on")) + " – " + i18n.ShowDay(str("ends_on"))
	case str("username") != "":
		s := w.user(str("username"))
		if r := str("role"); r != "" {
			s += " (" + w.coded("role", r) + ")"
		}
		return s
	case str("auditor") != "":
		return w.pg.T("words.pair", "auditor", w.unit(str("auditor")), "auditee", w.unit(str("auditee")))
	case str("representative") != "":
		agreed, _ := o["agreed"].(bool)
		key := "words.closing.disagreed"
		if agreed {
			key = "words.closing.agreed"
		}
		return w.pg.T(key, "representative", str("representative"))
	case isChange(o):
		return w.value(e, field, o["from"]) + " → " + w.value(e, field, o["to"])
	}
	return ""
}

func num(v any) float64 { f, _ := v.(float64); return f }

// orBlank writes an empty value as "(trống)", so that a change from
// nothing reads as one.
func orBlank(pg *web.Page, s string) string {
	if s == "" {
		return pg.T("words.blank")
	}
	return s
}

// pretty indents the stored summary for the technical details.
func pretty(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}
