package dashboard

import (
	"cmp"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// reviewHandler serves a unit's management-review pack, as a page and as
// a PDF, to whoever may see the unit's own page.
type reviewHandler struct {
	store *Store
	views *web.Views
	cat   *i18n.Catalog
}

// mountReview registers the pack's routes: signed-in users, narrowed in
// the handler to staff and the unit's own people (canSeeUnit, as the
// unit's page decides).
func mountReview(s *web.Server, r *web.Router, store *Store) {
	h := &reviewHandler{store: store, views: s.Views, cat: s.Catalog}
	r.GET("/dashboard/units/:code/review", h.page, web.SignedIn())
	r.GET("/dashboard/units/:code/review.pdf", h.pdf, web.SignedIn())
}

// Years a review may name: wide enough for any real programme, narrow
// enough that a typo is caught.
const (
	minReviewYear = 2000
	maxReviewYear = 2100
)

// load checks access, reads the year (default: the latest programme's,
// or this year when there is none) and builds the pack. An unknown unit,
// or one the user may not see, is 404; a malformed year 422.
func (h *reviewHandler) load(c echo.Context) (*Review, []int, ReviewInput, error) {
	code := c.Param("code")
	if !canSeeUnit(auth.UserOf(c), code) {
		return nil, nil, ReviewInput{}, apperr.NotFoundThing("thing.unit")
	}
	ctx := c.Request().Context()
	years, err := h.store.ReviewYears(ctx)
	if err != nil {
		return nil, nil, ReviewInput{}, err
	}
	year := h.store.DB.Now().In(i18n.Zone).Year()
	if len(years) > 0 {
		year = years[0]
	}
	if v := strings.TrimSpace(c.QueryParam("year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < minReviewYear || y > maxReviewYear {
			return nil, nil, ReviewInput{}, apperr.InvalidFields(map[string]apperr.Msg{"year": apperr.M("review.bad_year")})
		}
		year = y
	}
	in, err := h.store.LoadReview(ctx, code, year)
	if err != nil {
		return nil, nil, in, err
	}
	if !slices.Contains(years, year) {
		years = append(years, year)
		slices.SortFunc(years, func(a, b int) int { return cmp.Compare(b, a) })
	}
	return BuildReview(in), years, in, nil
}

// reviewPage is the pack's page.
type reviewPage struct {
	numbers
	R     *Review
	Years []int
	Trend template.HTML
	PDF   string
	Back  string
	// DossierLine sums up the year's dossier figures as the PDF does.
	DossierLine string
	// ScoreCaveat and TrendCaveat qualify the score and the change when
	// they rest on a result flagged as lenient, as the PDF does; "" when
	// they do not.
	ScoreCaveat, TrendCaveat string
	links                    bool
	names                    map[string]string
}

// AuditLinks reports whether the page links to the audits: not for the
// unit's auditors, who read only the audits their own team conducts.
func (p *reviewPage) AuditLinks() bool { return p.links }

// Name is a unit's name.
func (p *reviewPage) Name(code string) string { return cmp.Or(p.names[code], code) }

// Rate writes a dossier rate, or a dash when no dossier makes it.
func (p *reviewPage) Rate(r procedures.Rate) string {
	if !r.Known {
		return "—"
	}
	return p.Pct(&r.Pct)
}

// page is GET /dashboard/units/{code}/review?year=.
func (h *reviewHandler) page(c echo.Context) error {
	r, years, in, err := h.load(c)
	if err != nil {
		return err
	}
	pg := h.views.NewPage(c, nil)
	base := "/dashboard/units/" + r.Code
	data := &reviewPage{numbers: numbers{pg.Lang}, R: r, Years: years, Back: base,
		PDF:   base + "/review.pdf?year=" + strconv.Itoa(r.Year),
		links: auth.UserOf(c).Role != role.Auditor, names: in.Unit.Names}
	rd := reviewRenderer{cat: h.cat, lang: pg.Lang}
	if r.Dossier != nil {
		data.DossierLine = rd.dossierLine(r)
	}
	data.ScoreCaveat, data.TrendCaveat = rd.scoreCaveat(r), rd.trendCaveat(r)
	groups := make([]Group, 0, len(r.Rounds))
	desc := make([]string, 0, len(r.Rounds))
	for _, p := range r.Rounds {
		label := pg.T("review.year_round", "year", p.Year, "n", p.Round)
		groups = append(groups, Group{Label: label, Values: []*float64{p.Score, p.Average}})
		desc = append(desc, fmt.Sprintf("%s: %s / %s", label, data.Pct(p.Score), data.Pct(p.Average)))
	}
	if len(groups) > 0 {
		data.Trend = GroupedBars(Chart{ID: "chart-review-trend", Title: pg.T("review.trend_chart"), Desc: strings.Join(desc, "; ")},
			groups, []string{pg.T("review.col.score"), pg.T("review.col.average")})
	}
	pg.Data = data
	return h.views.RenderPage(c, http.StatusOK, "dashboard_review", pg)
}

// pdf is GET /dashboard/units/{code}/review.pdf?year=: the same pack as a
// document in the decree's form.
func (h *reviewHandler) pdf(c echo.Context) error {
	r, _, _, err := h.load(c)
	if err != nil {
		return err
	}
	b, err := ReviewPDF(h.cat, web.Lang(c), r)
	if err != nil {
		return apperr.Wrap(fmt.Errorf("dashboard: review %s %d: %w", r.Code, r.Year, err))
	}
	hd := c.Response().Header()
	name := fmt.Sprintf("xem-xet-lanh-dao-%s-%d.pdf", r.Code, r.Year)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "application/pdf", b)
}
