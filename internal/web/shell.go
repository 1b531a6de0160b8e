package web

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/role"
)

// Shell is the extension point of the interface shell: the navigation and
// the home page are assembled from what packages register at wiring time, so
// that the shell never imports the domain packages (dependencies point
// cmd → reports → audit → checklist → internal, never back).
//
// A package adds a navigation entry with AddNav and a home-page section with
// AddHome, typically in its Mount or Routes function:
//
//	s.Views.Shell.AddNav(web.NavEntry{Path: "/units", Label: "nav.units", Roles: readers, Order: web.NavOrderAdmin})
//	s.Views.Shell.AddHome(func(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) { … })
//
// Registration happens before the server starts; reads happen per request.
type Shell struct {
	mu   sync.RWMutex
	nav  []NavEntry
	home []HomeProvider
}

// Order ranges of the navigation, so that packages that never see each other
// still agree on where their entries go.
const (
	NavOrderHome  = 0   // the home page
	NavOrderWork  = 10  // audits, nonconformities: the daily work (10–49)
	NavOrderPlan  = 50  // programmes, checklists, reports (50–79)
	NavOrderAdmin = 80  // units, users, the audit trail (80–99)
	NavOrderInbox = 100 // the inbox, last
)

// NavEntry is an entry of the main navigation.
type NavEntry struct {
	Path  string   // where it leads: "/units"
	Label string   // catalogue key of its text
	Roles []string // the roles that see it
	Order int      // position, lowest first; see the NavOrder ranges
	// Hint is a catalogue key describing the entry; the entry also shows as
	// a quick link on the home page of HomeRoles.
	Hint      string
	HomeRoles []string
	// Count, when set, gives a number shown beside the label (unread
	// notices, say); zero shows nothing. It runs on every page, so keep it
	// to one indexed query.
	Count func(ctx context.Context, v *Viewer) (int, error)
}

// NavLink is a NavEntry as one viewer sees it on one page.
type NavLink struct {
	NavEntry
	Current bool // the page is this entry or below it
	N       int  // the entry's count
}

// HomeProvider returns the sections it contributes to the viewer's home
// page: none when they do not concern the viewer's role.
type HomeProvider func(ctx context.Context, v *Viewer) ([]HomeSection, error)

// HomeSection is one block of a home page.
type HomeSection struct {
	ID    string     // stable and unique, the section's anchor: "audits-to-conduct"
	Title apperr.Msg // the heading
	// Waiting marks a list of things waiting for the viewer (audits to
	// conduct, nonconformities to answer, plans to verify). Empty waiting
	// sections are not shown; when all are empty the home page says that
	// nothing is waiting.
	Waiting bool
	Items   []HomeItem
	Empty   apperr.Msg // what a section that is not Waiting shows when empty
	More    string     // a link to the full list, "" for none
	Order   int        // position among the sections, lowest first
}

// HomeItem is one line of a home section.
type HomeItem struct {
	Text apperr.Msg // what it is, in the viewer's language
	Link string     // where to act on it
	// Post makes Link the target of a small form (with the CSRF token)
	// rather than a plain link, for an action such as opening a notice,
	// which marks it read.
	Post   bool
	Due    time.Time // a due date, shown as such; zero for none
	Late   bool      // the due date has passed
	At     time.Time // when it happened; zero for none
	Unread bool
}

// HomePage is what the home page shows, assembled from every provider.
type HomePage struct {
	Waiting []HomeSection // waiting sections that hold something
	Other   []HomeSection // the rest (the inbox), empty or not
	Quick   []NavEntry    // quick links for the viewer's role
}

// NothingWaiting reports whether no provider has anything waiting.
func (h HomePage) NothingWaiting() bool { return len(h.Waiting) == 0 }

// NewShell returns a shell whose navigation holds the home page.
func NewShell() *Shell {
	s := &Shell{}
	s.AddNav(NavEntry{Path: "/", Label: "nav.home", Roles: role.All, Order: NavOrderHome})
	return s
}

// AddNav adds a navigation entry.
func (s *Shell) AddNav(e NavEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nav = append(s.nav, e)
	slices.SortStableFunc(s.nav, func(a, b NavEntry) int { return cmp.Compare(a.Order, b.Order) })
}

// AddHome adds a provider of home-page sections.
func (s *Shell) AddHome(p HomeProvider) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.home = append(s.home, p)
}

// Nav returns the entries the viewer sees, marking the one the page at path
// belongs to. A failing count is left out rather than failing the page.
func (s *Shell) Nav(ctx context.Context, v *Viewer, path string) []NavLink {
	if v == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []NavLink
	for _, e := range s.nav {
		if !slices.Contains(e.Roles, v.Role) {
			continue
		}
		l := NavLink{NavEntry: e, Current: path == e.Path || (e.Path != "/" && strings.HasPrefix(path, e.Path+"/"))}
		if e.Count != nil {
			if n, err := e.Count(ctx, v); err == nil {
				l.N = n
			} else {
				LoggerFrom(ctx).Warn("navigation count", "path", e.Path, "err", err)
			}
		}
		out = append(out, l)
	}
	return out
}

// Home assembles the viewer's home page from every provider.
func (s *Shell) Home(ctx context.Context, v *Viewer) (HomePage, error) {
	s.mu.RLock()
	providers := slices.Clone(s.home)
	nav := slices.Clone(s.nav)
	s.mu.RUnlock()
	var h HomePage
	var all []HomeSection
	for _, p := range providers {
		secs, err := p(ctx, v)
		if err != nil {
			return h, err
		}
		all = append(all, secs...)
	}
	slices.SortStableFunc(all, func(a, b HomeSection) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	for _, sec := range all {
		switch {
		case sec.Waiting && len(sec.Items) > 0:
			h.Waiting = append(h.Waiting, sec)
		case !sec.Waiting:
			h.Other = append(h.Other, sec)
		}
	}
	for _, e := range nav {
		if slices.Contains(e.HomeRoles, v.Role) && slices.Contains(e.Roles, v.Role) {
			h.Quick = append(h.Quick, e)
		}
	}
	return h, nil
}
