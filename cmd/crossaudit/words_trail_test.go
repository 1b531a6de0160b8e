package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

var (
	trailSentence = regexp.MustCompile(`(?s)<p class="trail-sentence"( data-unknown)?>(.*?)</p>`)
	technical     = regexp.MustCompile(`(?s)<details class="trail-raw">.*?</details>`)
	placeholder   = regexp.MustCompile(`\{[a-z_]+\}`)
	trailRow      = regexp.MustCompile(`(?s)<tbody>\s*<tr>.*?</tr>`)
)

// TestTrailSaysEveryEventInWords opens the audit trail at the newest event
// of every kind the demo writes, as the administrator and the office, in
// Vietnamese and English, and checks that the event is a sentence in words:
// no event, entity or field code, no JSON and no unfilled placeholder in
// what a person reads (the administrator's technical details aside).
func TestTrailSaysEveryEventInWords(t *testing.T) {
	a := demoApp(t)
	type kind struct{ entity, action, entityID, id string }
	var kinds []kind
	codes := map[string]bool{}
	rows, err := a.DB.R.Query(`SELECT e.entity, e.action, e.entity_id, e.id, e.summary FROM events e
		WHERE e.id IN (SELECT MAX(id) FROM events GROUP BY entity, action) ORDER BY e.entity, e.action`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k kind
		var summary string
		if err := rows.Scan(&k.entity, &k.action, &k.entityID, &k.id, &summary); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, k)
		codes[k.entity], codes[k.action] = true, true
		var m map[string]any
		_ = json.Unmarshal([]byte(summary), &m)
		for f := range m {
			codes[f] = true
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(kinds) < 25 {
		t.Fatalf("the demo writes only %d kinds of event", len(kinds))
	}
	for _, lang := range i18n.Langs {
		for _, login := range []string{"admin", "office"} {
			c := a.Login(login, demo.Password)
			c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			for _, k := range kinds {
				var before int
				fmt.Sscan(k.id, &before)
				path := "/trail?" + url.Values{"entity": {k.entity}, "entity_id": {k.entityID}, "before": {fmt.Sprint(before + 1)}}.Encode()
				status, body := c.Page(path)
				if status != 200 {
					t.Fatalf("%s: %d", path, status)
				}
				what := lang + " " + login + " " + k.entity + "/" + k.action
				m := trailSentence.FindStringSubmatch(body)
				if m == nil || m[1] != "" || strings.TrimSpace(visibleText(m[2])) == "" {
					t.Errorf("%s: no sentence of its own", what)
					continue
				}
				if testing.Verbose() && login == "office" {
					t.Logf("%s: %s", what, strings.Join(strings.Fields(visibleText(trailRow.FindString(body))), " "))
				}
				if (login == "admin") != strings.Contains(body, `class="trail-raw"`) {
					t.Errorf("%s: technical details shown to the wrong people", what)
				}
				text := visibleText(technical.ReplaceAllString(body, ""))
				if strings.Contains(text, `{"`) || strings.Contains(text, `":`) {
					t.Errorf("%s shows JSON", what)
				}
				if p := placeholder.FindAllString(text, -1); len(p) > 0 {
					t.Errorf("%s leaves placeholders %v", what, p)
				}
				if bad := badDates(body); len(bad) > 0 {
					t.Errorf("%s shows dates %q", what, bad)
				}
				if lang != i18n.VI {
					continue // English words may be codes' namesakes
				}
				sentence := visibleText(m[2])
				for code := range codes {
					if len(code) > 2 && regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_])`+regexp.QuoteMeta(code)+`($|[^\p{L}\p{N}_])`).MatchString(text) {
						t.Errorf("%s shows the code %q: %s", what, code, sentence)
					}
				}
			}
		}
	}
}
