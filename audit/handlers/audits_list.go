package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// groupShown bounds the rows each state's section shows when no state is
// chosen: an office with a province's 250 audits a round sees the first
// of each and a link to the whole state, paged, instead of one endless page.
const groupShown = 20

// maxSearch bounds the unit search: no unit name is longer.
const maxSearch = 100

// auditGroup is one state's section of the list.
type auditGroup struct {
	Status string
	Audits []auditRow // the rows shown
	Total  int        // the state's audits matching the search
	More   string     // the link to all of them, "" when all are shown
}

type auditsData struct {
	Groups   []auditGroup
	Status   string
	Statuses []string
	Query    string
	Pager    web.Pager // the chosen state's pages; one page without a state
}

// matchesUnit reports whether the search folded finds either unit of the
// audit, by code or by name, with or without diacritics.
func matchesUnit(r auditRow, folded string) bool {
	if folded == "" {
		return true
	}
	for _, s := range []string{r.AuditeeUnit, r.AuditeeName, r.AuditorUnit, r.AuditorName} {
		if strings.Contains(text.Fold(s), folded) {
			return true
		}
	}
	return false
}

// list is /audits: the audits the viewer may see (the team's for an
// auditor, the unit's for an auditee, all for the office) by state, each by
// date, searchable by unit; one state chosen is paged.
func (p *ConductPages) list(c echo.Context) error {
	status := c.QueryParam("status")
	if !slices.Contains(statusOrder, status) {
		status = ""
	}
	q := strings.TrimSpace(text.Clean(c.QueryParam("q")))
	if text.Len(q) > maxSearch {
		q = string([]rune(q)[:maxSearch])
	}
	rows, err := p.rows(c.Request().Context(), auth.UserOf(c), audit.AuditFilter{Status: status})
	if err != nil {
		return err
	}
	folded := text.Fold(q)
	rows = slices.DeleteFunc(rows, func(r auditRow) bool { return !matchesUnit(r, folded) })
	d := auditsData{Status: status, Statuses: statusOrder, Query: q}
	for _, s := range statusOrder {
		g := auditGroup{Status: s}
		for _, r := range rows {
			if r.Status == s {
				g.Audits = append(g.Audits, r)
			}
		}
		g.Total = len(g.Audits)
		switch {
		case g.Total == 0:
			continue
		case status != "":
			g.Audits, d.Pager = web.Paginate(c, g.Audits, web.PerPage)
		case g.Total > groupShown:
			g.Audits = g.Audits[:groupShown]
			keep := url.Values{}
			if q != "" {
				keep.Set("q", q)
			}
			g.More = web.WithQuery("/audits", keep, "status", s)
		}
		d.Groups = append(d.Groups, g)
	}
	return p.Views.Render(c, http.StatusOK, "audits", d)
}
