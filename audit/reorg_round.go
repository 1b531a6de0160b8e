package audit

import (
	"context"
	"strings"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
)

// lineage reads the succession of units after reorganisations.
func (s *Store) lineage(ctx context.Context) (*org.Lineage, error) {
	return (&org.Store{DB: s.DB}).Lineage(ctx)
}

// successorHistory maps earlier rounds' pairs onto the units that stand for
// them now, so that a merged unit's rotation carries on in its successor: a
// pair that becomes a self-pair (two units merged into one) is dropped, and
// a pair that two predecessors share in one round counts once.
func successorHistory(lin *org.Lineage, hist []assign.HistoryPair) []assign.HistoryPair {
	seen := map[assign.HistoryPair]bool{}
	out := make([]assign.HistoryPair, 0, len(hist))
	for _, h := range hist {
		h.Auditor, h.Auditee = lin.Current(h.Auditor), lin.Current(h.Auditee)
		if h.Auditor == h.Auditee || seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, h)
	}
	return out
}

// successorPairs maps declared conflicts the same way: a conflict with a
// merged unit applies to its successor.
func successorPairs(lin *org.Lineage, pairs []assign.Pair) []assign.Pair {
	seen := map[assign.Pair]bool{}
	out := make([]assign.Pair, 0, len(pairs))
	for _, p := range pairs {
		p.Auditor, p.Auditee = lin.Current(p.Auditor), lin.Current(p.Auditee)
		if p.Auditor == p.Auditee || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// errStalePreview refuses to confirm a preview that names units merged or
// dissolved since it was computed: their audits would go to units that no
// longer exist. Returns nil when every unit is live.
func (s *Store) errStalePreview(ctx context.Context, r *Round) error {
	lin, err := s.lineage(ctx)
	if err != nil {
		return err
	}
	var stale []string
	seen := map[string]bool{}
	for _, p := range r.Pairs {
		for _, c := range []string{p.Auditor, p.Auditee} {
			if !lin.Live(c) && !seen[c] {
				seen[c] = true
				stale = append(stale, c)
			}
		}
	}
	if len(stale) == 0 {
		return nil
	}
	e := apperr.New(apperr.Conflict, "round_stale", apperr.M("reorg.round_stale", "units", strings.Join(stale, ", ")))
	e.Allowed = []string{RoundPreview}
	return e
}
