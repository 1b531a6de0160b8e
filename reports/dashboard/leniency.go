package dashboard

import (
	"cmp"
	"math"
	"slices"
)

// Obs is one submitted or issued audit as the leniency analysis sees it:
// who audited whom, how many items applied and how many of them were found
// nonconforming (minor or major).
type Obs struct {
	AuditID    int64  `json:"audit_id"`
	Round      string `json:"round"` // "2025 · 1": the programme's year and the round
	Auditor    string `json:"auditor_unit"`
	Auditee    string `json:"auditee_unit"`
	Applicable int    `json:"applicable"`
	NC         int    `json:"nonconformities"`
}

// ItemObs is how often one checklist item applied and was found
// nonconforming over the audits analysed.
type ItemObs struct {
	Item       string `json:"item_id"`
	Clause     string `json:"clause"`
	TextVI     string `json:"text_vi"`
	TextEN     string `json:"text_en"`
	Applicable int    `json:"applicable"`
	NC         int    `json:"nonconformities"`
}

// Config holds the thresholds of the analysis, shown on the page so that a
// reader knows when a flag can appear.
type Config struct {
	// A unit or pair is tested only with at least MinAudits audits, MinItems
	// applicable items and MinExpected nonconformities expected: below that,
	// finding nothing is not evidence of anything.
	MinAudits   int     `json:"min_audits"`
	MinItems    int     `json:"min_items"`
	MinExpected float64 `json:"min_expected"`
	// Alpha is the chance, over all units (and separately all pairs) tested,
	// of flagging any when every auditor is fair (Bonferroni).
	Alpha float64 `json:"alpha"`
	// An item is listed as rarely found nonconforming when it applied in at
	// least RareMinAudits audits and was nonconforming in at most
	// RareMaxRate of them.
	RareMinAudits int     `json:"rare_min_audits"`
	RareMaxRate   float64 `json:"rare_max_rate"`
}

// DefaultConfig is the analysis the dashboard runs.
var DefaultConfig = Config{MinAudits: 2, MinItems: 100, MinExpected: 5, Alpha: 0.01, RareMinAudits: 10, RareMaxRate: 0.02}

// Reasons a unit or pair is not tested.
const (
	ReasonFewAudits   = "few_audits"
	ReasonFewItems    = "few_items"
	ReasonFewExpected = "few_expected"
)

// Severity compares what an auditing unit (or a pair) found with what was
// expected of the same audited units.
type Severity struct {
	Audits   int     `json:"audits"`
	Items    int     `json:"items"`
	Findings int     `json:"nonconformities"`
	Expected float64 `json:"expected"` // from other auditors of the same units
	// Index is Findings/Expected: 1 finds as much as the others, 0.5 half.
	// Low and High bound it with 95% confidence. Nil without expectation.
	Index *float64 `json:"index"`
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
	Z     float64  `json:"z"`
	// Tested is false below the minimum sample; Reason says which.
	Tested  bool   `json:"tested"`
	Reason  string `json:"reason,omitempty"`
	Lenient bool   `json:"lenient"`
}

// UnitLeniency is one auditing unit's severity.
type UnitLeniency struct {
	Severity
	// ExpectedProgramme and IndexProgramme compare with the programme's
	// overall rate instead of the same audited units.
	ExpectedProgramme float64  `json:"expected_programme"`
	IndexProgramme    *float64 `json:"index_programme"`
	// PeerAudits counts the audits by other units of the units it audited.
	PeerAudits int `json:"peer_audits"`
}

