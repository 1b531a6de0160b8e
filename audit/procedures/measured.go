package procedures

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// measuredItems maps the built-in checklist's measured items
// (assets/data/default_checklist.csv, kind measure) to the figure the
// system holds for the very thing the item asks the auditor to record. An
// item is listed only when both count the same thing for the same unit;
// its clause and unit are those of the built-in item, so that an item of
// another checklist that reuses the code gets no figure (measured.Figure.Fits).
//
//   - T01 asks for the differences between the QMS process list and the
//     procedures in force: missing, extra or obsolete. The reconciliation
//     counts exactly those: procedures without a process, processes of
//     procedures no longer in force, processes older than their
//     procedure's latest change.
//   - T03 asks for the procedures in force missing from the portal: the
//     reconciliation's gaps of that kind.
//   - T09 asks for the on-time rate over the last 12 months as the
//     software shows it: the dossier figures' on-time rate over the 12
//     months ending with the latest period stored, when the stored periods
//     cover those months exactly (else there is no figure, rather than one
//     of another length).
//
// The others have no counterpart: T02 is the longest reissue delay, in
// days, in the auditor's sample, and the system knows only that a process
// is older than its procedure, not when it was reissued; T05 is a sample
// of paper dossiers compared date by date, while the dossier figures count
// the paper dossiers recorded at all over a period, so a sample may
// honestly differ from them.
var measuredItems = map[string]struct {
	clause, unit string
	figure       func(d measuredData) (measured.Figure, bool)
}{
	"T01": {"4.3/7.5.3", "TTHC", processFigure},
	"T03": {"8.2.1", "TTHC", portalFigure},
	"T09": {"9.1.1/6.2", "%", onTimeFigure},
}

// measuredData is what the figures are computed from for one unit.
type measuredData struct {
	catalogue *CatalogueInfo
	unit      UnitGaps
	extra     int // processes of procedures no longer in force
	figures   []Figures
	source    string // the unit's reconciliation page
}

// MeasuredFigures is the audit page's measured.Source (wired in cmd): the
// figures for the unit an audit audits. A unit retired since the audit
// has none.
func (h *Handler) MeasuredFigures(ctx context.Context, p *audit.Audit) (map[string]measured.Figure, error) {
	figs, err := h.Store.MeasuredFigures(ctx, p.AuditeeUnit)
	if apperr.KindOf(err) == apperr.NotFound {
		return map[string]measured.Figure{}, nil
	}
	return figs, err
}

// MeasuredFigures returns the system's figure for each item of
// measuredItems that it has one for, for one unit. Returns apperr.NotFound
// for an unknown unit.
func (s *Store) MeasuredFigures(ctx context.Context, unit string) (map[string]measured.Figure, error) {
	if unit == "" {
		return nil, apperr.NotFoundThing("thing.unit")
	}
	ov, err := s.reconcile(ctx, unit)
	if err != nil {
		return nil, err
	}
	if len(ov.Units) == 0 {
		return nil, apperr.NotFoundThing("thing.unit")
	}
	d := measuredData{catalogue: ov.Catalogue, unit: ov.Units[0], source: "/procedures/units/" + url.PathEscape(unit)}
	if d.extra, err = s.extraProcesses(ctx, d.unit); err != nil {
		return nil, err
	}
	if d.figures, err = s.Figures(ctx, unit); err != nil {
		return nil, err
	}
	out := map[string]measured.Figure{}
	for code, m := range measuredItems {
		if f, ok := m.figure(d); ok {
			f.Item, f.Clause, f.Unit = code, m.clause, m.unit
			out[code] = f
		}
	}
	return out, nil
}

// extraProcesses counts the unit's not-in-force gaps whose code is on its
// process list (the gap itself does not say which list named the code).
func (s *Store) extraProcesses(ctx context.Context, ug UnitGaps) (int, error) {
	notInForce := map[string]bool{}
	for _, g := range ug.Gaps {
		if g.Kind == GapNotInForce {
			notInForce[g.Code] = true
		}
	}
	if len(notInForce) == 0 || !ug.Imported(Processes) {
		return 0, nil
	}
	var body string
	err := s.DB.R.QueryRowContext(ctx, `SELECT l.body FROM procedure_lists l JOIN units u ON u.id = l.unit_id
		WHERE u.code = ? AND l.kind = ?`, ug.Unit, Processes).Scan(&body)
	if err != nil {
		return 0, fmt.Errorf("procedures: process list of %s: %w", ug.Unit, err)
	}
	seen := map[string]bool{}
	eachRow(body, func(r storedRow) {
		if notInForce[r.Code] {
			seen[r.Code] = true
		}
	})
	return len(seen), nil
}

