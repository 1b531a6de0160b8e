package procedures

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Evidence is one line of reconciliation or dossier figures offered beside
// a checklist item of an audit.
type Evidence struct {
	// Key identifies the line within its item: a gap kind, or "on_time"
	// and "parity" for the figures.
	Key  string     `json:"key"`
	Text apperr.Msg `json:"-"`
	// Flag marks a gap or a rate below the target.
	Flag bool `json:"flag"`
	// Usable says the line rests on imported data, so it may become an
	// answer's evidence.
	Usable bool     `json:"usable"`
	Codes  []string `json:"codes,omitempty"` // the procedures concerned
}

// ItemEvidence is the evidence offered for one checklist item.
type ItemEvidence struct {
	Item  string     `json:"item"`
	Lines []Evidence `json:"lines"`
}

// evidenceItems says which gaps and figures bear on which item of the
// built-in checklist (assets/data/default_checklist.csv), in item order:
// T01 the process list against the procedures in force (missing, no longer
// in force, out of date), T02 processes reissued late, T03 publication on
// the portal, T04 the one-stop configuration, T05 and T06 paper against
// electronic records, T09 the on-time rate.
var evidenceItems = []struct {
	item string
	keys []string
}{
	{"T01", []string{GapMissingProcess, GapNotInForce, GapStaleProcess}},
	{"T02", []string{GapStaleProcess}},
	{"T03", []string{GapMissingOnPortal}},
	{"T04", []string{GapMissingOnOneStop}},
	{"T05", []string{"parity"}},
	{"T06", []string{"parity"}},
	{"T09", []string{"on_time"}},
}

// EvidenceItems lists the checklist item codes that reconciliation and
// dossier figures bear on.
func EvidenceItems() []string {
	out := make([]string, len(evidenceItems))
	for i, e := range evidenceItems {
		out[i] = e.item
	}
	return out
}

// listOf is the list a gap kind comes from; "" for kinds of any list.
var listOf = map[string]string{
	GapMissingOnPortal: Portal, GapMissingOnOneStop: OneStop, GapMissingProcess: Processes, GapStaleProcess: Processes,
}

// maxCodes bounds the codes a line names; the unit page lists them all.
const maxCodes = 12

// UnitEvidence returns, for one unit, the evidence lines of each checklist
// item of EvidenceItems, in that order. Returns apperr.NotFound for an
// unknown unit.
func (s *Store) UnitEvidence(ctx context.Context, unit string) ([]ItemEvidence, error) {
	ug, err := s.Unit(ctx, unit)
	if err != nil {
		return nil, err
	}
	target, err := s.Target(ctx)
	if err != nil {
		return nil, err
	}
	hasCatalogue, err := s.hasCatalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ItemEvidence, 0, len(evidenceItems))
	for _, e := range evidenceItems {
		ie := ItemEvidence{Item: e.item}
		for _, key := range e.keys {
			ie.Lines = append(ie.Lines, evidenceLine(ug, key, target, hasCatalogue))
		}
		out = append(out, ie)
	}
	return out, nil
}

func (s *Store) hasCatalogue(ctx context.Context) (bool, error) {
	var n int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM procedure_catalogues`).Scan(&n); err != nil {
		return false, fmt.Errorf("procedures: catalogue: %w", err)
	}
	return n > 0, nil
}

// evidenceLine builds one line for a gap kind or a rate.
func evidenceLine(ug UnitGaps, key string, target float64, hasCatalogue bool) Evidence {
	switch key {
	case "on_time", "parity":
		return figureLine(ug.Figures, key, target)
	}
	ev := Evidence{Key: key}
	if !hasCatalogue {
		ev.Text = apperr.M("procedures.ev.no_catalogue")
		return ev
	}
	if l := listOf[key]; l != "" && !ug.Imported(l) {
		ev.Text = apperr.M("procedures.ev.not_imported", "list", apperr.M("procedures.list."+l))
		return ev
	}
	for _, g := range ug.Gaps {
		if g.Kind == key {
			ev.Codes = append(ev.Codes, g.Code)
		}
	}
	ev.Usable = true
	if len(ev.Codes) == 0 {
		ev.Text = apperr.M("procedures.ev_none." + key)
		return ev
	}
	shown := ev.Codes
	more := ""
	if len(shown) > maxCodes {
		shown, more = shown[:maxCodes], "…"
	}
	ev.Flag = true
	ev.Text = apperr.M("procedures.ev."+key, "n", len(ev.Codes), "codes", strings.Join(shown, ", ")+more)
	return ev
}

// figureLine states the on-time rate or the parity of the latest figures.
func figureLine(f *FigureView, key string, target float64) Evidence {
	ev := Evidence{Key: key}
	if f == nil {
		ev.Text = apperr.M("procedures.ev.no_figures")
		return ev
	}
	r, part, whole := f.OnTimeRate, f.OnTime, f.OnTime+f.Late
	if key == "parity" {
		r, part, whole = f.Parity, f.Electronic, f.Paper
	}
	if !r.Known {
		ev.Text = apperr.M("procedures.ev.no_dossiers", "period", i18n.PeriodMsg(f.Period))
		return ev
	}
	ev.Usable, ev.Flag = true, r.Below
	ev.Text = apperr.M("procedures.ev."+key, "pct", PctMsg(r.Pct), "part", part, "whole", whole, "period", i18n.PeriodMsg(f.Period),
		"target", PctMsg(target))
	return ev
}

// PctMsg is a percentage with one decimal as a catalogue message, so that
// each language writes its own decimal mark (97,5 in Vietnamese).
func PctMsg(v float64) apperr.Msg {
	tenths := int(math.Round(v * 10))
	return apperr.M("procedures.pct", "int", tenths/10, "dec", tenths%10)
}
