package reconcile

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// Input is what Reconcile compares: the catalogue of procedures in force
// and the per-unit lists, typically read with ReadCatalogue, ReadListings
// and ReadProcesses.
type Input struct {
	Catalogue []Procedure
	Portal    []Listing
	OneStop   []Listing
	Processes []Process
	// HasProcesses says that a process list was supplied, even an empty
	// one. Without a list nothing is known about processes, so
	// MissingProcess stays empty rather than listing every procedure.
	HasProcesses bool
}

// source bits record where a row came from.
type sourceBits uint8

const (
	fromPortal sourceBits = 1 << iota
	fromOneStop
	fromProcesses
)

// names lists the sources in alphabetical order.
func (b sourceBits) names() []string {
	out := []string{}
	for _, s := range []struct {
		bit  sourceBits
		name string
	}{{fromOneStop, SourceOneStop}, {fromPortal, SourcePortal}, {fromProcesses, SourceProcesses}} {
		if b&s.bit != 0 {
			out = append(out, s.name)
		}
	}
	return out
}

// Reconcile compares every unit named in the portal, one-stop or process
// lists with the catalogue: every procedure in force is expected of every
// such unit. It is a pure function of its input.
//
// Codes and unit codes are compared exactly, as the readers leave them
// (trimmed, NFC). Rows without a unit and catalogue entries without a code
// are ignored; of two catalogue entries with the same code the first counts.
// When a unit keeps several versions of a process for one procedure, the
// latest effective date decides whether it is stale.
func Reconcile(in Input) Report {
	cat := newCatalogue(in.Catalogue)
	units := newUnitSet(len(cat.procs))
	for _, l := range in.Portal {
		if u := units.get(l.Unit); u != nil {
			cat.mark(u, fromPortal, l.Code, l.Name)
		}
	}
	for _, l := range in.OneStop {
		if u := units.get(l.Unit); u != nil {
			cat.mark(u, fromOneStop, l.Code, l.Name)
		}
	}
	for _, p := range in.Processes {
		if u := units.get(p.Unit); u != nil {
			if i := cat.mark(u, fromProcesses, p.Code, p.Name); i >= 0 {
				u.keepLatest(i, p.EffectiveDate)
			}
		}
	}
	rep := Report{Units: make([]UnitReport, 0, len(units.byCode)), Stats: Stats{Procedures: len(cat.procs)}}
	for _, code := range slices.Sorted(maps.Keys(units.byCode)) {
		ur := cat.unitReport(code, units.byCode[code], in.HasProcesses)
		rep.Stats.add(ur)
		rep.Units = append(rep.Units, ur)
	}
	return rep
}

// catalogue indexes the procedures in force, sorted by code so that lists
// built by walking it come out sorted.
type catalogue struct {
	procs  []Procedure
	byCode map[string]int
	byName nameIndex
	// memo caches name look-ups: the same names recur in every unit's list,
	// and folding is the costly step.
	memo map[string][]int
}