// PairLeniency is two units that audited each other across rounds.
type PairLeniency struct {
	A string `json:"unit_a"`
	B string `json:"unit_b"`
	Severity
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one audit behind a pair's figures.
type Evidence struct {
	Obs
	Expected float64 `json:"expected"`
}

// Leniency is the analysis: per auditing unit, per reciprocal pair, and the
// items rarely found nonconforming.
type Leniency struct {
	Config      Config                   `json:"config"`
	Audits      int                      `json:"audits"`
	Rate        float64                  `json:"rate"` // nonconformities per applicable item, programme-wide
	Dispersion  float64                  `json:"dispersion"`
	UnitsTested int                      `json:"units_tested"`
	UnitZ       float64                  `json:"unit_threshold_z"`
	PairsTested int                      `json:"pairs_tested"`
	PairZ       float64                  `json:"pair_threshold_z"`
	Units       map[string]*UnitLeniency `json:"units"`
	Pairs       []PairLeniency           `json:"pairs"`
	RareItems   []ItemObs                `json:"rare_items"`
}

// Flagged lists the codes of the units flagged as lenient, sorted.
func (l *Leniency) Flagged() []string {
	var out []string
	for code, u := range l.Units {
		if u.Lenient {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// FlaggedAudit reports whether an audit's result comes from a unit or a
// pair the analysis flags as lenient: the league marks such a result and
// the documents that quote it carry a caveat.
func (l *Leniency) FlaggedAudit(auditor, auditee string) bool {
	if l == nil {
		return false
	}
	if u := l.Units[auditor]; u != nil && u.Lenient {
		return true
	}
	for _, p := range l.Pairs {
		if p.Lenient && ((p.A == auditor && p.B == auditee) || (p.A == auditee && p.B == auditor)) {
			return true
		}
	}
	return false
}

// FlaggedPairs lists the pairs flagged as lenient.
func (l *Leniency) FlaggedPairs() []PairLeniency {
	var out []PairLeniency
	for _, p := range l.Pairs {
		if p.Lenient {
			out = append(out, p)
		}
	}
	return out
}

// tally is nonconformities over applicable items.
type tally struct{ nc, n int }

// model holds what the expectations are computed from.
type model struct {
	obs      []Obs
	rate     float64
	shrink   float64
	received map[string]tally            // per audited unit
	byPair   map[string]map[string]tally // audited unit → auditor → tally
	expect   []float64                   // per observation, from the audited unit's other auditors
	pearson  []float64                   // per observation, (O-E)^2/E
	// The Pearson residuals summed over the audits with an expectation, in
	// all and per auditing unit, with their counts.
	pearsonSum float64
	pearsonN   int
	pearsonBy  map[string]float64
	pearsonNBy map[string]int
	audits     map[string]int            // audits received per audited unit
	auditsBy   map[string]map[string]int // audited unit → auditor → audits
}

func newModel(obs []Obs) *model {
	m := &model{obs: obs, received: map[string]tally{}, byPair: map[string]map[string]tally{},
		pearsonBy: map[string]float64{}, pearsonNBy: map[string]int{}, audits: map[string]int{}, auditsBy: map[string]map[string]int{}}
	var total tally
	for _, o := range obs {
		total.nc += o.NC
		total.n += o.Applicable
		r := m.received[o.Auditee]
		m.received[o.Auditee] = tally{r.nc + o.NC, r.n + o.Applicable}
		if m.byPair[o.Auditee] == nil {
			m.byPair[o.Auditee] = map[string]tally{}
		}
		p := m.byPair[o.Auditee][o.Auditor]
		m.byPair[o.Auditee][o.Auditor] = tally{p.nc + o.NC, p.n + o.Applicable}
		m.audits[o.Auditee]++
		if m.auditsBy[o.Auditee] == nil {
			m.auditsBy[o.Auditee] = map[string]int{}
		}
		m.auditsBy[o.Auditee][o.Auditor]++
	}
	if total.n > 0 {
		m.rate = float64(total.nc) / float64(total.n)
		// Shrink each unit's received rate toward the programme's by one
		// average audit's worth of items, so that a unit seen once by
		// others does not set a wild expectation.
		m.shrink = float64(total.n) / float64(len(obs))
	}
	m.expect = make([]float64, len(obs))
	m.pearson = make([]float64, len(obs))
	for i, o := range obs {
		r, s := m.received[o.Auditee], m.byPair[o.Auditee][o.Auditor]
		others := tally{r.nc - s.nc, r.n - s.n}
		rate := (float64(others.nc) + m.shrink*m.rate) / (float64(others.n) + m.shrink)
		m.expect[i] = rate * float64(o.Applicable)
		if m.expect[i] > 0 {
			d := float64(o.NC) - m.expect[i]
			m.pearson[i] = d * d / m.expect[i]
			m.pearsonSum += m.pearson[i]
			m.pearsonN++
			m.pearsonBy[o.Auditor] += m.pearson[i]
			m.pearsonNBy[o.Auditor]++
		}
	}
	return m
}

// dispersion estimates how much more audits vary than chance alone would
// make them: the mean Pearson residual of the audits by neither of the
// excluded units, used only when it is significantly above 1 (at 5%, by
// the chi-square test), else 1. Leaving out the units under test keeps a
// very lenient auditor from hiding itself by inflating it; the test keeps
// a small programme's noise from swamping every signal.
func (m *model) dispersion(exclude ...string) float64 {
	sum, n := m.pearsonSum, m.pearsonN
	for i, code := range exclude {
		if slices.Contains(exclude[:i], code) {
			continue
		}
		sum -= m.pearsonBy[code]
		n -= m.pearsonNBy[code]
	}
	if n < 2 || sum <= chi2Quantile(n, 0.05) {
		return 1
	}
	return sum / float64(n)
}

// chi2Quantile is the value a chi-square with df degrees of freedom
// exceeds with probability p (Wilson–Hilferty).
func chi2Quantile(df int, p float64) float64 {
	k := float64(df)
	c := 2 / (9 * k)
	return k * math.Pow(1-c+normalQuantile(p)*math.Sqrt(c), 3)
}

// severity tests the audits idx against their expectations.
func (m *model) severity(cfg Config, idx []int, phi float64) Severity {
	var s Severity
	for _, i := range idx {
		s.Audits++
		s.Items += m.obs[i].Applicable
		s.Findings += m.obs[i].NC
		s.Expected += m.expect[i]
	}
	if s.Expected > 0 {
		idxv := float64(s.Findings) / s.Expected
		lo, hi := scoreInterval(float64(s.Findings), phi, 1.959964)
		lo, hi = lo/s.Expected, hi/s.Expected
		s.Index, s.Low, s.High = &idxv, &lo, &hi
		s.Z = (float64(s.Findings) - s.Expected) / math.Sqrt(phi*s.Expected)
	}
	switch {
	case s.Audits < cfg.MinAudits:
		s.Reason = ReasonFewAudits
	case s.Items < cfg.MinItems:
		s.Reason = ReasonFewItems
	case s.Expected < cfg.MinExpected:
		s.Reason = ReasonFewExpected
	default:
		s.Tested = true
	}
	return s
}

// Analyse runs the leniency analysis over the audits and item tallies.
//
// For each audit, the expected number of nonconformities is its applicable
// items times the rate the audited unit received from its other auditors
// (shrunk toward the programme rate). An auditing unit whose findings fall
// below the sum of its expectations by more than chance allows — a one-sided
// quasi-Poisson test, Bonferroni-corrected over the units tested — is
// flagged as lenient. Two units that audited each other are tested the same
// way over the audits between them, and flagged only when each direction
// finds less than expected.
func Analyse(cfg Config, obs []Obs, items []ItemObs) *Leniency {
	m := newModel(obs)
	l := &Leniency{Config: cfg, Audits: len(obs), Rate: m.rate, Dispersion: m.dispersion(), Units: map[string]*UnitLeniency{}}
	byAuditor := map[string][]int{}
	for i, o := range obs {
		byAuditor[o.Auditor] = append(byAuditor[o.Auditor], i)
	}
	var total tally
	for _, o := range obs {
		total.nc += o.NC
		total.n += o.Applicable
	}
	// First pass, with chance variation only: the units that look lenient
	// are left out of the dispersion estimate of the second, so that two
	// lenient units do not hide each other.
	suspects := m.suspects(cfg, byAuditor)
	for code, idx := range byAuditor {
		u := &UnitLeniency{Severity: m.severity(cfg, idx, m.dispersion(append([]string{code}, suspects...)...))}
		own := tally{}
		seen := map[string]bool{}
		for _, i := range idx {
			own.nc += obs[i].NC
			own.n += obs[i].Applicable
			if !seen[obs[i].Auditee] {
				seen[obs[i].Auditee] = true
				u.PeerAudits += m.peerAudits(obs[i].Auditee, code)
			}
		}
		if rest := total.n - own.n; rest > 0 {
			u.ExpectedProgramme = float64(own.n) * float64(total.nc-own.nc) / float64(rest)
		}
		if u.ExpectedProgramme > 0 {
			v := float64(u.Findings) / u.ExpectedProgramme
			u.IndexProgramme = &v
		}
		if u.Tested {
			l.UnitsTested++
		}
		l.Units[code] = u
	}
	l.UnitZ = normalQuantile(cfg.Alpha / float64(max(1, l.UnitsTested)))
	for _, u := range l.Units {
		u.Lenient = u.Tested && u.Z < -l.UnitZ
	}
	l.Pairs = m.pairs(cfg, suspects)
	for _, p := range l.Pairs {
		if p.Tested {
			l.PairsTested++
		}
	}
	l.PairZ = normalQuantile(cfg.Alpha / float64(max(1, l.PairsTested)))
	for i := range l.Pairs {
		p := &l.Pairs[i]
		p.Lenient = p.Tested && p.Z < -l.PairZ && eachFindsLess(p)
	}
	l.RareItems = rareItems(cfg, items)
	return l
}

// suspects are the units that a test assuming chance variation only (no
// extra dispersion) would flag.
func (m *model) suspects(cfg Config, byAuditor map[string][]int) []string {
	tested := map[string]Severity{}
	for code, idx := range byAuditor {
		if s := m.severity(cfg, idx, 1); s.Tested {
			tested[code] = s
		}
	}
	z := normalQuantile(cfg.Alpha / float64(max(1, len(tested))))
	var out []string
	for code, s := range tested {
		if s.Z < -z {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// peerAudits counts the audits of unit by auditors other than auditor.
func (m *model) peerAudits(unit, auditor string) int {
	return m.audits[unit] - m.auditsBy[unit][auditor]
}

// pairs gathers every two units that audited each other, in either order
// and any rounds, sorted by their index, most lenient first.
func (m *model) pairs(cfg Config, suspects []string) []PairLeniency {
	directed := map[[2]string][]int{}
	for i, o := range m.obs {
		k := [2]string{o.Auditor, o.Auditee}
		directed[k] = append(directed[k], i)
	}
	var out []PairLeniency
	for k, ab := range directed {
		a, b := k[0], k[1]
		ba, ok := directed[[2]string{b, a}]
		if !ok || a > b {
			continue
		}
		idx := append(slices.Clone(ab), ba...)
		p := PairLeniency{A: a, B: b, Severity: m.severity(cfg, idx, m.dispersion(append([]string{a, b}, suspects...)...))}
		for _, i := range idx {
			p.Evidence = append(p.Evidence, Evidence{Obs: m.obs[i], Expected: m.expect[i]})
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y PairLeniency) int {
		return cmp.Or(cmp.Compare(x.Z, y.Z), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return out
}

// eachFindsLess reports whether both units of a pair found fewer
// nonconformities in the other than expected: mutual leniency, not one
// harsh and one very lenient auditor.
func eachFindsLess(p *PairLeniency) bool {
	var obsAB, expAB, obsBA, expBA float64
	for _, e := range p.Evidence {
		if e.Auditor == p.A {
			obsAB += float64(e.NC)
			expAB += e.Expected
		} else {
			obsBA += float64(e.NC)
			expBA += e.Expected
		}
	}
	return obsAB < expAB && obsBA < expBA
}

func rareItems(cfg Config, items []ItemObs) []ItemObs {
	var out []ItemObs
	for _, it := range items {
		if it.Applicable >= cfg.RareMinAudits && float64(it.NC) <= cfg.RareMaxRate*float64(it.Applicable) {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b ItemObs) int {
		return cmp.Or(cmp.Compare(a.NC, b.NC), cmp.Compare(b.Applicable, a.Applicable), cmp.Compare(a.Item, b.Item))
	})
	return out
}
