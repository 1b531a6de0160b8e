package inbox

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// homeItems is how many notices the home page shows; the rest are at /inbox.
const homeItems = 5

// Pages serves the inbox page and its home-page section.
type Pages struct {
	Store *Store
	Views *web.Views
}

// Mount registers the inbox on a booted server: its pages, its navigation
// entry with the unread count, and its home-page section.
func Mount(s *web.Server, r *web.Router, store *Store) {
	p := &Pages{Store: store, Views: s.Views}
	p.Routes(r)
	s.Views.Shell.AddNav(web.NavEntry{Path: "/inbox", Label: "nav.inbox", Roles: role.All, Order: web.NavOrderInbox,
		Count: func(ctx context.Context, v *web.Viewer) (int, error) { return store.Unread(ctx, v.UserID) }})
	s.Views.Shell.AddHome(p.homeSection)
}

// Routes registers the pages: every signed-in user has an inbox, and sees
// only their own.
func (p *Pages) Routes(r *web.Router) {
	r.GET("/inbox", p.list, web.SignedIn())
	r.POST("/inbox/read", p.readAll, web.SignedIn())
	r.POST("/inbox/:id/open", p.open, web.SignedIn())
}

type listData struct {
	Items  []web.HomeItem
	Unread int
	Pager  web.Pager
}

func (p *Pages) list(c echo.Context) error {
	ctx, v := c.Request().Context(), web.ViewerOf(c)
	total, unread, err := p.Store.Count(ctx, v.UserID)
	if err != nil {
		return err
	}
	pager := web.NewPager(c, total, web.PerPage)
	notices, err := p.Store.List(ctx, v.UserID, pager.Offset(), pager.PerPage)
	if err != nil {
		return err
	}
	d := listData{Unread: unread, Pager: pager}
	for _, n := range notices {
		d.Items = append(d.Items, Item(n))
	}
	return p.Views.Render(c, http.StatusOK, "inbox", d)
}

func (p *Pages) open(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.notice")
	if err != nil {
		return err
	}
	link, err := p.Store.Open(c.Request().Context(), web.ViewerOf(c).UserID, id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localLink(link))
}

func (p *Pages) readAll(c echo.Context) error {
	if err := p.Store.ReadAll(c.Request().Context(), web.ViewerOf(c).UserID); err != nil {
		return err
	}
	web.SetFlash(c, "inbox.all_read")
	return c.Redirect(http.StatusSeeOther, "/inbox")
}

// localLink keeps a notice's link on this site; a notice without one opens
// the inbox.
func localLink(link string) string {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/\\") {
		return "/inbox"
	}
	return link
}

// homeSection is the inbox's block of the home page: the latest notices.
func (p *Pages) homeSection(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	notices, err := p.Store.List(ctx, v.UserID, 0, homeItems+1)
	if err != nil {
		return nil, err
	}
	sec := web.HomeSection{ID: "inbox", Title: apperr.M("inbox.title"), Empty: apperr.M("inbox.empty"), Order: web.NavOrderInbox}
	if len(notices) > homeItems {
		notices, sec.More = notices[:homeItems], "/inbox"
	}
	for _, n := range notices {
		sec.Items = append(sec.Items, Item(n))
	}
	return []web.HomeSection{sec}, nil
}

// Item is a notice as a line of a list: opening it marks it read.
func Item(n Notice) web.HomeItem {
	return web.HomeItem{Text: n.Msg, Link: "/inbox/" + strconv.FormatInt(n.ID, 10) + "/open", Post: true,
		At: n.CreatedAt, Unread: !n.Read}
}
