package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// The programme summary's words, written once for the PDF and its DOCX
// twin, which only lay them out.

// compareTexts are one line of the comparison after its label: the scores
// and nonconformities before and now, and closed on time as "previous →
// now", each as on time over closed.
func (rd *Renderer) compareTexts(l ComparisonLine) []string {
	score := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return pdfdoc.Percent(rd.Lang, *v)
	}
	nc := func(n int, has bool) string {
		if !has {
			return "–"
		}
		return strconv.Itoa(n)
	}
	onTime := strconv.Itoa(l.PrevOnTime) + "/" + strconv.Itoa(l.PrevClosed) + " → " + strconv.Itoa(l.OnTime) + "/" + strconv.Itoa(l.Closed)
	return []string{score(l.PrevScore), score(l.Score), nc(l.PrevNC, l.HadPrevious), nc(l.NC, l.HasResult), onTime}
}

// totalScore is the totals row's score: the percentage over the counts,
// "–" while nothing is applicable.
func (rd *Renderer) totalScore(r *ProgrammeReport) string {
	if r.Totals.Applicable == 0 {
		return "–"
	}
	return pdfdoc.Percent(rd.Lang, r.Totals.Percent) + "\n" + strconv.Itoa(r.Totals.Favourable) + "/" + strconv.Itoa(r.Totals.Applicable)
}

// fairnessParas are section VI's paragraphs: the analysis's scope, then
// each flagged unit and pair, or why there is nothing to flag.
func (rd *Renderer) fairnessParas(r *ProgrammeReport) []string {
	f := r.Fairness
	if f == nil {
		return []string{rd.t("report.programme.fairness_unknown")}
	}
	out := []string{rd.t("report.programme.fairness_scope", "audits", f.Audits, "units", f.UnitsTested, "pairs", f.PairsTested)}
	if len(f.Units) == 0 && len(f.Pairs) == 0 {
		return append(out, rd.t("report.programme.fairness_none"))
	}
	index := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return rd.decimal(*v, 2)
	}
	for _, u := range f.Units {
		out = append(out, "- "+rd.t("report.programme.fairness_unit", "unit", org.InText(u.Auditor.Name), "found", u.Findings,
			"expected", rd.decimal(u.Expected, 1), "index", index(u.Index)))
	}
	for _, p := range f.Pairs {
		out = append(out, "- "+rd.t("report.programme.fairness_pair", "a", org.InText(p.A.Name), "b", org.InText(p.B.Name), "found", p.Findings,
			"expected", rd.decimal(p.Expected, 1), "index", index(p.Index)))
	}
	if len(f.Caveat) > 0 {
		names := make([]string, len(f.Caveat))
		for i, u := range f.Caveat {
			names[i] = org.InText(u.Name)
		}
		out = append(out, rd.t("report.programme.fairness_caveat", "units", strings.Join(names, ", ")))
	}
	return out
}

// conclusionParas are section VII's paragraphs, empty lines left out.
func (rd *Renderer) conclusionParas(r *ProgrammeReport) []string {
	var out []string
	for _, p := range strings.Split(rd.ConclusionsText(r), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
