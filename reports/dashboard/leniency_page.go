package dashboard

import "slices"

// WithinChanceInFlaggedPairs lists the units of the flagged pairs whose
// own verdict in the per-unit table reads "within chance" (tested, not
// flagged), sorted: the page says in one sentence why a pair can be
// lenient while its units are not, right where the two verdicts meet.
func (p *pageData) WithinChanceInFlaggedPairs() []string {
	l := p.D.Leniency
	var out []string
	for _, pr := range l.FlaggedPairs() {
		for _, code := range []string{pr.A, pr.B} {
			if u := l.Units[code]; u != nil && u.Tested && !u.Lenient && !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	slices.Sort(out)
	return out
}
