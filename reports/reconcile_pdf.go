package reports

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// The reconciliation document's control block and number symbol.
const (
	reconcileForm   = "BM.ĐGNB.09"
	reconcileSymbol = "BC-ĐCTTHC"
)

// summaryKinds are the gap kinds of the owner's summary table: the real
// gaps, those that come from one list or the catalogue.
var summaryKinds = []string{procedures.GapMissingOnPortal, procedures.GapMissingOnOneStop, procedures.GapMissingProcess,
	procedures.GapStaleProcess, procedures.GapNotInForce}

// byName are the kinds of rows that had no code and were read by name:
// the document marks them so that a person checks them.
var byName = map[string]bool{procedures.GapMatchedByName: true, procedures.GapUnmatchedByName: true, procedures.GapAmbiguousByName: true}

// ReconcilePDF draws the reconciliation of one unit (its dossier figures
// by period, then its gaps) or of the whole owner (a table of every unit,
// then each unit's gaps).
func (rd *Renderer) ReconcilePDF(r *ReconcileReport) ([]byte, error) {
	title, subject := rd.t("procedures.pdf.title_all", "owner", r.Owner.Name), rd.t("procedures.pdf.subject_all", "owner", r.Owner.Name)
	if r.Unit != nil {
		title, subject = rd.t("procedures.pdf.title_unit", "unit", r.Unit.Name), rd.t("procedures.pdf.subject_unit", "unit", r.Unit.Name)
	}
	d, err := pdfdoc.NewDoc(rd.formOptions(title, subject, reconcileForm, r.Date))
	if err != nil {
		return nil, err
	}
	d.AddPage()
	d.DrawHeading(pdfdoc.Heading{ParentBody: r.Owner.ParentName, IssuingBody: r.Owner.Name, Number: rd.t("report.number_blank", "symbol", reconcileSymbol),
		NationalA: rd.t("report.national"), NationalB: rd.t("report.motto"), PlaceDate: pdfdoc.PlaceDate(rd.Lang, r.Owner.Place, r.Date),
		Kind: rd.t("report.audit.kind"), Subject: subject})
	if c := r.Catalogue; c != nil {
		d.Para(rd.t("procedures.catalogue_in_force", "n", c.Procedures, "file", c.FileName, "date", i18n.DateShort(c.ImportedAt)), pdfdoc.Justify)
	} else {
		d.Para(rd.t("procedures.no_catalogue"), pdfdoc.Left)
	}
	d.Para(rd.t("procedures.pdf.target", "target", rd.pct(r.Target)), pdfdoc.Justify)
	if r.Unit != nil && len(r.Units) == 1 {
		u := r.Units[0]
		d.Heading(rd.t("procedures.pdf.h_figures"), pdfdoc.SizeBody)
		rd.figureTable(d, u.Figures)
		d.Heading(rd.t("procedures.pdf.h_gaps"), pdfdoc.SizeBody)
		rd.unitGaps(d, u)
		rd.reconcileEnd(d, r)
		return d.Bytes()
	}
	if r.GapsOnly {
		d.Para(rd.t("procedures.pdf.gaps_only"), pdfdoc.Justify)
	}
	d.Heading(rd.t("procedures.pdf.h_summary"), pdfdoc.SizeBody)
	rd.summaryTable(d, r)
	d.Heading(rd.t("procedures.pdf.h_details"), pdfdoc.SizeBody)
	for _, u := range r.Units {
		d.Heading(rd.t("procedures.pdf.unit", "name", u.Unit.Name, "code", u.Unit.Code), pdfdoc.SizeBody)
		if u.Latest != nil {
			d.Para(rd.latest(*u.Latest), pdfdoc.Justify)
		}
		rd.unitGaps(d, u)
	}
	rd.reconcileEnd(d, r)
	return d.Bytes()
}

// reconcileEnd draws the conclusions and the signature: the recipients
// and the signer the organiser's profile names for the document.
func (rd *Renderer) reconcileEnd(d *pdfdoc.Doc, r *ReconcileReport) {
	d.Heading(rd.t("procedures.pdf.h_conclusions"), pdfdoc.SizeBody)
	for _, m := range r.Conclusions {
		d.Para(rd.Cat.Msg(rd.Lang, m), pdfdoc.Justify)
	}
	rd.signOff(d, r.Owner, r.SignerKind, rd.ts(r.Recipients))
}

// pct writes a percentage with one decimal in the document's language.
func (rd *Renderer) pct(v float64) string { return rd.Cat.Msg(rd.Lang, procedures.PctMsg(v)) }

