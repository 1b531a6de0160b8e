package web_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// A broken page fails the start, naming the page, rather than a user's
// request later.
func TestBrokenTemplateFailsAtStart(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/layout.html":       {Data: []byte(`<html>{{block "content" .}}{{end}}</html>`)},
		"templates/partials/x.html":   {Data: []byte(`{{define "x"}}x{{end}}`)},
		"templates/pages/fine.html":   {Data: []byte(`{{define "content"}}{{.T "app.name"}}{{end}}`)},
		"templates/pages/broken.html": {Data: []byte(`{{define "content"}}{{if .Viewer}}{{end}`)},
		"static/app.css":              {Data: []byte(`body{}`)},
	}
	static, err := web.NewStatic(fsys, "static")
	if err != nil {
		t.Fatal(err)
	}
	_, err = web.NewViews(fsys, i18n.MustLoad(), static)
	if err == nil || !strings.Contains(err.Error(), "broken.html") {
		t.Fatalf("NewViews = %v, want an error naming broken.html", err)
	}
	delete(fsys, "templates/pages/broken.html")
	v, err := web.NewViews(fsys, i18n.MustLoad(), static)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Names(); len(got) != 1 || got[0] != "fine" {
		t.Errorf("pages %v", got)
	}
}
