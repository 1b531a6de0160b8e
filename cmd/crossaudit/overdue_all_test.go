package main

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

// overdueAll is the dashboard's overdue_all as a client reads it.
type overdueAll struct {
	Count int `json:"count"`
	Items []struct {
		ID        int64 `json:"id"`
		Programme struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"programme"`
		Unit string `json:"unit"`
		Due  string `json:"due"`
	} `json:"items"`
}

// This year's dashboard lists last year's nonconformities still open past
// their due date (overdue_all, every programme), the same ones the
// register counts overdue, each linking to the nonconformity and named by
// its programme, on the page and on the office's home page.
func TestOverdueNonconformitiesAcrossProgrammes(t *testing.T) {
	a := demoApp(t)
	var lastID, thisID int64
	var lastName string
	if err := a.DB.R.QueryRow(`SELECT id, name FROM programmes ORDER BY year LIMIT 1`).Scan(&lastID, &lastName); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.R.QueryRow(`SELECT id FROM programmes ORDER BY year DESC LIMIT 1`).Scan(&thisID); err != nil {
		t.Fatal(err)
	}
	office := a.Login("office", demo.Password)
	resp, body := office.Do(http.MethodGet, fmt.Sprintf("/api/v1/dashboard?programme=%d", thisID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d %s", resp.StatusCode, body)
	}
	var d struct {
		OverdueAll overdueAll `json:"overdue_all"`
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &d); err != nil || json.Unmarshal(body, &top) != nil {
		t.Fatal(err)
	}
	if _, ok := top["overdue"]; !ok {
		t.Error("the programme's own overdue field is gone")
	}
	var last []int64
	for _, n := range d.OverdueAll.Items {
		if n.Programme.ID == lastID && n.Programme.Name == lastName && n.Unit != "" && n.Due != "" {
			last = append(last, n.ID)
		}
	}
	t.Logf("overdue_all: %d, of which last year's %v", d.OverdueAll.Count, last)
	if len(last) < 2 || d.OverdueAll.Count != len(d.OverdueAll.Items) {
		t.Fatalf("overdue_all %+v: want last year's overdue nonconformities (at least 2) on this year's dashboard", d.OverdueAll)
	}
	// The same as the register's overdue ones, over every programme.
	resp, body = office.Do(http.MethodGet, "/api/v1/nonconformities?overdue=1", nil)
	var register []struct{ ID int64 }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &register) != nil {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	var want, got []int64
	for _, r := range register {
		want = append(want, r.ID)
	}
	for _, n := range d.OverdueAll.Items {
		got = append(got, n.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("overdue_all holds %v, the register's overdue %v", got, want)
	}

	_, page := office.Page(fmt.Sprintf("/dashboard?programme=%d", thisID))
	page = html.UnescapeString(page)
	section := page[strings.Index(page, `id="db-overdue-all"`):]
	section = section[:strings.Index(section, "</section>")]
	for _, id := range last {
		row := regexp.MustCompile(fmt.Sprintf(`(?s)<tr data-overdue-nc="%d" data-programme="%d">.*?</tr>`, id, lastID)).FindString(section)
		if !strings.Contains(row, fmt.Sprintf(`href="/nonconformities/%d"`, id)) || !strings.Contains(row, lastName) {
			t.Errorf("the dashboard's row of nonconformity %d lacks its link or its programme: %q", id, row)
		}
	}

	_, home := office.Page("/")
	home = html.UnescapeString(home)
	for _, id := range last {
		item := regexp.MustCompile(fmt.Sprintf(`(?s)href="/nonconformities/%d".*?</li>`, id)).FindString(home)
		if !strings.Contains(item, fmt.Sprintf("Số %d · điều", id)) || !strings.Contains(item, lastName) {
			t.Errorf("the office's home page does not list overdue nonconformity %d with its programme: %q", id, item)
		}
	}
}

// An audited unit sees its own overdue nonconformities on its home page,
// every programme's, and never another unit's; the dashboard stays the
// office's.
func TestOverdueNonconformitiesAuditeeSeesOnlyItsOwn(t *testing.T) {
	a := demoApp(t)
	type nc struct {
		id         int64
		unit, prog string
	}
	rows, err := a.DB.R.Query(`SELECT f.id, bu.code, p.name FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
		JOIN programmes p ON p.id = r.programme_id JOIN units bu ON bu.id = a.auditee_unit_id
		WHERE f.grade IN ('minor', 'major') ORDER BY f.id`)
	if err != nil {
		t.Fatal(err)
	}
	all := map[int64]nc{}
	for rows.Next() {
		var n nc
		if err := rows.Scan(&n.id, &n.unit, &n.prog); err != nil {
			t.Fatal(err)
		}
		all[n.id] = n
	}
	rows.Close()
	resp, body := a.Login("office", demo.Password).Do(http.MethodGet, "/api/v1/dashboard", nil)
	var d struct {
		OverdueAll overdueAll `json:"overdue_all"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &d) != nil || d.OverdueAll.Count < 2 {
		t.Fatalf("dashboard: %d, overdue_all %+v", resp.StatusCode, d.OverdueAll)
	}
	var units []string
	for _, n := range d.OverdueAll.Items {
		if !slices.Contains(units, n.Unit) {
			units = append(units, n.Unit)
		}
	}
	linked := regexp.MustCompile(`href="/nonconformities/(\d+)"`)
	for _, unit := range units {
		c := a.Login("auditee."+unit, demo.Password)
		_, home := c.Page("/")
		home = html.UnescapeString(home)
		for _, n := range d.OverdueAll.Items {
			if n.Unit != unit {
				continue
			}
			item := regexp.MustCompile(fmt.Sprintf(`(?s)href="/nonconformities/%d".*?</li>`, n.ID)).FindString(home)
			if !strings.Contains(item, n.Programme.Name) {
				t.Errorf("auditee.%s: its overdue nonconformity %d is not on its home page with its programme: %q", unit, n.ID, item)
			}
		}
		for _, m := range linked.FindAllStringSubmatch(home, -1) {
			var id int64
			fmt.Sscan(m[1], &id)
			if all[id].unit != unit {
				t.Errorf("auditee.%s's home page links nonconformity %s of %s", unit, m[1], all[id].unit)
			}
		}
		if resp, _ := c.Do(http.MethodGet, "/api/v1/dashboard", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("auditee.%s reads the dashboard's JSON: %d", unit, resp.StatusCode)
		}
	}
}