// reconciledAt is the day a reconciliation stands at: the latest import
// among the catalogue and the unit's list.
func reconciledAt(d measuredData, list string) time.Time {
	at := d.catalogue.ImportedAt
	if li := d.unit.Imports[list]; li.ImportedAt.After(at) {
		at = li.ImportedAt
	}
	return at
}

// processFigure is T01's: the process list's differences from the
// procedures in force, named kind by kind.
func processFigure(d measuredData) (measured.Figure, bool) {
	if d.catalogue == nil || !d.unit.Imported(Processes) {
		return measured.Figure{}, false
	}
	var parts []apperr.Msg
	total := 0
	for _, k := range []struct {
		key string
		n   int
	}{{GapMissingProcess, d.unit.Counts[GapMissingProcess]}, {GapStaleProcess, d.unit.Counts[GapStaleProcess]}, {"extra_process", d.extra}} {
		if k.n > 0 {
			parts = append(parts, apperr.M("measured.part."+k.key, "n", k.n))
			total += k.n
		}
	}
	at := reconciledAt(d, Processes)
	says := apperr.M("measured.says.none", "date", i18n.DateShort(at))
	switch len(parts) {
	case 1:
		says = apperr.M("measured.says.one", "what", parts[0], "date", i18n.DateShort(at))
	case 2:
		says = apperr.M("measured.says.many", "n", total, "what", apperr.M("measured.list2", "a", parts[0], "b", parts[1]), "date", i18n.DateShort(at))
	case 3:
		says = apperr.M("measured.says.many", "n", total, "what", apperr.M("measured.list3", "a", parts[0], "b", parts[1], "c", parts[2]), "date", i18n.DateShort(at))
	}
	return measured.Figure{Value: float64(total), Says: says, Source: d.source + "#gap-" + GapMissingProcess, AsOf: at}, true
}

// portalFigure is T03's: the procedures in force missing from the portal.
func portalFigure(d measuredData) (measured.Figure, bool) {
	if d.catalogue == nil || !d.unit.Imported(Portal) {
		return measured.Figure{}, false
	}
	n := d.unit.Counts[GapMissingOnPortal]
	at := reconciledAt(d, Portal)
	says := apperr.M("measured.says.portal", "n", n, "date", i18n.DateShort(at))
	return measured.Figure{Value: float64(n), Says: says, Source: d.source + "#gap-" + GapMissingOnPortal, AsOf: at}, true
}

// onTimeFigure is T09's: the on-time rate over the last twelve months of
// dossier figures.
func onTimeFigure(d measuredData) (measured.Figure, bool) {
	f, end, ok := lastTwelveMonths(d.figures)
	if !ok || f.OnTime+f.Late == 0 {
		return measured.Figure{}, false
	}
	r := rate(f.OnTime, f.OnTime+f.Late, 0)
	says := apperr.M("measured.says.on_time", "pct", PctMsg(r.Pct), "part", f.OnTime, "whole", f.OnTime+f.Late,
		"period", i18n.PeriodMsg(end))
	return measured.Figure{Value: r.Pct, Percent: true, Says: says, Source: d.source + "#figs-h"}, true
}

// monthIndex numbers a month yyyy-mm from year zero.
func monthIndex(ym string) int {
	var y, m int
	if _, err := fmt.Sscanf(ym, "%d-%d", &y, &m); err != nil {
		return -1
	}
	return y*12 + m - 1
}

// lastTwelveMonths sums one unit's stored figures over the twelve months
// ending with the latest period stored, from periods that lie wholly
// inside those months and cover each of them once (the longest where
// several start together: a quarter stored beside its months holds the
// same dossiers). ok is false when the stored periods do not cover them.
// end is the last month, yyyy-mm.
func lastTwelveMonths(all []Figures) (Figures, string, bool) {
	if len(all) == 0 {
		return Figures{}, "", false
	}
	type span struct {
		start, end int
		f          Figures
	}
	var spans []span
	last, lastYM := -1, ""
	for _, f := range all {
		ym, months := periodEnd(f.Period)
		e := monthIndex(ym)
		if e < 0 {
			continue
		}
		spans = append(spans, span{e - months + 1, e, f})
		if e > last {
			last, lastYM = e, ym
		}
	}
	// The longest first, so that the first span found at a month is the
	// one to take.
	slices.SortFunc(spans, func(a, b span) int { return (b.end - b.start) - (a.end - a.start) })
	sum := Figures{}
	for m := last - 11; m <= last; {
		found := false
		for _, s := range spans {
			if s.start == m && s.end <= last {
				sum.Received += s.f.Received
				sum.OnTime += s.f.OnTime
				sum.Late += s.f.Late
				sum.Paper += s.f.Paper
				sum.Electronic += s.f.Electronic
				m, found = s.end+1, true
				break
			}
		}
		if !found {
			return Figures{}, "", false
		}
	}
	return sum, lastYM, true
}
