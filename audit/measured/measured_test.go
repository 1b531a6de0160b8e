package measured_test

import (
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

func TestContradicts(t *testing.T) {
	count := measured.Figure{Value: 7}
	rate := measured.Figure{Value: 96.4, Percent: true}
	for _, c := range []struct {
		f    measured.Figure
		v    float64
		want bool
	}{
		{count, 0, true}, {count, 6, true}, {count, 7, false}, {count, 8, true},
		{rate, 96.4, false}, {rate, 96, false}, {rate, 97.4, false}, {rate, 95.4, false},
		{rate, 97.5, true}, {rate, 99, true}, {rate, 95.3, true},
	} {
		if got := c.f.Contradicts(c.v); got != c.want {
			t.Errorf("%v recorded against %v (percent %v): contradicts %v, want %v", c.v, c.f.Value, c.f.Percent, got, c.want)
		}
	}
}

// An item of another checklist that reuses the code but not the clause or
// the unit is not what the figure measures.
func TestFits(t *testing.T) {
	f := measured.Figure{Item: "T01", Clause: "4.3/7.5.3", Unit: "TTHC"}
	builtIn := checklist.Item{Code: "T01", Clause: "4.3/7.5.3", Kind: checklist.KindMeasure, Unit: "TTHC"}
	if !f.Fits(builtIn) {
		t.Error("the built-in T01 does not fit its figure")
	}
	for _, it := range []checklist.Item{
		{Code: "T01", Clause: "8.5.1", Kind: checklist.KindMeasure, Unit: "TTHC"},
		{Code: "T01", Clause: "4.3/7.5.3", Kind: checklist.KindMeasure, Unit: "%"},
		{Code: "T01", Clause: "4.3/7.5.3", Kind: checklist.KindCheck, Unit: "TTHC"},
		{Code: "T03", Clause: "4.3/7.5.3", Kind: checklist.KindMeasure, Unit: "TTHC"},
	} {
		if f.Fits(it) {
			t.Errorf("%+v fits T01's figure", it)
		}
	}
}

// Warnings name the items whose value contradicts, in the sheet's order,
// with both numbers; an item without a value or a figure has none; the
// sentence writes the value with the language's decimal mark.
func TestWarnings(t *testing.T) {
	item := func(code, clause, unit string, v *float64) *conduct.SheetItem {
		return &conduct.SheetItem{Item: checklist.Item{Code: code, Clause: clause, Kind: checklist.KindMeasure, Unit: unit},
			Answer: conduct.Answer{Value: v}}
	}
	num := func(v float64) *float64 { return &v }
	sheet := &conduct.Sheet{Sections: []*conduct.Section{{Groups: []*conduct.Group{{Items: []*conduct.SheetItem{
		item("T01", "4.3/7.5.3", "TTHC", num(0)),
		item("T02", "7.5.2/8.2.4", "ngày", num(12)),
		item("T03", "8.2.1", "TTHC", nil),
		item("T09", "9.1.1/6.2", "%", num(99.1)),
	}}}}}}
	says := apperr.M("measured.says.one", "what", apperr.M("measured.part.missing_process", "n", 7), "date", "05/12/2026")
	figs := map[string]measured.Figure{
		"T01": {Item: "T01", Clause: "4.3/7.5.3", Unit: "TTHC", Value: 7, Says: says, Source: "/procedures/units/1#gap-missing_process"},
		"T03": {Item: "T03", Clause: "8.2.1", Unit: "TTHC", Value: 3, Says: says},
		"T09": {Item: "T09", Clause: "9.1.1/6.2", Unit: "%", Value: 96.4, Percent: true, Says: says},
	}
	ws := measured.Warnings(sheet, figs)
	if len(ws) != 2 || ws[0].Item != "T01" || ws[0].Entered != 0 || ws[0].System != 7 || ws[1].Item != "T09" || ws[1].System != 96.4 {
		t.Fatalf("warnings %+v, want T01 (0 against 7) and T09 (99.1 against 96.4)", ws)
	}
	if len(measured.Fitting(sheet, figs)) != 3 {
		t.Error("Fitting does not keep the three figures that fit the sheet")
	}
	cat := i18n.MustLoad()
	if got, want := cat.Msg(i18n.VI, ws[0].Message), "Bạn ghi 0; hệ thống đối chiếu ghi 7 thủ tục chưa có quy trình (đối chiếu ngày 05/12/2026)."; got != want {
		t.Errorf("vi: %q, want %q", got, want)
	}
	if got, want := cat.Msg(i18n.EN, ws[1].Message), "You recorded 99.1; "; got[:len(want)] != want {
		t.Errorf("en: %q, want it to start %q", got, want)
	}
	if got, want := cat.Msg(i18n.VI, ws[1].Message), "Bạn ghi 99,1; "; got[:len(want)] != want {
		t.Errorf("vi: %q, want it to start %q", got, want)
	}
}
