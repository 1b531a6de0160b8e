package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

func TestNavFollowsRolesOrderAndPath(t *testing.T) {
	s := web.NewShell()
	s.AddNav(web.NavEntry{Path: "/inbox", Label: "nav.inbox", Roles: role.All, Order: web.NavOrderInbox,
		Count: func(context.Context, *web.Viewer) (int, error) { return 3, nil }})
	s.AddNav(web.NavEntry{Path: "/units", Label: "nav.units", Roles: []string{role.Office, role.Auditor}, Order: web.NavOrderAdmin})
	s.AddNav(web.NavEntry{Path: "/trail", Label: "nav.trail", Roles: []string{role.Office}, Order: web.NavOrderAdmin + 2,
		Count: func(context.Context, *web.Viewer) (int, error) { return 0, errors.New("down") }})
	paths := func(ls []web.NavLink) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Path)
		}
		return out
	}
	office := s.Nav(context.Background(), &web.Viewer{Role: role.Office}, "/units/24961/edit")
	if got, want := paths(office), []string{"/", "/units", "/trail", "/inbox"}; !slices.Equal(got, want) {
		t.Fatalf("office nav %v, want %v", got, want)
	}
	if office[0].Current || !office[1].Current || office[3].N != 3 || office[2].N != 0 {
		t.Errorf("current or counts wrong: %+v", office)
	}
	if got, want := paths(s.Nav(context.Background(), &web.Viewer{Role: role.Auditee}, "/")), []string{"/", "/inbox"}; !slices.Equal(got, want) {
		t.Errorf("auditee nav %v, want %v", got, want)
	}
	if home := s.Nav(context.Background(), &web.Viewer{Role: role.Auditee}, "/"); !home[0].Current {
		t.Error("home is not current on /")
	}
	if s.Nav(context.Background(), nil, "/login") != nil {
		t.Error("a visitor who is not signed in gets a navigation")
	}
}

func TestHomeAssemblesSectionsFromProviders(t *testing.T) {
	s := web.NewShell()
	s.AddNav(web.NavEntry{Path: "/units", Label: "nav.units", Roles: []string{role.Office, role.Auditor}, Hint: "units.hint", HomeRoles: []string{role.Office}})
	s.AddHome(func(_ context.Context, v *web.Viewer) ([]web.HomeSection, error) {
		return []web.HomeSection{{ID: "inbox", Title: apperr.M("inbox.title"), Order: web.NavOrderInbox}}, nil
	})
	s.AddHome(func(_ context.Context, v *web.Viewer) ([]web.HomeSection, error) {
		if v.Role != role.Auditor {
			return nil, nil
		}
		return []web.HomeSection{
			{ID: "to-verify", Waiting: true, Order: 20, Items: []web.HomeItem{{Text: apperr.M("x")}}},
			{ID: "to-conduct", Waiting: true, Order: 10, Items: []web.HomeItem{{Text: apperr.M("y")}}},
			{ID: "to-answer", Waiting: true, Order: 15},
		}, nil
	})
	h, err := s.Home(context.Background(), &web.Viewer{Role: role.Auditor})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sec := range h.Waiting {
		ids = append(ids, sec.ID)
	}
	if !slices.Equal(ids, []string{"to-conduct", "to-verify"}) || h.NothingWaiting() || len(h.Other) != 1 || len(h.Quick) != 0 {
		t.Errorf("auditor home: waiting %v, other %d, quick %d", ids, len(h.Other), len(h.Quick))
	}
	h, _ = s.Home(context.Background(), &web.Viewer{Role: role.Office})
	if !h.NothingWaiting() || len(h.Quick) != 1 || h.Quick[0].Path != "/units" {
		t.Errorf("office home: %+v", h)
	}
	s.AddHome(func(context.Context, *web.Viewer) ([]web.HomeSection, error) { return nil, errors.New("down") })
	if _, err := s.Home(context.Background(), &web.Viewer{Role: role.Office}); err == nil {
		t.Error("a failing provider is hidden")
	}
}

func TestPagerKeepsTheFilters(t *testing.T) {
	e := echo.New()
	c := e.NewContext(httptest.NewRequest("GET", "/users?q=duc+trong&page=2", nil), httptest.NewRecorder())
	items := make([]int, 120)
	for i := range items {
		items[i] = i
	}
	page, p := web.Paginate(c, items, 50)
	if len(page) != 50 || page[0] != 50 || p.First() != 51 || p.Pages() != 3 {
		t.Errorf("page 2: first item %d, pager %+v", page[0], p)
	}
	if got, want := p.Next(), "/users?page=3&q=duc+trong"; got != want {
		t.Errorf("next %q, want %q", got, want)
	}
	if got, want := p.Prev(), "/users?page=1&q=duc+trong"; got != want {
		t.Errorf("prev %q, want %q", got, want)
	}
	c = e.NewContext(httptest.NewRequest("GET", "/users?page=99", nil), httptest.NewRecorder())
	if page, p := web.Paginate(c, items, 50); len(page) != 20 || p.Next() != "" || p.Page != 3 {
		t.Errorf("a page past the end shows %d items, page %d", len(page), p.Page)
	}
	c = e.NewContext(httptest.NewRequest("GET", "/users", nil), httptest.NewRecorder())
	if page, p := web.Paginate(c, []int{}, 50); len(page) != 0 || p.Many() || p.First() != 0 {
		t.Errorf("empty list: %v %+v", page, p)
	}
}

func TestSetErrorOrdersImportProblemsByLine(t *testing.T) {
	s, _, err := web.Boot(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Echo.NewContext(httptest.NewRequest("POST", "/units/import", nil), httptest.NewRecorder())
	p := s.Views.NewPage(c, nil)
	p.SetError(apperr.InvalidFields(map[string]apperr.Msg{
		"row:10:code": apperr.M("validation.required"),
		"row:2:name":  apperr.M("validation.required"),
		"row:2":       apperr.M("import.malformed_csv"),
		"file":        apperr.M("import.no_rows"),
	}))
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.Field)
	}
	if want := []string{"file", "row:2", "row:2:name", "row:10:code"}; !slices.Equal(got, want) {
		t.Errorf("problems in order %v, want %v", got, want)
	}
	if p.Alert != "Một số thông tin chưa hợp lệ." || p.Errors["row:10:code"] != "Bắt buộc nhập." || p.Problems[3].Line != 10 || p.Problems[3].Column != "code" {
		t.Errorf("alert %q, errors %v, last %+v", p.Alert, p.Errors, p.Problems[3])
	}
}