// rate writes a rate with " %", "below the target" when it is, or that no
// dossier gives it.
func (rd *Renderer) rate(r procedures.Rate) string {
	switch {
	case !r.Known:
		return rd.t("procedures.no_rate")
	case r.Below:
		return rd.t("procedures.pdf.rate_below", "pct", rd.pct(r.Pct))
	}
	return rd.t("procedures.pdf.rate", "pct", rd.pct(r.Pct))
}

// belowFill shades a rate under the target.
func belowFill(r procedures.Rate) *pdfdoc.RGB {
	if r.Known && r.Below {
		return &pdfdoc.RGB{R: 250, G: 210, B: 200}
	}
	return nil
}

// latest states a unit's latest figures in one sentence.
func (rd *Renderer) latest(f procedures.FigureView) string {
	return rd.t("procedures.pdf.latest", "period", i18n.PeriodMsg(f.Period), "received", f.Received, "on_time", f.OnTime, "late", f.Late,
		"on_time_rate", rd.rate(f.OnTimeRate), "paper", f.Paper, "electronic", f.Electronic, "parity", rd.rate(f.Parity))
}

// summaryTable draws one row per unit: its gaps of each kind ("—" where
// the list was never imported) and its latest rates, then the totals.
func (rd *Renderer) summaryTable(d *pdfdoc.Doc, r *ReconcileReport) {
	// At 11 pt a count column holds "quy trình" and "processes" whole,
	// and the parity column "electronically"; the unit's name wraps.
	const kindW, rateW, parityW = 19.0, 20.0, 26.0
	unitW := pdfdoc.ContentWidth - 8 - kindW*float64(len(summaryKinds)) - rateW - parityW
	cols := []pdfdoc.Column{{Width: 8, Header: "#", Align: pdfdoc.Center}, {Width: unitW, Header: rd.t("procedures.col.unit_name")}}
	for _, k := range summaryKinds {
		cols = append(cols, pdfdoc.Column{Width: kindW, Header: rd.t("procedures.pdf.short." + k), Align: pdfdoc.Center})
	}
	cols = append(cols, pdfdoc.Column{Width: rateW, Header: rd.t("procedures.on_time_rate"), Align: pdfdoc.Right},
		pdfdoc.Column{Width: parityW, Header: rd.t("procedures.parity"), Align: pdfdoc.Right})
	rows := make([][]pdfdoc.Cell, 0, len(r.Units)+1)
	for i, u := range r.Units {
		row := []pdfdoc.Cell{{Text: strconv.Itoa(i + 1)}, {Text: rd.t("procedures.pdf.unit", "name", u.Unit.Name, "code", u.Unit.Code)}}
		for _, k := range summaryKinds {
			row = append(row, rd.countCell(u, k))
		}
		if f := u.Latest; f != nil {
			row = append(row, pdfdoc.Cell{Text: rd.rate(f.OnTimeRate), Fill: belowFill(f.OnTimeRate)}, pdfdoc.Cell{Text: rd.rate(f.Parity), Fill: belowFill(f.Parity)})
		} else {
			row = append(row, pdfdoc.Cell{Text: "–"}, pdfdoc.Cell{Text: "–"})
		}
		rows = append(rows, row)
	}
	total := []pdfdoc.Cell{{}, {Text: rd.t("procedures.total"), Bold: true}}
	for _, k := range summaryKinds {
		total = append(total, pdfdoc.Cell{Text: strconv.Itoa(r.Totals[k]), Bold: true})
	}
	rows = append(rows, append(total, pdfdoc.Cell{}, pdfdoc.Cell{}))
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// countCell is a unit's count of one gap kind, "—" when the list it
// comes from was never imported.
func (rd *Renderer) countCell(u ReconcileUnit, kind string) pdfdoc.Cell {
	for _, l := range u.Unknown {
		if kindList(kind) == l {
			return pdfdoc.Cell{Text: "—"}
		}
	}
	n := u.Counts[kind]
	if n == 0 {
		return pdfdoc.Cell{Text: "0"}
	}
	return pdfdoc.Cell{Text: strconv.Itoa(n), Fill: &pdfdoc.RGB{R: 252, G: 224, B: 210}}
}

// kindList is the list a gap kind comes from; "" for kinds of any list.
func kindList(kind string) string {
	switch kind {
	case procedures.GapMissingOnPortal:
		return procedures.Portal
	case procedures.GapMissingOnOneStop:
		return procedures.OneStop
	case procedures.GapMissingProcess, procedures.GapStaleProcess:
		return procedures.Processes
	}
	return ""
}

// figureTable draws a unit's dossier figures, one row per period.
func (rd *Renderer) figureTable(d *pdfdoc.Doc, figs []procedures.FigureView) {
	if len(figs) == 0 {
		d.Para(rd.t("procedures.no_figures"), pdfdoc.Left)
		return
	}
	// At 11 pt "Received" needs 19 mm and "electronically" 26.
	cols := []pdfdoc.Column{{Width: 17, Header: rd.t("procedures.col.period")}, {Width: 19, Header: rd.t("procedures.col.received"), Align: pdfdoc.Right},
		{Width: 19, Header: rd.t("procedures.col.on_time"), Align: pdfdoc.Right}, {Width: 19, Header: rd.t("procedures.col.late"), Align: pdfdoc.Right},
		{Width: 20, Header: rd.t("procedures.on_time_rate"), Align: pdfdoc.Right}, {Width: 19, Header: rd.t("procedures.col.paper"), Align: pdfdoc.Right},
		{Width: 26, Header: rd.t("procedures.col.electronic"), Align: pdfdoc.Right}, {Width: pdfdoc.ContentWidth - 139, Header: rd.t("procedures.parity"), Align: pdfdoc.Right}}
	rows := make([][]pdfdoc.Cell, 0, len(figs))
	for _, f := range figs {
		rows = append(rows, []pdfdoc.Cell{{Text: rd.Cat.Period(rd.Lang, f.Period)}, {Text: strconv.Itoa(f.Received)}, {Text: strconv.Itoa(f.OnTime)}, {Text: strconv.Itoa(f.Late)},
			{Text: rd.rate(f.OnTimeRate), Fill: belowFill(f.OnTimeRate)}, {Text: strconv.Itoa(f.Paper)}, {Text: strconv.Itoa(f.Electronic)},
			{Text: rd.rate(f.Parity), Fill: belowFill(f.Parity)}})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}

// unitGaps draws a unit's count of gaps, the lists not yet imported and
// one table of every gap: its kind, code, name, detail and whether the
// row was read by name.
func (rd *Renderer) unitGaps(d *pdfdoc.Doc, u ReconcileUnit) {
	if len(u.Unknown) > 0 {
		lists := make([]string, len(u.Unknown))
		for i, l := range u.Unknown {
			lists[i] = rd.t("procedures.list." + l)
		}
		d.Para(rd.t("procedures.pdf.unknown", "lists", strings.Join(lists, ", ")), pdfdoc.Justify)
	}
	d.Para(rd.t("procedures.pdf.counts", "n", u.Missing, "matched", u.Counts[procedures.GapMatchedByName]), pdfdoc.Justify)
	if len(u.Gaps) == 0 {
		d.Para(rd.t("procedures.no_gap"), pdfdoc.Left)
		return
	}
	// The kind holds "Khớp theo tên (cần kiểm tra)" on one line at 11 pt.
	cols := []pdfdoc.Column{{Width: 8, Header: "#", Align: pdfdoc.Center}, {Width: 48, Header: rd.t("procedures.col.gap")},
		{Width: 19, Header: rd.t("procedures.col.code")}, {Width: 38, Header: rd.t("procedures.col.name")},
		{Width: 30, Header: rd.t("procedures.col.detail")}, {Width: pdfdoc.ContentWidth - 143, Header: rd.t("procedures.pdf.col.by_name"), Align: pdfdoc.Center}}
	rows := make([][]pdfdoc.Cell, 0, len(u.Gaps))
	for i, g := range u.Gaps {
		detail := g.Detail
		if len(g.Sources) > 0 {
			src := make([]string, len(g.Sources))
			for j, s := range g.Sources {
				src[j] = rd.t("procedures.source." + s)
			}
			detail = strings.TrimPrefix(detail+"; "+strings.Join(src, ", "), "; ")
		}
		marker := pdfdoc.Cell{}
		if byName[g.Kind] {
			marker = pdfdoc.Cell{Text: rd.t("procedures.pdf.by_name"), Fill: &pdfdoc.RGB{R: 252, G: 236, B: 200}}
		}
		rows = append(rows, []pdfdoc.Cell{{Text: strconv.Itoa(i + 1)}, {Text: rd.t("procedures.gap." + g.Kind)}, {Text: g.Code}, {Text: g.Name},
			{Text: detail}, marker})
	}
	(&pdfdoc.Table{Columns: cols, Size: pdfdoc.SizeTable}).Draw(d, rows)
}
