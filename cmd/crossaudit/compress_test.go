package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
)

// staticFile finds the addresses of the scripts and styles a page links.
var staticFile = regexp.MustCompile(`/static/[^"]+\.(?:css|js)`)

// Every page, the scripts and styles, and the API's JSON answer gzipped to
// a client that accepts it (Go's client asks, and reports a response it
// had to decompress as Uncompressed); a PDF, compressed already, does not.
func TestEveryPageAnswersGzip(t *testing.T) {
	a := demoApp(t)
	for _, login := range []string{"office", "auditor.24961", "auditee.24961"} {
		role, _, _ := strings.Cut(login, ".")
		c := a.Login(login, demo.Password)
		_, home := c.Page("/")
		paths := append(staticFile.FindAllString(home, -1), "/api/v1/audits")
		if len(paths) < 3 {
			t.Fatalf("the home page links no scripts or styles: %v", paths)
		}
		for _, v := range sweepFor(t, a, role) {
			if v.status == http.StatusOK {
				paths = append(paths, v.path)
			}
		}
		for _, p := range paths {
			resp, body := c.Do(http.MethodGet, p, nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", login, p, resp.StatusCode)
				continue
			}
			if len(body) >= 1024 && !resp.Uncompressed {
				t.Errorf("%s %s: %d bytes sent without gzip", login, p, len(body))
			}
		}
	}
	c := a.Token("office", demo.Password)
	var id string
	if err := a.DB.R.QueryRow(`SELECT CAST(MIN(id) AS TEXT) FROM audits WHERE status = 'issued'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	resp, body := c.Do(http.MethodGet, "/api/v1/audits/"+id+"/report.pdf", nil)
	if resp.StatusCode != http.StatusOK || resp.Uncompressed || !strings.HasPrefix(string(body), "%PDF") {
		t.Errorf("the issued report: %d, gzipped again: %v", resp.StatusCode, resp.Uncompressed)
	}
}
