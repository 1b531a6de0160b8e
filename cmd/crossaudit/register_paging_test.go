package main

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/web"
)

var (
	ncRow  = regexp.MustCompile(`<tr data-nc="(\d+)">`)
	nextPg = regexp.MustCompile(`<a class="btn" href="([^"]+)" rel="next">`)
)

// The office's register of the demo district (110 nonconformities) comes a
// page at a time: the first page shows web.PerPage rows and links to the
// next, the pages together show every nonconformity once, and a filtered
// register keeps its filters in the page links.
func TestNonconformityRegisterPages(t *testing.T) {
	a := demoApp(t)
	office := a.Login("office", demo.Password)
	var total int
	if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM findings WHERE grade IN ('minor', 'major')`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total <= web.PerPage {
		t.Fatalf("the demo has %d nonconformities, too few to page", total)
	}
	seen := map[string]bool{}
	path, pages := "/nonconformities", 0
	for path != "" {
		status, body := office.Page(path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		pages++
		rows := ncRow.FindAllStringSubmatch(body, -1)
		if pages == 1 && len(rows) != web.PerPage {
			t.Errorf("the first page shows %d rows, want %d", len(rows), web.PerPage)
		}
		for _, r := range rows {
			if seen[r[1]] {
				t.Errorf("nonconformity %s on two pages", r[1])
			}
			seen[r[1]] = true
		}
		if !strings.Contains(body, strconv.Itoa(total)+" điểm không phù hợp") {
			t.Errorf("%s does not count the whole register (%d)", path, total)
		}
		path = ""
		if m := nextPg.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1])
			if want := "page=" + strconv.Itoa(pages+1); !strings.Contains(path, want) {
				t.Errorf("the next page's link %q lacks %s", path, want)
			}
		}
		if pages > total/web.PerPage+1 {
			t.Fatal("the pages do not end")
		}
	}
	if len(seen) != total || pages != (total+web.PerPage-1)/web.PerPage {
		t.Errorf("%d pages showed %d nonconformities, want %d", pages, len(seen), total)
	}

	// A filter stays in the page links: minor findings not yet closed.
	var minor int
	if err := a.DB.R.QueryRow(`SELECT COUNT(*) FROM findings WHERE grade = 'minor'`).Scan(&minor); err != nil {
		t.Fatal(err)
	}
	if minor <= web.PerPage {
		t.Skipf("the demo has %d minor nonconformities, too few to page", minor)
	}
	_, body := office.Page("/nonconformities?grade=minor")
	m := nextPg.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the filtered register has no link to its second page")
	}
	next, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	if q := next.Query(); q.Get("grade") != "minor" || q.Get("page") != "2" || next.Path != "/nonconformities" {
		t.Errorf("the second page's link %q does not keep the filter", m[1])
	}
	_, body = office.Page(next.String())
	if strings.Contains(body, "result-major") || len(ncRow.FindAllString(body, -1)) != min(web.PerPage, minor-web.PerPage) {
		t.Errorf("the second page of minor findings shows %d rows or a major one", len(ncRow.FindAllString(body, -1)))
	}
	if !strings.Contains(body, `<option value="minor" selected>`) {
		t.Error("the second page forgets the grade chosen in the filter")
	}
}