func newCatalogue(in []Procedure) *catalogue {
	procs := make([]Procedure, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, p := range in {
		if p.Code != "" && !seen[p.Code] {
			seen[p.Code] = true
			procs = append(procs, p)
		}
	}
	slices.SortFunc(procs, func(a, b Procedure) int { return cmp.Compare(a.Code, b.Code) })
	byCode := make(map[string]int, len(procs))
	for i, p := range procs {
		byCode[p.Code] = i
	}
	return &catalogue{procs: procs, byCode: byCode, byName: newNameIndex(procs), memo: map[string][]int{}}
}

// lookupName returns the procedures whose name folds like name.
func (c *catalogue) lookupName(name string) []int {
	if m, ok := c.memo[name]; ok {
		return m
	}
	m := c.byName.lookup(name)
	c.memo[name] = m
	return m
}

// mark records that unit u lists a procedure in source src, by code or,
// when the code is empty, by name. It returns the procedure's index, or -1
// when the row matches no single procedure.
func (c *catalogue) mark(u *unitState, src sourceBits, code, name string) int {
	if code != "" {
		i, ok := c.byCode[code]
		if !ok {
			u.notInForce[code] = struct{}{}
			return -1
		}
		u.present(src)[i] = true
		return i
	}
	matches := c.lookupName(name)
	switch len(matches) {
	case 0:
		u.named[nameKey{name: name}] |= src
		return -1
	case 1:
		i := matches[0]
		u.present(src)[i] = true
		u.named[nameKey{name: name, proc: i, matched: true}] |= src
		return i
	default:
		u.named[nameKey{name: name}] |= src
		return -1
	}
}

// unitReport lists the gaps of one unit.
func (c *catalogue) unitReport(code string, u *unitState, hasProcesses bool) UnitReport {
	r := UnitReport{
		Unit:             code,
		MissingOnPortal:  []string{},
		MissingOnOneStop: []string{},
		MissingProcess:   []string{},
		StaleProcess:     []string{},
		NotInForce:       slices.Sorted(maps.Keys(u.notInForce)),
	}
	for i, p := range c.procs {
		if !u.portal[i] {
			r.MissingOnPortal = append(r.MissingOnPortal, p.Code)
		}
		if !u.onestop[i] {
			r.MissingOnOneStop = append(r.MissingOnOneStop, p.Code)
		}
		if hasProcesses && !u.process[i] {
			r.MissingProcess = append(r.MissingProcess, p.Code)
		}
		if d, ok := u.latest[i]; ok && d.Before(p.EffectiveDate) {
			r.StaleProcess = append(r.StaleProcess, p.Code)
		}
	}
	if r.NotInForce == nil {
		r.NotInForce = []string{}
	}
	r.MatchedByName, r.UnmatchedByName, r.AmbiguousByName = c.nameReports(u.named)
	return r
}

// nameReports sorts a unit's rows without a code into matched, unmatched
// and ambiguous lists.
func (c *catalogue) nameReports(named map[nameKey]sourceBits) ([]NameMatch, []NameOnly, []NameAmbiguity) {
	matched, unmatched, ambiguous := []NameMatch{}, []NameOnly{}, []NameAmbiguity{}
	for k, src := range named {
		switch {
		case k.matched:
			matched = append(matched, NameMatch{Code: c.procs[k.proc].Code, Name: k.name, Sources: src.names()})
		case len(c.lookupName(k.name)) == 0:
			unmatched = append(unmatched, NameOnly{Name: k.name, Sources: src.names()})
		default:
			amb := NameAmbiguity{Name: k.name, Sources: src.names()}
			for _, i := range c.lookupName(k.name) {
				amb.Codes = append(amb.Codes, c.procs[i].Code)
			}
			slices.Sort(amb.Codes)
			ambiguous = append(ambiguous, amb)
		}
	}
	slices.SortFunc(matched, func(a, b NameMatch) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Name, b.Name))
	})
	slices.SortFunc(unmatched, func(a, b NameOnly) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(ambiguous, func(a, b NameAmbiguity) int { return cmp.Compare(a.Name, b.Name) })
	return matched, unmatched, ambiguous
}

// nameKey identifies a row without a code within a unit: its name as
// written and, when matched, the procedure found.
type nameKey struct {
	name    string
	proc    int
	matched bool
}

// unitState gathers what one unit lists.
type unitState struct {
	portal, onestop, process []bool // by catalogue index
	latest                   map[int]time.Time
	notInForce               map[string]struct{}
	named                    map[nameKey]sourceBits
}

// present returns the flags of source src.
func (u *unitState) present(src sourceBits) []bool {
	switch src {
	case fromPortal:
		return u.portal
	case fromOneStop:
		return u.onestop
	default:
		return u.process
	}
}

// keepLatest records a process's effective date, keeping the latest.
func (u *unitState) keepLatest(i int, d time.Time) {
	if prev, ok := u.latest[i]; !ok || d.After(prev) {
		u.latest[i] = d
	}
}

// unitSet finds or creates the state of each unit by code.
type unitSet struct {
	n        int
	byCode   map[string]*unitState
	lastCode string
	last     *unitState
}

func newUnitSet(procedures int) *unitSet {
	return &unitSet{n: procedures, byCode: map[string]*unitState{}}
}

// get returns the state of unit code, creating it on first sight, or nil
// for an empty code. Rows usually come grouped by unit, so the last unit is
// remembered to spare a map look-up per row.
func (s *unitSet) get(code string) *unitState {
	if code == "" {
		return nil
	}
	if s.last != nil && code == s.lastCode {
		return s.last
	}
	u, ok := s.byCode[code]
	if !ok {
		u = &unitState{
			portal:     make([]bool, s.n),
			onestop:    make([]bool, s.n),
			process:    make([]bool, s.n),
			latest:     map[int]time.Time{},
			notInForce: map[string]struct{}{},
			named:      map[nameKey]sourceBits{},
		}
		s.byCode[code] = u
	}
	s.lastCode, s.last = code, u
	return u
}
