package reports

import (
	"context"
	"time"

	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// Official is what makes a document the organiser sends official: the
// number its văn thư gave it in the outgoing register and the day it was
// signed. A document not yet registered is a draft: it prints DỰ THẢO, a
// blank number before the kind and symbol, and a blank day, for the văn
// thư to fill in by hand or by registering it.
type Official struct {
	Kind   string    // org.OutgoingPlan, org.OutgoingDecision, org.OutgoingReport
	Number string    // "125/QĐ-UBND"; "" on a draft
	Signed time.Time // the signing day; zero on a draft
	Symbol string    // the organiser's symbol, for a draft's number line
}

// Draft reports whether the document is not registered yet.
func (o Official) Draft() bool { return o.Number == "" }

// official reads how a document is registered; an unregistered one is a
// draft of the organiser's symbol.
func (l *Loader) official(ctx context.Context, kind string, subject int64, owner Owner) (Official, error) {
	o := Official{Kind: kind, Symbol: owner.Profile.Symbol}
	r, ok, err := (&org.Store{DB: l.Findings.DB}).Registration(ctx, kind, subject)
	if err != nil || !ok {
		return o, err
	}
	o.Number, o.Signed = r.Number, r.Signed()
	return o, nil
}

// officialLines writes a document's number line and its place-and-date
// line: the registered number and signing day, or a draft's blanks with
// the year the document belongs to.
func (rd *Renderer) officialLines(o Official, place string, year int) (number, placeDate string) {
	if o.Draft() {
		blank := rd.t("report.date_blank", "year", year)
		if place != "" {
			blank = place + ", " + blank
		}
		return rd.t("report.number_blank", "symbol", org.NumberSuffix(o.Kind, o.Symbol)), blank
	}
	return rd.t("report.number", "number", o.Number), pdfdoc.PlaceDate(rd.Lang, place, o.Signed)
}

// watermark is the draft's mark, "" once the document is official.
func (rd *Renderer) watermark(o Official) string {
	if o.Draft() {
		return rd.t("report.draft")
	}
	return ""
}
