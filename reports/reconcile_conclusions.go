package reports

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// largestShown is how many units with the most gaps the conclusions name.
const largestShown = 3

// reconcileConclusions drafts the reconciliation's conclusions from its
// figures, one message a paragraph: how many units have gaps and the
// largest, the most frequent kind, the lists not imported, the dossier
// rates below the target, and what to do. unit narrows them to one unit.
// They speak of every unit even when the document lists only those with
// gaps.
func reconcileConclusions(ov procedures.Overview, unit string) []apperr.Msg {
	var units []procedures.UnitGaps
	for _, u := range ov.Units {
		if unit == "" || u.Unit == unit {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil
	}
	with, gaps, unknown, below := 0, 0, 0, 0
	kinds := map[string]int{}
	for _, u := range units {
		if m := u.Missing(); m > 0 {
			with++
			gaps += m
		}
		for _, k := range summaryKinds {
			kinds[k] += u.Counts[k]
		}
		if slices.ContainsFunc(procedures.ListKinds, func(k string) bool { return !u.Imported(k) }) {
			unknown++
		}
		if f := u.Figures; f != nil && (f.OnTimeRate.Below || f.Parity.Below) {
			below++
		}
	}
	var out []apperr.Msg
	switch {
	case unit != "" && gaps == 0:
		out = append(out, apperr.M("procedures.pdf.concl.unit_clean"))
	case unit != "":
		out = append(out, apperr.M("procedures.pdf.concl.unit_gaps", "n", gaps))
	case with == 0:
		out = append(out, apperr.M("procedures.pdf.concl.all_clean", "units", len(units)))
	default:
		out = append(out, apperr.M("procedures.pdf.concl.all", "with", with, "units", len(units), "gaps", gaps),
			apperr.M("procedures.pdf.concl.largest", "units", largestGaps(units)))
	}
	if k, n := topKind(kinds); n > 0 {
		out = append(out, apperr.M("procedures.pdf.concl.top_kind", "kind", apperr.M("procedures.gap."+k), "n", n))
	}
	if unknown > 0 {
		out = append(out, apperr.M("procedures.pdf.concl.unknown", "n", unknown))
	}
	if below > 0 {
		out = append(out, apperr.M("procedures.pdf.concl.below", "n", below, "target", procedures.PctMsg(ov.Target)))
	}
	if gaps > 0 {
		out = append(out, apperr.M("procedures.pdf.concl.recommend"))
	}
	return out
}

// largestGaps names the units with the most gaps, with their number, in
// running text: "xã Hiệp An (12)".
func largestGaps(units []procedures.UnitGaps) []string {
	sorted := slices.Clone(units)
	slices.SortStableFunc(sorted, func(a, b procedures.UnitGaps) int {
		return cmp.Or(cmp.Compare(b.Missing(), a.Missing()), cmp.Compare(a.Unit, b.Unit))
	})
	var out []string
	for _, u := range sorted[:min(largestShown, len(sorted))] {
		if u.Missing() > 0 {
			out = append(out, org.InText(or(u.UnitName, u.Unit))+" ("+strconv.Itoa(u.Missing())+")")
		}
	}
	return out
}

// topKind is the most frequent kind of real gap and its count, the first
// in summaryKinds order on a tie.
func topKind(kinds map[string]int) (string, int) {
	best, n := "", 0
	for _, k := range summaryKinds {
		if kinds[k] > n {
			best, n = k, kinds[k]
		}
	}
	return best, n
}
