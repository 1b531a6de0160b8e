package procedures

import (
	"regexp"
	"time"

	"github.com/crossaudit/crossaudit/audit/reconcile"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// The kinds of per-unit list, as stored and as named in URLs.
const (
	Portal    = "portal"
	OneStop   = "onestop"
	Processes = "processes"
)

// ListKinds are the per-unit lists in the order the pages show them.
var ListKinds = []string{Portal, OneStop, Processes}

// validKind reports whether kind names a per-unit list.
func validKind(kind string) bool { return kind == Portal || kind == OneStop || kind == Processes }

// The kinds of gap, named as in the engine's JSON report.
const (
	GapMissingOnPortal  = "missing_on_portal"
	GapMissingOnOneStop = "missing_on_onestop"
	GapMissingProcess   = "missing_process"
	GapStaleProcess     = "stale_process"
	GapNotInForce       = "not_in_force"
	GapUnmatchedByName  = "unmatched_by_name"
	GapAmbiguousByName  = "ambiguous_by_name"
	GapMatchedByName    = "matched_by_name"
)

// GapKinds lists the kinds in the order the pages show them. Rows matched
// by name are not gaps but are listed so that a person can check them.
var GapKinds = []string{GapMissingOnPortal, GapMissingOnOneStop, GapMissingProcess, GapStaleProcess, GapNotInForce,
	GapUnmatchedByName, GapAmbiguousByName, GapMatchedByName}

// Procedure is one procedure of the catalogue in force.
type Procedure struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Field         string `json:"field"`
	Level         string `json:"level"`
	LegalBasis    string `json:"legal_basis"`
	EffectiveDate string `json:"effective_date"` // yyyy-mm-dd
}

// Version is one version of a procedure in the catalogue's history.
type Version struct {
	Procedure
	FirstSeen time.Time `json:"first_seen"` // when the import that brought it was made
	InForce   bool      `json:"in_force"`   // part of the latest catalogue
}

// CatalogueInfo describes the catalogue in force.
type CatalogueInfo struct {
	ID         int64     `json:"id"`
	FileName   string    `json:"file_name"`
	ImportedAt time.Time `json:"imported_at"`
	Procedures int       `json:"procedures"`
	Imports    int       `json:"imports"` // catalogue imports so far, this one included
}

// Gap is one line of a unit's reconciliation.
type Gap struct {
	Unit   string `json:"unit"`
	Kind   string `json:"kind"`   // one of GapKinds
	Code   string `json:"code"`   // the procedure's code; "" for a name that matches none
	Name   string `json:"name"`   // the catalogue's name, or the name as the unit wrote it
	Detail string `json:"detail"` // the dates of a stale process, the candidate codes of an ambiguous name
	// Sources says where a row without a code appeared (portal, onestop,
	// processes); empty for the other kinds.
	Sources []string `json:"sources,omitempty"`
}

// ListImport says when a unit's list of one kind was last imported.
type ListImport struct {
	Kind       string    `json:"kind"`
	FileName   string    `json:"file_name"`
	Rows       int       `json:"rows"`
	ImportedAt time.Time `json:"imported_at"`
}

// UnitGaps is one unit's reconciliation: the gaps found in the lists it
// has imported, and its latest dossier figures. A list never imported
// yields no gaps of its kind, since nothing is known of it.
type UnitGaps struct {
	Unit     string                `json:"unit"`
	UnitName string                `json:"unit_name"`
	Imports  map[string]ListImport `json:"imports"` // by list kind; absent when never imported
	Gaps     []Gap                 `json:"gaps"`
	Counts   map[string]int        `json:"counts"` // by gap kind
	Figures  *FigureView           `json:"figures,omitempty"`
}

// Imported reports whether the unit's list of that kind was imported.
func (u UnitGaps) Imported(kind string) bool { _, ok := u.Imports[kind]; return ok }

