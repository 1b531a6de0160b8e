package dashboard

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// numbers formats figures in the page's language: a decimal comma in
// Vietnamese.
type numbers struct{ lang string }

// Num writes a number with one decimal.
func (n numbers) Num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if n.lang == i18n.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Plain writes a number with only the decimals it has (a target of 98 or
// 97.5).
func (n numbers) Plain(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if n.lang == i18n.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Share writes a fraction (0.05) as a percentage (5,0).
func (n numbers) Share(v float64) string { return n.Num(100 * v) }

// Pct writes a percentage, or a dash for none.
func (n numbers) Pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return n.Num(*v) + "%"
}

// Ratio writes an index such as 0.42, or a dash.
func (n numbers) Ratio(v *float64) string {
	if v == nil {
		return "—"
	}
	s := strconv.FormatFloat(*v, 'f', 2, 64)
	if n.lang == i18n.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Delta writes a signed change in points, or a dash.
func (n numbers) Delta(v *float64) string {
	if v == nil {
		return "—"
	}
	s := n.Num(*v)
	if *v > 0 {
		s = "+" + s
	}
	return s
}

// Rate writes a dossier rate as a percentage, or a dash when it cannot be
// computed (nothing to divide by).
func (n numbers) Rate(r procedures.Rate) string {
	if !r.Known {
		return "—"
	}
	return n.Num(r.Pct) + "%"
}

// joinNames writes units' names, in the order given, for a "merged from"
// mark.
func joinNames(names map[string]string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = cmp.Or(names[c], c)
	}
	return strings.Join(out, ", ")
}

// auditorRow is one auditing unit in the leniency table.
type auditorRow struct {
	Code string
	*UnitLeniency
}

// exportLink is one export, in both formats.
type exportLink struct {
	Kind, CSV, XLSX string
}

// pageData is the dashboard page.
type pageData struct {
	numbers
	Programmes []ProgrammeRef
	D          *Dashboard
	Statuses   []string
	States     []string // audit states, for the progress table
	GradeList  []string // nonconformity grades, major first
	Progress   template.HTML
	Grades     template.HTML
	Heat       template.HTML
	Auditors   []auditorRow
	Pairs      []PairLeniency
	Exports    []exportLink
	Method     []string // the method, paragraph by paragraph
}

// AuditLinks reports whether the page links to the audits: the office
// reads them all.
func (p *pageData) AuditLinks() bool { return true }

// Name is a unit's name.
func (p *pageData) Name(code string) string { return cmp.Or(p.D.Names[code], code) }

// Names writes units' names, for a "merged from" mark.
func (p *pageData) Names(codes []string) string { return joinNames(p.D.Names, codes) }

// AnyMerged reports whether a league row sums merged units' results, so
// that the page explains the mark.
func (p *pageData) AnyMerged() bool {
	return slices.ContainsFunc(p.D.League, func(s Standing) bool { return len(s.MergedFrom) > 0 })
}

// AnyFlagged reports whether a league row comes from an audit the fairness
// analysis flags, so that the page explains the mark.
func (p *pageData) AnyFlagged() bool {
	return slices.ContainsFunc(p.D.League, func(s Standing) bool { return s.Flagged(FlagLenientAuditor) })
}

// AnyDossierMerged reports whether a dossier row sums merged units'.
func (p *pageData) AnyDossierMerged() bool {
	return slices.ContainsFunc(p.D.Dossiers.Units, func(r DossierRow) bool { return len(r.MergedFrom) > 0 })
}

// page is GET /dashboard?programme=&unit=&status=.
func (h *Handler) page(c echo.Context) error {
	id, f, err := h.query(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	progs, err := h.Store.Programmes(ctx)
	if err != nil {
		return err
	}
	pg := h.Views.NewPage(c, nil)
	data := &pageData{numbers: numbers{pg.Lang}, Programmes: progs, Statuses: findings.NCStates, States: AuditStates,
		GradeList: []string{"major", "minor"}}
	pg.Data = data
	if len(progs) == 0 && id == 0 {
		return h.Views.RenderPage(c, http.StatusOK, "dashboard", pg)
	}
	d, err := h.load(ctx, id, f)
	if err != nil {
		return err
	}
	data.D = d
	data.charts(pg)
	data.leniency()
	// The exports hold what the page shows: its filters, in its language.
	q := url.Values{"programme": {strconv.FormatInt(d.Programme.ID, 10)}, "lang": {pg.Lang}}
	if f.Unit != "" {
		q.Set("unit", f.Unit)
	}
	if f.Status != "" {
		q.Set("status", f.Status)
	}
	for _, k := range ExportKinds {
		base := "/dashboard/export/" + k + "?" + q.Encode()
		data.Exports = append(data.Exports, exportLink{Kind: k, CSV: base + "&format=csv", XLSX: base + "&format=xlsx"})
	}
	cfg := d.Leniency.Config
	data.Method = []string{
		pg.T("dashboard.method.expected"),
		pg.T("dashboard.method.test", "alpha", data.Num(cfg.Alpha*100), "z", data.Ratio(&d.Leniency.UnitZ)),
		pg.T("dashboard.method.minimum", "audits", cfg.MinAudits, "items", cfg.MinItems, "expected", data.Num(cfg.MinExpected)),
		pg.T("dashboard.method.pairs"),
		pg.T("dashboard.method.rare", "audits", cfg.RareMinAudits, "rate", data.Num(cfg.RareMaxRate*100)),
	}
	return h.Views.RenderPage(c, http.StatusOK, "dashboard", pg)
}

// charts draws the page's charts in its language.
func (p *pageData) charts(pg *web.Page) {
	d := p.D
	var states []string
	for _, s := range AuditStates {
		states = append(states, pg.Status(i18n.StatusAudit, s))
	}
	var bars []Bar
	var desc []string
	for _, r := range d.Rounds {
		b := Bar{Label: pg.T("dashboard.round", "n", r.N)}
		var parts []string
		for i, s := range AuditStates {
			b.Parts = append(b.Parts, r.ByState[s])
			if r.ByState[s] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", states[i], r.ByState[s]))
			}
		}
		bars = append(bars, b)
		desc = append(desc, b.Label+": "+strings.Join(parts, ", "))
	}
	p.Progress = StackedBars(Chart{ID: "chart-progress", Title: pg.T("dashboard.progress"), Desc: strings.Join(desc, "; ")}, bars, states)
	var statuses []string
	for _, s := range findings.NCStates {
		statuses = append(statuses, pg.Status(i18n.StatusNC, s))
	}
	bars, desc = nil, nil
	for _, g := range []string{"major", "minor"} {
		b := Bar{Label: pg.T("dashboard.grade." + g)}
		for _, s := range findings.NCStates {
			b.Parts = append(b.Parts, d.ByGrade[g][s])
		}
		bars = append(bars, b)
		desc = append(desc, fmt.Sprintf("%s: %d", b.Label, sum(b.Parts)))
	}
	p.Grades = StackedBars(Chart{ID: "chart-grades", Title: pg.T("dashboard.by_grade"), Desc: strings.Join(desc, "; ")}, bars, statuses)
	var rows []string
	cells := make([][]int, 0, len(d.Heatmap.Rows))
	for _, r := range d.Heatmap.Rows {
		rows = append(rows, p.Name(r.Unit))
		cells = append(cells, r.Cells)
	}
	cols := make([]string, len(d.Heatmap.Clauses))
	for i, c := range d.Heatmap.Clauses {
		cols[i] = pg.T("dashboard.clause", "c", c)
	}
	p.Heat = HeatmapSVG(Chart{ID: "chart-heat", Title: pg.T("dashboard.heatmap"), Desc: pg.T("dashboard.heatmap_desc")}, rows, cols, cells, d.Heatmap.Max)
}

// leniency orders the auditing units, most lenient first.
func (p *pageData) leniency() {
	for code, u := range p.D.Leniency.Units {
		p.Auditors = append(p.Auditors, auditorRow{Code: code, UnitLeniency: u})
	}
	slices.SortFunc(p.Auditors, func(a, b auditorRow) int { return cmp.Or(cmp.Compare(a.Z, b.Z), cmp.Compare(a.Code, b.Code)) })
	for _, pr := range p.D.Leniency.Pairs {
		if pr.Tested || pr.Lenient {
			p.Pairs = append(p.Pairs, pr)
		}
	}
}

// unitData is a unit's own page.
type unitData struct {
	numbers
	V     *UnitView
	Trend template.HTML
	Staff bool
	links bool
	names map[string]string
}

// AuditLinks reports whether the page links to the audits: for those who
// may read them, staff and the audited unit's own users, not its auditors
// (who read only the audits their team conducts).
func (u *unitData) AuditLinks() bool { return u.links }

// Name is a unit's name.
func (u *unitData) Name(code string) string { return cmp.Or(u.names[code], code) }

// Names writes units' names, for a "merged from" mark.
func (u *unitData) Names(codes []string) string { return joinNames(u.names, codes) }

// AnyMerged reports whether a round or a year sums merged units' records,
// so that the page explains the mark.
func (u *unitData) AnyMerged() bool {
	return slices.ContainsFunc(u.V.Points, func(p UnitPoint) bool { return len(p.MergedFrom) > 0 }) ||
		slices.ContainsFunc(u.V.Dossiers, func(r DossierRow) bool { return len(r.MergedFrom) > 0 })
}

// unitPage is GET /dashboard/units/{code}: the unit's results over time
// against the programme average and its management-review inputs. Staff
// see any unit; a unit's users only their own (404 otherwise, as for an
// audit they may not read).
func (h *Handler) unitPage(c echo.Context) error {
	code := c.Param("code")
	u := auth.UserOf(c)
	if !canSeeUnit(u, code) {
		return apperr.NotFoundThing("thing.unit")
	}
	ud, err := h.Store.LoadUnit(c.Request().Context(), code)
	if err != nil {
		return err
	}
	v := BuildUnit(ud)
	pg := h.Views.NewPage(c, nil)
	data := &unitData{numbers: numbers{pg.Lang}, V: v, Staff: u.IsStaff(), links: u.Role != role.Auditor, names: ud.Names}
	var groups []Group
	var desc []string
	for _, pt := range v.Points {
		label := pg.T("dashboard.year_round", "year", pt.Year, "n", pt.Round)
		groups = append(groups, Group{Label: label, Values: []*float64{pt.Score, pt.Average}})
		desc = append(desc, fmt.Sprintf("%s: %s / %s", label, data.Pct(pt.Score), data.Pct(pt.Average)))
	}
	data.Trend = GroupedBars(Chart{ID: "chart-trend", Title: pg.T("dashboard.unit_trend"), Desc: strings.Join(desc, "; ")},
		groups, []string{pg.T("dashboard.unit_score"), pg.T("dashboard.programme_average")})
	pg.Data = data
	return h.Views.RenderPage(c, http.StatusOK, "dashboard_unit", pg)
}
