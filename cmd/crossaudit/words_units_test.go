package main

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

var (
	picker    = regexp.MustCompile(`(?s)<(select|datalist)\b([^>]*)>(.*?)</(?:select|datalist)>`)
	pickerID  = regexp.MustCompile(`\bid="([^"]*)"`)
	optionTag = regexp.MustCompile(`(?s)<option value="([^"]*)"[^>]*>([^<]*)</option>`)
)

// unitPickers returns, for each <select> or <datalist> of a page that
// offers units (an option's value is a unit's code), its id and options
// (code → text shown).
func unitPickers(body string, units map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, m := range picker.FindAllStringSubmatch(body, -1) {
		opts := map[string]string{}
		isUnits := false
		for _, o := range optionTag.FindAllStringSubmatch(m[3], -1) {
			if _, ok := units[o[1]]; ok {
				isUnits = true
			}
			opts[o[1]] = strings.TrimSpace(html.UnescapeString(o[2]))
		}
		if isUnits {
			id := m[1]
			if i := pickerID.FindStringSubmatch(m[2]); i != nil {
				id = i[1]
			}
			out[id] = opts
		}
	}
	return out
}

// TestEveryUnitPickerShowsNamesBesideCodes opens every page of the sweep
// as each kind of demo login and checks that wherever a person picks a
// unit, each unit reads with its name and its code.
func TestEveryUnitPickerShowsNamesBesideCodes(t *testing.T) {
	a := demoApp(t)
	units := map[string]string{}
	rows, err := a.DB.R.Query(`SELECT code, name FROM units`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			t.Fatal(err)
		}
		units[c] = n
	}
	rows.Close()
	pickers := 0
	for _, login := range []string{"admin", "office", "auditor.24961", "auditee.24961"} {
		role, _, _ := strings.Cut(login, ".")
		c := a.Login(login, demo.Password)
		for _, v := range sweepFor(t, a, role) {
			_, body := c.Page(v.path)
			for id, opts := range unitPickers(body, units) {
				pickers++
				for code, text := range opts {
					name, ok := units[code]
					if ok && !(strings.Contains(text, name) && strings.Contains(text, code)) {
						t.Errorf("%s %s #%s offers %s as %q, not with its name and code", login, v.path, id, code, text)
					}
				}
			}
		}
	}
	if pickers < 5 {
		t.Errorf("only %d unit pickers in the sweep", pickers)
	}
}

// TestRegisterFiltersOfferOnlyUnitsTheViewerSees checks that a commune's
// filters on the nonconformities register list its own unit and the units
// of the findings it can read, never every unit of the district, while the
// office's list them all.
func TestRegisterFiltersOfferOnlyUnitsTheViewerSees(t *testing.T) {
	a := demoApp(t)
	var total int
	if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM units`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	units := map[string]string{}
	rows, _ := a.DB.R.Query(`SELECT code, name FROM units`)
	for rows.Next() {
		var c, n string
		_ = rows.Scan(&c, &n)
		units[c] = n
	}
	rows.Close()
	for _, tc := range []struct {
		login string
		all   bool
	}{{"office", true}, {"auditee.24961", false}, {"auditor.24961", false}, {"auditee.24976", false}} {
		c := a.Login(tc.login, demo.Password)
		resp, raw := c.Do(http.MethodGet, "/api/v1/nonconformities", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s register API: %d", tc.login, resp.StatusCode)
		}
		var ncs []struct {
			AuditeeUnit string `json:"auditee_unit"`
			AuditorUnit string `json:"auditor_unit"`
		}
		if err := json.Unmarshal(raw, &ncs); err != nil {
			t.Fatal(err)
		}
		sees := map[string]bool{}
		if _, unit, ok := strings.Cut(tc.login, "."); ok {
			sees[unit] = true
		}
		for _, n := range ncs {
			sees[n.AuditeeUnit], sees[n.AuditorUnit] = true, true
		}
		for _, path := range []string{"/nonconformities", "/nonconformities?status=closed", "/nonconformities?grade=major"} {
			_, body := c.Page(path)
			found := unitPickers(body, units)
			for _, id := range []string{"nc-auditee", "nc-auditor"} {
				opts, ok := found[id]
				if !ok && tc.all {
					t.Errorf("%s %s: no filter #%s", tc.login, path, id)
				}
				var codes []string
				for code := range opts {
					if code != "" {
						codes = append(codes, code)
					}
				}
				if tc.all && len(codes) != total {
					t.Errorf("%s %s #%s offers %d units, want all %d", tc.login, path, id, len(codes), total)
				}
				if tc.all {
					continue
				}
				if len(codes) >= total {
					t.Errorf("%s %s #%s offers every unit", tc.login, path, id)
				}
				for _, code := range codes {
					if !sees[code] {
						t.Errorf("%s %s #%s offers %s, whose findings it cannot see", tc.login, path, id, code)
					}
				}
				if id == "nc-auditee" && strings.HasPrefix(tc.login, "auditee.") && !slices.Contains(codes, strings.TrimPrefix(tc.login, "auditee.")) {
					t.Errorf("%s %s: its own unit is not offered", tc.login, path)
				}
			}
		}
	}
}
