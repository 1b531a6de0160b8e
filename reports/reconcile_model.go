package reports

import (
	"context"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

// ReconcileReport is the procedure-reconciliation document (issue 13): of
// one unit, or of every unit of the owner with a summary table first.
type ReconcileReport struct {
	Owner Owner
	Date  time.Time
	// Unit is the unit of a one-unit document; nil for the whole owner.
	Unit      *Unit
	Catalogue *procedures.CatalogueInfo // nil before the first import
	Target    float64                   // percent
	Units     []ReconcileUnit
	Totals    map[string]int // by gap kind, over every unit
	// GapsOnly says the document leaves out the units without a gap.
	GapsOnly bool
	// Conclusions are drafted from the figures, one message a paragraph.
	Conclusions []apperr.Msg
	// SignerKind is the profile's kind of document whose signer signs;
	// Recipients are the catalogue keys of "Nơi nhận".
	SignerKind string
	Recipients []string
}

// ReconcileUnit is one unit's part of the document.
type ReconcileUnit struct {
	Unit Unit
	// Unknown are the lists never imported, in procedures.ListKinds order:
	// nothing is known of them, which is not the same as no gap.
	Unknown []string
	Gaps    []procedures.Gap // in procedures.GapKinds order
	Counts  map[string]int   // by gap kind
	Missing int              // real gaps, rows matched by name excluded
	// Latest are the latest dossier figures; Figures every period's,
	// latest first, drawn on a one-unit document.
	Latest  *procedures.FigureView
	Figures []procedures.FigureView
}

// ReconcileInput is what BuildReconcileReport reads.
type ReconcileInput struct {
	Owner    Owner
	Overview procedures.Overview
	// Unit names the unit of a one-unit document; "" for the whole owner.
	Unit string
	// Figures are the unit's stored figures (of a one-unit document).
	Figures []procedures.Figures
	Today   time.Time
	// GapsOnly leaves out the units without a gap (?gaps=1).
	GapsOnly bool
}

// BuildReconcileReport makes the document's view model. The gaps keep
// the kind order of the pages, so that the paper reads as the screen.
func BuildReconcileReport(in ReconcileInput) *ReconcileReport {
	ov := in.Overview
	r := &ReconcileReport{Owner: in.Owner, Date: in.Today, Catalogue: ov.Catalogue, Target: ov.Target, Totals: map[string]int{},
		GapsOnly: in.GapsOnly, SignerKind: "reconciliation_report",
		Recipients: []string{"procedures.pdf.to_units", "procedures.pdf.to_leaders", "rounddocs.to_archive"}}
	for k, n := range ov.Totals {
		r.Totals[k] = n
	}
	rank := map[string]int{}
	for i, k := range procedures.GapKinds {
		rank[k] = i
	}
	for _, ug := range ov.Units {
		if (in.Unit != "" && ug.Unit != in.Unit) || (in.GapsOnly && ug.Missing() == 0) {
			continue
		}
		u := ReconcileUnit{Unit: Unit{ug.Unit, ug.UnitName}, Counts: map[string]int{}, Missing: ug.Missing(), Latest: ug.Figures}
		for _, k := range procedures.ListKinds {
			if !ug.Imported(k) {
				u.Unknown = append(u.Unknown, k)
			}
		}
		for k, n := range ug.Counts {
			u.Counts[k] = n
		}
		u.Gaps = make([]procedures.Gap, len(ug.Gaps))
		copy(u.Gaps, ug.Gaps)
		slices.SortStableFunc(u.Gaps, func(a, b procedures.Gap) int { return rank[a.Kind] - rank[b.Kind] })
		if in.Unit != "" {
			r.Unit = &u.Unit
			for _, f := range in.Figures {
				if f.Unit == ug.Unit {
					u.Figures = append(u.Figures, f.View(ov.Target))
				}
			}
		}
		r.Units = append(r.Units, u)
	}
	r.Conclusions = reconcileConclusions(ov, in.Unit)
	return r
}

// ReconcileLoader reads what the document is drawn from, on the reader
// pool.
type ReconcileLoader struct {
	Store *procedures.Store
	Org   *org.Store
	DB    *db.DB
}

// Input reads the reconciliation of one unit, or of every unit when unit
// is "". Returns apperr.NotFound for a unit that does not exist or is
// retired.
func (l *ReconcileLoader) Input(ctx context.Context, unit string) (ReconcileInput, error) {
	in := ReconcileInput{Unit: unit, Today: l.DB.Now()}
	o, err := l.Org.Owner(ctx)
	if err != nil {
		return in, err
	}
	in.Owner = Owner{ID: o.ID, Name: o.Name, ParentName: o.ParentName, Place: o.Place}
	if in.Owner.Profile, err = l.Org.Profile(ctx); err != nil { // its signers
		return in, err
	}
	if unit == "" {
		in.Overview, err = l.Store.Overview(ctx)
		return in, err
	}
	ug, err := l.Store.Unit(ctx, unit)
	if err != nil {
		return in, err
	}
	target, err := l.Store.Target(ctx)
	if err != nil {
		return in, err
	}
	info, _, err := l.Store.Catalogue(ctx)
	if err != nil {
		return in, err
	}
	in.Overview = procedures.Overview{Catalogue: info, Target: target, Units: []procedures.UnitGaps{ug}, Totals: ug.Counts}
	in.Figures, err = l.Store.Figures(ctx, unit)
	return in, err
}
