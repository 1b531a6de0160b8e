package measured

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Warning is a recorded value that contradicts the system's figure: what
// the audit page, the submission summary and the audit's JSON show.
type Warning struct {
	Item    string  `json:"item"`
	Entered float64 `json:"entered"`
	System  float64 `json:"system"`
	Source  string  `json:"source"`
	// AsOf is the day the figure's data were imported (yyyy-mm-dd), absent
	// for a figure that names its period.
	AsOf string `json:"as_of,omitempty"`
	// Text is Message in the reader's language, filled by the handler.
	Text    string     `json:"text"`
	Message apperr.Msg `json:"-"`
}

// Fitting keeps the figures that fit an item of the sheet (Figure.Fits),
// by item code: those the page offers to its script, whatever the value
// recorded so far.
func Fitting(sheet *conduct.Sheet, figs map[string]Figure) map[string]Figure {
	out := map[string]Figure{}
	if sheet == nil {
		return out
	}
	for _, si := range sheet.Items() {
		if f, ok := figs[si.Code]; ok && f.Fits(si.Item) {
			out[si.Code] = f
		}
	}
	return out
}

// Warnings lists, in the sheet's order, the items whose recorded value
// contradicts the system's figure. An item without a value, or without a
// figure that fits it, has none.
func Warnings(sheet *conduct.Sheet, figs map[string]Figure) []Warning {
	out := []Warning{}
	if sheet == nil {
		return out
	}
	for _, si := range sheet.Items() {
		f, ok := figs[si.Code]
		if !ok || !f.Fits(si.Item) || si.Answer.Value == nil || !f.Contradicts(*si.Answer.Value) {
			continue
		}
		v := *si.Answer.Value
		w := Warning{Item: si.Code, Entered: v, System: f.Value, Source: f.Source, Message: Message(f, Number(v))}
		if !f.AsOf.IsZero() {
			w.AsOf = f.AsOf.Format("2006-01-02")
		}
		out = append(out, w)
	}
	return out
}

// Message is the warning's sentence for a recorded value, given as a
// catalogue value (Number) or, for the page's script, as the placeholder
// "{entered}" that it fills as the auditor types.
func Message(f Figure, entered any) apperr.Msg {
	return apperr.M("measured.warning", "entered", entered, "says", f.Says)
}

// Number is a recorded value as a catalogue value: a whole number as it
// is, a decimal as a message so that each language writes its own mark
// (96,4 in Vietnamese, 96.4 in English).
func Number(v float64) any {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, dec, ok := strings.Cut(s, ".")
	if !ok {
		return s
	}
	return apperr.M("measured.number", "int", whole, "dec", dec)
}
