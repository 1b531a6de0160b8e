package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

// hostileText is what an attacker types into every field that reaches a
// CSV export, one formula character each, so that a field that slips past
// the writer shows which.
var hostileText = map[string]string{
	"unit names":       `=HYPERLINK("http://x","y")`,
	"NC statements":    `+HYPERLINK("http://x","y")`,
	"checklist text":   `-HYPERLINK("http://x","y")`,
	"procedure names":  `@HYPERLINK("http://x","y")`,
	"checklist guides": "\tHYPERLINK(\"http://x\",\"y\")",
}

// TestNoCSVExportCarriesAFormula seeds formulas into every user-editable
// field that reaches a CSV export, then downloads every CSV export the
// product has and checks that no cell but a plain number starts with a
// formula character, and that the hostile text did reach the file (else the test would prove
// nothing).
func TestNoCSVExportCarriesAFormula(t *testing.T) {
	a := demoApp(t)
	for _, q := range []struct{ sql, text string }{
		{`UPDATE units SET name = ? || ' ' || code`, hostileText["unit names"]},
		{`UPDATE findings SET statement = ? || ' ' || id`, hostileText["NC statements"]},
		{`UPDATE procedure_versions SET name = ? || ' ' || code`, hostileText["procedure names"]},
	} {
		if _, err := a.DB.W.Exec(q.sql, q.text); err != nil {
			t.Fatal(err)
		}
	}
	// Published checklist versions cannot change: the office imports a
	// hostile one (as JSON, so that no CSV reader is involved).
	office := a.Token("office", demo.Password)
	resp, body := office.Upload("/api/v1/checklists/import", "file", "hostile.json", []byte(`[
		{"id":"C01","clause":"4.1","text_vi":`+strconv.Quote(hostileText["checklist text"])+`,"text_en":"x",
		 "guidance_vi":`+strconv.Quote(hostileText["checklist guides"])+`}]`), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("import a checklist: %d %s", resp.StatusCode, body)
	}
	var imported struct{ ID int64 }
	if err := json.Unmarshal(body, &imported); err != nil {
		t.Fatal(err)
	}
	var unit string
	if err := a.DB.R.QueryRow(`SELECT u.code FROM procedure_lists l JOIN units u ON u.id = l.unit_id ORDER BY u.code LIMIT 1`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	// Every CSV export of the router (grep "format=csv", csv writers):
	// the checklist's, the dashboard's four, the reconciliation's two.
	exports := []string{
		fmt.Sprintf("/api/v1/checklists/%d/export?format=csv", imported.ID),
		"/procedures/export?format=csv",
		"/procedures/units/" + unit + "/export?format=csv",
	}
	for _, kind := range []string{"nonconformities", "results", "actions", "league"} {
		exports = append(exports, "/dashboard/export/"+kind+"?format=csv")
	}
	for _, path := range exports {
		resp, body := office.Do(http.MethodGet, path, nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("GET %s: %d %s %.200s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			continue
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Errorf("GET %s: %v", path, err)
			continue
		}
		reached := 0
		for i, row := range rows {
			for j, cell := range row {
				if strings.Contains(cell, "HYPERLINK") {
					reached++
				}
				// A plain number (a negative change the dashboard computed)
				// is no formula: the writer keeps it a number on purpose.
				if _, err := strconv.ParseFloat(cell, 64); err == nil {
					continue
				}
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("GET %s: row %d column %d starts with a formula character: %q", path, i+1, j+1, cell)
				}
			}
		}
		if reached == 0 {
			t.Errorf("GET %s: none of the hostile text reached the export, so it proves nothing", path)
		}
	}
}

var staticURL = regexp.MustCompile(`/static/[a-z]+\.[0-9a-f]{10}\.(?:css|js)`)

// TestDataIsNeverCachedAndStaticSetsNoCookie walks a sample of every kind
// of response a signed-in user gets (JSON, a page, a PDF, a DOCX, a CSV
// export, an evidence file, an error) and checks each says no-store, and
// that the static files keep their long cache without a cookie.
func TestDataIsNeverCachedAndStaticSetsNoCookie(t *testing.T) {
	a := demoApp(t)
	issued := findDemoAudit(t, a, "issued")
	attached := findDemoAudit(t, a, "attached")
	var att int64
	if err := a.DB.R.QueryRow(`SELECT MIN(id) FROM attachments WHERE audit_id = ?`, attached.audit).Scan(&att); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"/api/v1/units",
		"/api/v1/nonconformities",
		"/api/v1/dashboard",
		fmt.Sprintf("/api/v1/audits/%d", issued.audit),
		fmt.Sprintf("/api/v1/audits/%d/report.pdf", issued.audit),
		"/api/v1/programmes/" + firstID(t, a, "programmes") + "/report.pdf",
		fmt.Sprintf("/api/v1/audits/%d/attachments/%d", attached.audit, att),
		"/dashboard/export/nonconformities?format=csv",
		"/dashboard/export/league?format=xlsx",
		"/api/v1/checklists/" + firstID(t, a, "checklists") + "/export?format=json",
		"/",
		fmt.Sprintf("/audits/%d", issued.audit),
		"/dashboard",
		"/api/v1/audits/999999", // a refusal carries data too: what exists
	}
	browser := a.Login("office", demo.Password)
	_, home := browser.Page("/")
	for _, path := range paths {
		resp, body := browser.Do(http.MethodGet, path, nil)
		if resp.StatusCode >= 500 || (resp.StatusCode != http.StatusOK && !strings.HasSuffix(path, "999999")) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
		}
	}
	// The token a sign-in answers is data too, though nobody is signed in.
	resp, _ := a.Anonymous().Do(http.MethodPost, "/api/v1/tokens", map[string]string{"username": "office", "password": demo.Password})
	if got := resp.Header.Get("Cache-Control"); resp.StatusCode != http.StatusCreated || got != "no-store" {
		t.Errorf("POST /api/v1/tokens: %d, Cache-Control %q", resp.StatusCode, got)
	}

	statics := staticURL.FindAllString(home, -1)
	if len(statics) == 0 {
		t.Fatal("the home page links no static file")
	}
	for _, c := range []struct {
		who    string
		client interface {
			Do(string, string, any) (*http.Response, []byte)
		}
	}{{"anonymous", a.Anonymous()}, {"signed in", browser}} {
		for _, u := range statics {
			resp, _ := c.client.Do(http.MethodGet, u, nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s GET %s: %d", c.who, u, resp.StatusCode)
			}
			if sc := resp.Header.Values("Set-Cookie"); len(sc) > 0 {
				t.Errorf("%s GET %s sets cookies %v", c.who, u, sc)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
				t.Errorf("%s GET %s: Cache-Control %q, want the long cache", c.who, u, cc)
			}
		}
	}
	// The sign-in page still sets the pre-session CSRF cookie it needs.
	resp, _ = a.Anonymous().Do(http.MethodGet, "/login", nil)
	if len(resp.Header.Values("Set-Cookie")) == 0 {
		t.Error("GET /login sets no CSRF cookie: the check above would pass for the wrong reason")
	}
}
