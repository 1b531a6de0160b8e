package reports

import (
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// lowestShown is how many of the lowest-scoring units the draft names.
const lowestShown = 3

// SuggestConclusions drafts the conclusions and recommendations from the
// summary's figures, one message per paragraph: the overall result, the
// change since the previous programme, the units to follow, the overdue
// actions, the fairness flags and the recommendations. The office edits
// it; it is printed as it stands only while the office has written none.
func SuggestConclusions(r *ProgrammeReport) []apperr.Msg {
	done := 0
	for _, row := range r.Rows {
		if row.HasScore {
			done++
		}
	}
	if done == 0 {
		return []apperr.Msg{apperr.M("report.programme.draft.no_results", "audits", len(r.Rows))}
	}
	out := []apperr.Msg{apperr.M("report.programme.draft.overall", "audits", len(r.Rows), "done", done,
		"percent", procedures.PctMsg(r.Totals.Percent), "ncs", r.NCs, "major", r.Totals.ByResult[checklist.Major])}
	if c := r.Previous; c != nil && c.Overall.Score != nil && c.Overall.PrevScore != nil {
		key := "report.programme.draft.better"
		if *c.Overall.Score < *c.Overall.PrevScore {
			key = "report.programme.draft.worse"
		}
		out = append(out, apperr.M(key, "previous", c.Name, "from", procedures.PctMsg(*c.Overall.PrevScore),
			"to", procedures.PctMsg(*c.Overall.Score), "prev_ncs", c.Overall.PrevNC, "ncs", c.Overall.NC))
	}
	if low := lowest(r.Rows); len(low) > 0 {
		out = append(out, apperr.M("report.programme.draft.lowest", "units", low))
	}
	if len(r.Overdue) > 0 {
		out = append(out, apperr.M("report.programme.draft.overdue", "n", len(r.Overdue)))
	}
	if f := r.Fairness; f != nil && (len(f.Units) > 0 || len(f.Pairs) > 0) {
		var names []string
		for _, u := range f.Units {
			names = append(names, org.InText(or(u.Auditor.Name, u.Auditor.Code)))
		}
		for _, p := range f.Pairs {
			names = append(names, org.InText(or(p.A.Name, p.A.Code))+" – "+org.InText(or(p.B.Name, p.B.Code)))
		}
		out = append(out, apperr.M("report.programme.draft.fairness", "units", names))
	}
	return append(out, apperr.M("report.programme.draft.recommend"))
}

// lowest names the units of the lowest scores, up to lowestShown, lowest
// first, as running text names them; none when there are too few scores
// to single any out.
func lowest(rows []UnitRow) []string {
	var scored []UnitRow
	for _, r := range rows {
		if r.HasScore {
			scored = append(scored, r)
		}
	}
	slices.SortStableFunc(scored, func(a, b UnitRow) int {
		if a.Score.Percent != b.Score.Percent {
			if a.Score.Percent < b.Score.Percent {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Auditee.Code, b.Auditee.Code)
	})
	if len(scored) < 2*lowestShown { // too few to single any out
		return nil
	}
	var out []string
	for _, r := range scored[:lowestShown] {
		out = append(out, org.InText(r.Auditee.Name))
	}
	return out
}
