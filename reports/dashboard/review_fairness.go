package dashboard

import (
	"cmp"
	"slices"
	"strings"
)

// ReviewFlag is one of the unit's audits, up to the review's period, whose
// result came from an audit the fairness analysis flags as lenient (by the
// auditing unit, or within a reciprocal pair): a figure the pack quotes
// from it carries a caveat.
type ReviewFlag struct {
	AuditID int64  `json:"audit_id"`
	Year    int    `json:"year"`
	Round   int    `json:"round"`
	Auditor string `json:"auditor_unit"`
	// AuditorName names the auditing unit in the caveat.
	AuditorName string `json:"auditor_name"`
}

// flagReview marks the rounds whose result came from a flagged audit and
// lists those audits. The analysis runs over every audit with results, as
// the office reads it now: an audit flagged today casts doubt on last
// year's figure it produced as much as on this year's.
func flagReview(r *Review, u *UnitData, l *Leniency) {
	r.Flagged = []ReviewFlag{}
	family := u.Family
	if len(family) == 0 {
		family = []string{u.Code}
	}
	seqOf := map[int64]int{}     // audit → its round's place in history
	flaggedSeq := map[int]bool{} // rounds holding a flagged audit of the unit
	for _, h := range u.History {
		seqOf[h.AuditID] = h.Seq
		if h.Year > r.Year || !h.HasResult() || !slices.Contains(family, h.Auditee) || !l.FlaggedAudit(h.Auditor, h.recorded()) {
			continue
		}
		if _, ok := h.Counts.Score(); !ok {
			continue
		}
		flaggedSeq[h.Seq] = true
		r.Flagged = append(r.Flagged, ReviewFlag{AuditID: h.AuditID, Year: h.Year, Round: h.Round, Auditor: h.Auditor,
			AuditorName: cmp.Or(u.Names[h.Auditor], h.Auditor)})
	}
	for i := range r.Rounds {
		r.Rounds[i].Flags = []string{}
		if flaggedSeq[seqOf[r.Rounds[i].AuditID]] {
			r.Rounds[i].Flags = append(r.Rounds[i].Flags, FlagLenientAuditor)
		}
	}
}

// Flagged reports whether the round's result came from a flagged audit.
func (p ReviewRound) Flagged(flag string) bool { return slices.Contains(p.Flags, flag) }

// ScoreCaveat lists the flagged audits behind the period's score: the
// score line says to read it with care when there are any.
func (r *Review) ScoreCaveat() []ReviewFlag {
	if r.Score == nil {
		return nil
	}
	return r.flaggedIn(r.Year)
}

// TrendCaveat lists the flagged audits behind the change since the year
// before (either year's): the improvement figure ("+8,5 điểm") may come
// from a lenient audit as much as from the unit's work.
func (r *Review) TrendCaveat() []ReviewFlag {
	if r.Trend == nil {
		return nil
	}
	return r.flaggedIn(r.Year-1, r.Year)
}

// AnyRoundFlagged reports whether a round of the trend table is marked, so
// that the page and the PDF explain the mark.
func (r *Review) AnyRoundFlagged() bool {
	return slices.ContainsFunc(r.Rounds, func(p ReviewRound) bool { return p.Flagged(FlagLenientAuditor) })
}

func (r *Review) flaggedIn(years ...int) []ReviewFlag {
	var out []ReviewFlag
	for _, f := range r.Flagged {
		if slices.Contains(years, f.Year) {
			out = append(out, f)
		}
	}
	return out
}

// scoreCaveat is the sentence that follows the period's score when it
// includes a flagged result, "" otherwise; the page and the PDF say the
// same.
func (rd reviewRenderer) scoreCaveat(r *Review) string {
	flags := r.ScoreCaveat()
	if len(flags) == 0 {
		return ""
	}
	return rd.t("signals.review.score_caveat", "audits", rd.flagList(flags))
}

// trendCaveat is the sentence that follows the change since the year
// before when either year's result is flagged, "" otherwise.
func (rd reviewRenderer) trendCaveat(r *Review) string {
	flags := r.TrendCaveat()
	if len(flags) == 0 {
		return ""
	}
	return rd.t("signals.review.trend_caveat", "delta", rd.delta(r.Trend), "audits", rd.flagList(flags))
}

// flagList names flagged audits: the round and who audited.
func (rd reviewRenderer) flagList(flags []ReviewFlag) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		parts[i] = rd.t("signals.review.audit", "year", f.Year, "n", f.Round, "auditor", f.AuditorName)
	}
	return strings.Join(parts, "; ")
}
