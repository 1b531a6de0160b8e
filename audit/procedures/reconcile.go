package procedures

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit/reconcile"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Overview reconciles every live unit of the owner against the catalogue
// in force. It is what the owner's page, its downloads and the dashboard
// read.
func (s *Store) Overview(ctx context.Context) (Overview, error) {
	return s.reconcile(ctx, "")
}

// Unit reconciles one unit. Returns apperr.NotFound for a unit that does
// not exist or is retired.
func (s *Store) Unit(ctx context.Context, code string) (UnitGaps, error) {
	if code == "" {
		return UnitGaps{}, apperr.NotFoundThing("thing.unit")
	}
	ov, err := s.reconcile(ctx, code)
	if err != nil {
		return UnitGaps{}, err
	}
	if len(ov.Units) == 0 {
		return UnitGaps{}, apperr.NotFoundThing("thing.unit")
	}
	return ov.Units[0], nil
}

// reconcile reads what is stored, of every unit or only the one named, and
// runs the engine once over it.
func (s *Store) reconcile(ctx context.Context, only string) (Overview, error) {
	ov := Overview{Totals: map[string]int{}, Units: []UnitGaps{}}
	var err error
	if ov.Target, err = s.Target(ctx); err != nil {
		return ov, err
	}
	info, procs, err := s.Catalogue(ctx)
	if err != nil {
		return ov, err
	}
	ov.Catalogue = info
	units, err := s.units(ctx, only)
	if err != nil || len(units) == 0 {
		return ov, err
	}
	imports, err := s.listImports(ctx, only)
	if err != nil {
		return ov, err
	}
	figs, err := s.Figures(ctx, only)
	if err != nil {
		return ov, err
	}
	latest := latestFigures(figs)
	in, facts, err := s.engineInput(ctx, procs, units, imports)
	if err != nil {
		return ov, err
	}
	reports := map[string]reconcile.UnitReport{}
	if info != nil {
		for _, ur := range reconcile.Reconcile(in).Units {
			reports[ur.Unit] = ur
		}
	}
	for _, u := range units {
		ug := UnitGaps{Unit: u.Code, UnitName: u.Name, Imports: imports[u.Code], Counts: map[string]int{}, Gaps: []Gap{}}
		if ug.Imports == nil {
			ug.Imports = map[string]ListImport{}
		}
		if ur, ok := reports[u.Code]; ok {
			ug.Gaps = facts.gaps(ur, ug)
		}
		for _, g := range ug.Gaps {
			ug.Counts[g.Kind]++
			ov.Totals[g.Kind]++
		}
		if f, ok := latest[u.Code]; ok {
			v := f.View(ov.Target)
			ug.Figures = &v
		}
		ov.Units = append(ov.Units, ug)
	}
	return ov, nil
}

// facts are what the gap lines show beside the engine's codes: names and
// dates.
type facts struct {
	byCode    map[string]Procedure
	listed    map[[2]string]string    // (unit, code) of a code not in force → the name the unit wrote
	processAt map[[2]string]time.Time // (unit, code) → latest process date
}

