package main

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// statusWord is an element that says a status: its kind, value and text.
var statusWord = regexp.MustCompile(`data-word="([a-z]+):([a-z_]*)"[^>]*>([^<]*)<`)

// TestEveryPageSaysAStatusWithOneWord opens every page of the sweep as each
// kind of demo login in both languages and checks that each status shown
// (badges, filters, table heads, histories) is the one word of its kind
// and value, so that "submitted" reads the same on the audit list, the
// programme, the reports page and the dashboard; and that between them the
// pages show every audit and nonconformity state the demo holds.
func TestEveryPageSaysAStatusWithOneWord(t *testing.T) {
	a := demoApp(t)
	cat := i18n.MustLoad()
	for _, kind := range []string{i18n.StatusAudit, i18n.StatusNC, i18n.StatusProgramme, i18n.StatusRound, i18n.StatusReport} {
		for _, lang := range i18n.Langs {
			seen := map[string]string{}
			for _, v := range i18n.StatusValues(kind) {
				w := cat.Status(lang, kind, v)
				if w == v || w == "" {
					t.Errorf("%s %s %s has no word", lang, kind, v)
				}
				if other, dup := seen[w]; dup {
					t.Errorf("%s: %s %s and %s both read %q", lang, kind, v, other, w)
				}
				seen[w] = v
			}
		}
	}
	shown := map[string]bool{}
	for _, lang := range i18n.Langs {
		for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
			role, _, _ := strings.Cut(login, ".")
			t.Run(lang+"/"+login, func(t *testing.T) {
				c := a.Login(login, demo.Password)
				c.Form("/lang", url.Values{"lang": {lang}, "next": {"/"}})
				pages := sweepFor(t, a, role)
				if role == "admin" || role == "office" {
					// This year's programme too: its second round is in preview.
					var id string
					if err := a.DB.R.QueryRow(`SELECT CAST(MAX(id) AS TEXT) FROM programmes`).Scan(&id); err == nil {
						pages = append(pages, visit{"/programmes/" + id, 200})
					}
				}
				for _, v := range pages {
					_, body := c.Page(v.path)
					for _, m := range statusWord.FindAllStringSubmatch(body, -1) {
						kind, value, got := m[1], m[2], strings.TrimSpace(html.UnescapeString(m[3]))
						if want := cat.Status(lang, kind, value); got != want {
							t.Errorf("%s says %s %q as %q, want %q", v.path, kind, value, got, want)
						}
						shown[kind+":"+value] = true
					}
				}
			})
		}
	}
	var states []string
	for _, kind := range []string{i18n.StatusAudit, i18n.StatusNC} {
		for _, v := range i18n.StatusValues(kind) {
			states = append(states, kind+":"+v)
		}
	}
	for _, s := range append(states, "programme:active", "programme:completed", "round:confirmed", "round:preview",
		"report:draft", "report:issued") {
		if !shown[s] {
			t.Errorf("no page of the sweep shows %s", s)
		}
	}
}