// Missing is the number of real gaps (rows matched by name excluded).
func (u UnitGaps) Missing() int { return len(u.Gaps) - u.Counts[GapMatchedByName] }

// Overview is the reconciliation of every unit of the owner.
type Overview struct {
	Catalogue *CatalogueInfo `json:"catalogue"` // nil before the first import
	Target    float64        `json:"target"`    // percent
	Units     []UnitGaps     `json:"units"`
	Totals    map[string]int `json:"totals"` // by gap kind
}

// Figures are a unit's dossier figures for one period.
type Figures struct {
	Unit       string `json:"unit"`
	Period     string `json:"period"` // yyyy, yyyy-Qn or yyyy-mm
	Received   int    `json:"received"`
	OnTime     int    `json:"on_time"`
	Late       int    `json:"late"`
	Paper      int    `json:"paper"`      // received on paper
	Electronic int    `json:"electronic"` // of those, recorded on the one-stop system
}

// Rate is a percentage with whether it can be computed and whether it
// falls below the target.
type Rate struct {
	Pct   float64 `json:"pct"`
	Known bool    `json:"known"`
	Below bool    `json:"below"`
}

// FigureView is Figures with their rates against a target.
type FigureView struct {
	Figures
	OnTimeRate Rate `json:"on_time_rate"`
	Parity     Rate `json:"parity"`
}

// rate computes part/whole in percent against target; unknown when whole
// is zero, since no dossier says nothing about the unit.
func rate(part, whole int, target float64) Rate {
	if whole <= 0 {
		return Rate{}
	}
	pct := 100 * float64(part) / float64(whole)
	return Rate{Pct: pct, Known: true, Below: pct < target}
}

// View computes the on-time rate (resolved on time among those resolved)
// and the parity (paper dossiers recorded electronically) against target.
func (f Figures) View(target float64) FigureView {
	return FigureView{Figures: f, OnTimeRate: rate(f.OnTime, f.OnTime+f.Late, target), Parity: rate(f.Electronic, f.Paper, target)}
}

// DefaultTarget is the target of a new database, in percent.
const DefaultTarget = 98.0

var periodPattern = regexp.MustCompile(`^[12][0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$`)

// ValidPeriod reports whether s is a period: a year (2025), a quarter
// (2025-Q3) or a month (2025-09).
func ValidPeriod(s string) bool { return periodPattern.MatchString(s) }

// Validate checks the figures, naming each field: a period of the right
// shape, no negative count, no more resolved or paper dossiers than
// received, no more recorded electronically than received on paper.
func (f Figures) Validate() error {
	fe := apperr.Fields{}
	if !ValidPeriod(f.Period) {
		fe.Add("period", apperr.M("procedures.bad_period"))
	}
	for name, n := range map[string]int{"received": f.Received, "on_time": f.OnTime, "late": f.Late, "paper": f.Paper, "electronic": f.Electronic} {
		if n < 0 {
			fe.Add(name, apperr.M("validation.gte", "param", 0))
		}
	}
	if f.OnTime+f.Late > f.Received {
		fe.Add("late", apperr.M("procedures.more_resolved"))
	}
	if f.Paper > f.Received {
		fe.Add("paper", apperr.M("procedures.more_paper"))
	}
	if f.Electronic > f.Paper {
		fe.Add("electronic", apperr.M("procedures.more_electronic"))
	}
	return fe.Err()
}

// day writes a reader's date as stored.
func day(t time.Time) string { return t.Format(time.DateOnly) }

// toEngine turns a stored procedure into the engine's.
func (p Procedure) toEngine() reconcile.Procedure {
	d, _ := time.Parse(time.DateOnly, p.EffectiveDate)
	return reconcile.Procedure{Code: p.Code, Name: p.Name, Field: p.Field, Level: p.Level, LegalBasis: p.LegalBasis, EffectiveDate: d}
}

// Msg is the rate as a catalogue message, for templates.
func (r Rate) Msg() apperr.Msg { return PctMsg(r.Pct) }