// engineInput reads the stored lists of the given units into the engine's
// input. At the scale of a province (1.2 million rows) reading dominates:
// each unit's list is one text, its rows parsed in place.
func (s *Store) engineInput(ctx context.Context, procs []Procedure, units []unitRef, imports map[string]map[string]ListImport) (reconcile.Input, *facts, error) {
	f := &facts{byCode: make(map[string]Procedure, len(procs)), listed: map[[2]string]string{}, processAt: map[[2]string]time.Time{}}
	in := reconcile.Input{HasProcesses: true, Catalogue: make([]reconcile.Procedure, 0, len(procs))}
	for _, p := range procs {
		f.byCode[p.Code] = p
		in.Catalogue = append(in.Catalogue, p.toEngine())
	}
	byID := make(map[int64]string, len(units))
	sizes := map[string]int{}
	for _, u := range units {
		byID[u.ID] = u.Code
		for kind, li := range imports[u.Code] {
			sizes[kind] += li.Rows
		}
	}
	in.Portal = make([]reconcile.Listing, 0, sizes[Portal])
	in.OneStop = make([]reconcile.Listing, 0, sizes[OneStop])
	in.Processes = make([]reconcile.Process, 0, sizes[Processes])
	only := int64(0)
	if len(units) == 1 {
		only = units[0].ID
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT unit_id, kind, body FROM procedure_lists WHERE ? = 0 OR unit_id = ? ORDER BY unit_id`, only, only)
	if err != nil {
		return in, nil, fmt.Errorf("procedures: lists: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var unitID int64
		var kind, body string
		if err := rows.Scan(&unitID, &kind, &body); err != nil {
			return in, nil, fmt.Errorf("procedures: lists: %w", err)
		}
		unit, ok := byID[unitID]
		if !ok {
			continue // a retired unit
		}
		eachRow(body, func(r storedRow) { f.add(&in, unit, kind, r) })
	}
	return in, f, rows.Err()
}

// add puts one stored row into the engine's input. A code in force is
// replaced by the catalogue's own string, and a name is kept only where
// the engine or the gap lines need it (a row without a code, or with a
// code not in force), so that the big list texts can be let go.
func (f *facts) add(in *reconcile.Input, unit, kind string, r storedRow) {
	l := reconcile.Listing{Unit: unit}
	if p, inForce := f.byCode[r.Code]; inForce {
		l.Code = p.Code
	} else {
		l.Code, l.Name = strings.Clone(r.Code), strings.Clone(r.Name)
		if _, seen := f.listed[[2]string{unit, l.Code}]; l.Code != "" && !seen {
			f.listed[[2]string{unit, l.Code}] = l.Name
		}
	}
	switch kind {
	case Portal:
		in.Portal = append(in.Portal, l)
	case OneStop:
		in.OneStop = append(in.OneStop, l)
	case Processes:
		d, _ := time.Parse(time.DateOnly, r.EffectiveDate)
		in.Processes = append(in.Processes, reconcile.Process{Unit: unit, Code: l.Code, Name: l.Name, EffectiveDate: d})
		key := [2]string{unit, l.Code}
		if prev, ok := f.processAt[key]; l.Code != "" && (!ok || d.After(prev)) {
			f.processAt[key] = d
		}
	}
}

// gaps flattens a unit's report into lines. A list never imported gives
// no gaps of its kind: the engine, seeing no rows, would report every
// procedure missing.
func (f *facts) gaps(ur reconcile.UnitReport, ug UnitGaps) []Gap {
	out := []Gap{}
	add := func(kind string, codes []string, listKind string, detail func(code string) string) {
		if listKind != "" && !ug.Imported(listKind) {
			return
		}
		for _, c := range codes {
			g := Gap{Unit: ur.Unit, Kind: kind, Code: c, Name: f.byCode[c].Name}
			if g.Name == "" {
				g.Name = f.listed[[2]string{ur.Unit, c}]
			}
			if detail != nil {
				g.Detail = detail(c)
			}
			out = append(out, g)
		}
	}
	add(GapMissingOnPortal, ur.MissingOnPortal, Portal, nil)
	add(GapMissingOnOneStop, ur.MissingOnOneStop, OneStop, nil)
	add(GapMissingProcess, ur.MissingProcess, Processes, nil)
	add(GapStaleProcess, ur.StaleProcess, Processes, func(c string) string {
		// Dates as the users write them, dd/mm/yyyy.
		proc, _ := time.Parse(time.DateOnly, f.byCode[c].EffectiveDate)
		return f.processAt[[2]string{ur.Unit, c}].Format("02/01/2006") + " < " + proc.Format("02/01/2006")
	})
	add(GapNotInForce, ur.NotInForce, "", nil)
	for _, n := range ur.UnmatchedByName {
		out = append(out, Gap{Unit: ur.Unit, Kind: GapUnmatchedByName, Name: n.Name, Sources: n.Sources})
	}
	for _, n := range ur.AmbiguousByName {
		out = append(out, Gap{Unit: ur.Unit, Kind: GapAmbiguousByName, Name: n.Name, Detail: strings.Join(n.Codes, ", "), Sources: n.Sources})
	}
	for _, n := range ur.MatchedByName {
		out = append(out, Gap{Unit: ur.Unit, Kind: GapMatchedByName, Code: n.Code, Name: n.Name, Sources: n.Sources})
	}
	return out
}
