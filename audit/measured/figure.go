package measured

import (
	"context"
	"math"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// PercentTolerance is how far, in percentage points, a recorded percentage
// may lie from the system's before it contradicts it: the software shows
// rates with one decimal and auditors round them to whole percents (at
// most half a point off), and a report may be built a few days after the
// system's figure; one point covers both while still catching a 99 %
// written where the software says 96,4 %. Counts have no tolerance: 0
// differences against 7 found is a contradiction, and so is 6.
const PercentTolerance = 1.0

// Figure is the system's own figure for one measured item of an audited
// unit. An item has one only when the system measures what the item asks
// for: the same item code in the same clause and unit (Fits), so that an
// item of another checklist that merely reuses a code gets none.
type Figure struct {
	Item   string // the item's code, "T01"
	Clause string // the clause the item must cite, "4.3/7.5.3"
	Unit   string // the unit the item's value is in, "TTHC" or "%"
	Value  float64
	// Percent selects the tolerance: PercentTolerance for a percentage,
	// exact equality for a count.
	Percent bool
	// Says is what the system says, as the second half of the warning:
	// "hệ thống đối chiếu ghi 7 thủ tục chưa có quy trình (đối chiếu ngày
	// 05/12/2026)".
	Says apperr.Msg
	// Source is the page where the figure comes from, on this site.
	Source string
	// AsOf is when the data the figure rests on were last imported; zero
	// when the figure names its period instead.
	AsOf time.Time
}

// Source returns the figures the system holds for the unit an audit
// audits, by item code; an item without a figure is absent. It is wired in
// cmd from the package that keeps the data.
type Source func(ctx context.Context, p *audit.Audit) (map[string]Figure, error)

// Fits reports whether the figure measures what item asks for: the same
// code, a measure item, the same clause and the same unit.
func (f Figure) Fits(it checklist.Item) bool {
	return it.Kind == checklist.KindMeasure && it.Code == f.Item && it.Clause == f.Clause && it.Unit == f.Unit
}

// Tolerance is how far a recorded value may lie from the figure: 0 for a
// count, PercentTolerance for a percentage.
func (f Figure) Tolerance() float64 {
	if f.Percent {
		return PercentTolerance
	}
	return 0
}

// Contradicts reports whether a recorded value contradicts the figure:
// further from it than the tolerance (a hair's breadth allowed for a
// decimal typed).
func (f Figure) Contradicts(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	return math.Abs(v-f.Value) > f.Tolerance()+1e-9
}
