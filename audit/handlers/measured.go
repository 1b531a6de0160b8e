package handlers

import (
	"context"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// measuredItem is what the partial "measured_warning" draws in a measured
// item's header: the system's figure, whether the value recorded now
// contradicts it and the sentence that says so, and the same sentence with
// "{entered}" for audit.js to fill as the auditor types.
type measuredItem struct {
	Figure measured.Figure
	Warn   bool
	Now    apperr.Msg
	Script apperr.Msg
}

// measuredItems are the page's measured items that have a system figure,
// by item code.
func measuredItems(sheet *conduct.Sheet, figs map[string]measured.Figure) map[string]*measuredItem {
	out := map[string]*measuredItem{}
	warned := map[string]measured.Warning{}
	for _, w := range measured.Warnings(sheet, figs) {
		warned[w.Item] = w
	}
	for code, f := range measured.Fitting(sheet, figs) {
		w, ok := warned[code]
		out[code] = &measuredItem{Figure: f, Warn: ok, Now: w.Message, Script: measured.Message(f, "{entered}")}
	}
	return out
}

// measuredWarnings are the contradictions of an audit's recorded values,
// for a viewer who sees its answers; none when src is nil.
func measuredWarnings(ctx context.Context, src measured.Source, p *audit.Audit, sheet *conduct.Sheet) ([]measured.Warning, error) {
	if src == nil {
		return []measured.Warning{}, nil
	}
	figs, err := src(ctx, p)
	if err != nil {
		return nil, err
	}
	return measured.Warnings(sheet, figs), nil
}

// translated fills each warning's text in lang.
func translated(cat *i18n.Catalog, lang string, ws []measured.Warning) []measured.Warning {
	for i := range ws {
		ws[i].Text = cat.Msg(lang, ws[i].Message)
	}
	return ws
}
