package dashboard

import (
	"slices"

	"github.com/crossaudit/crossaudit/internal/org"
)

// succession says which unit stands now for each unit recorded in the
// history, so that after a merger (issue 14) a successor's earlier results
// are the sum of its predecessors' and the predecessors no longer appear as
// rows of their own. The zero value (no lineage) keeps every unit as
// recorded.
type succession struct {
	l *org.Lineage
	// asRecorded keeps units as recorded: the office asked for a merged
	// unit's own figures by filtering on it.
	asRecorded bool
}

// newSuccession follows the lineage, unless the filter names a unit that
// was merged into another: then that unit's own records are shown.
func newSuccession(l *org.Lineage, f Filter) succession {
	s := succession{l: l}
	if l != nil && f.Unit != "" && l.Current(f.Unit) != f.Unit {
		s.asRecorded = true
	}
	return s
}

// key is the unit that stands for code in the figures.
func (s succession) key(code string) string {
	if s.l == nil || s.asRecorded {
		return code
	}
	return s.l.Current(code)
}

// family lists the units whose records count as code's own: code and the
// units merged into it.
func (s succession) family(code string) []string {
	if s.l == nil {
		return []string{code}
	}
	return s.l.Family(code)
}

// units maps units to those standing for them, without duplicates, sorted.
func (s succession) units(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, s.key(c))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// history maps the audited unit of each result to the unit standing for
// it, keeping the recorded one in From. The input is not changed.
func (s succession) history(h []Result) []Result {
	if s.l == nil || s.asRecorded {
		return h
	}
	out := slices.Clone(h)
	for i := range out {
		if k := s.key(out[i].Auditee); k != out[i].Auditee {
			out[i].From, out[i].Auditee = out[i].Auditee, k
		}
	}
	return out
}

// mergedFrom is the list a row of unit is marked with when its figures sum
// the records of the units in from: nil when they are the unit's own alone.
func mergedFrom(unit string, from []string) []string {
	out := slices.Clone(from)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 || len(out) == 1 && out[0] == unit {
		return nil
	}
	return out
}
