package audit

import (
	"context"
	"fmt"
	"slices"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/text"
)

// SwapInput exchanges the auditees of two pairs of a previewed round.
type SwapInput struct {
	A      assign.Pair `json:"a"`
	B      assign.Pair `json:"b"`
	Reason string      `json:"reason" form:"reason" validate:"max=2000"`
}

// rulesFor builds the rules a round's pairs must respect.
func rulesFor(rc *roundContext, r *Round) Rules {
	rules := Rules{Mode: assign.ClusterMode(r.Clusters), Cluster: map[string]string{},
		Forbidden: map[assign.Pair]bool{}, Last: map[assign.Pair]bool{}, Earlier: map[assign.Pair]bool{}, Names: map[string]string{}}
	for _, u := range rc.units {
		rules.Cluster[u.Code] = u.Cluster
		rules.Names[u.Code] = u.Name
	}
	for _, p := range rc.forbidden {
		rules.Forbidden[p] = true
	}
	last := 0
	for _, h := range rc.history {
		last = max(last, h.Round)
	}
	for _, h := range rc.history {
		rules.Earlier[h.Pair] = true
		if h.Round == last {
			rules.Last[h.Pair] = true
		}
	}
	return rules
}

// SwapPairs exchanges two pairs' auditees in a previewed round. A swap that
// breaks a hard rule is refused (apperr.Invalid); one that newly breaks a
// soft rule needs a written reason (apperr.Invalid on "reason" without one).
// Both go into the audit trail. Returns apperr.Conflict once confirmed.
func (s *Store) SwapPairs(ctx context.Context, programmeID int64, n int, in SwapInput) (*Round, error) {
	in.Reason = text.Clean(in.Reason)
	rc, err := s.loadRoundContext(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	r, err := s.Round(ctx, programmeID, n)
	if err != nil {
		return nil, err
	}
	if r.Status != RoundPreview {
		e := apperr.New(apperr.Conflict, "round_not_preview", apperr.M("round.swap.not_preview"))
		e.Allowed = []string{}
		return nil, e
	}
	pairs, soft, err := Swap(rulesFor(rc, r), r.Pairs, in.A, in.B)
	if err != nil {
		return nil, err
	}
	if len(soft) > 0 && in.Reason == "" {
		msgs := make([]apperr.Msg, len(soft))
		for i, k := range soft {
			msgs[i] = apperr.M(k)
		}
		e := apperr.InvalidFields(map[string]apperr.Msg{"reason": apperr.M("round.swap.reason_needed", "rules", msgs[0])})
		e.Code = "reason_required"
		e.Detail = map[string]any{"soft_rules": soft}
		return nil, e
	}
	var note SwapNote
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		var status string
		if err := tx.QueryRow(`SELECT status FROM rounds WHERE id = ?`, r.ID).Scan(&status); err != nil {
			return err
		}
		if status != RoundPreview {
			return apperr.New(apperr.Conflict, "round_not_preview", apperr.M("round.swap.not_preview"))
		}
		if err := replacePairs(tx, r.ID, pairs); err != nil {
			return err
		}
		// The round's figures follow the pairs: a swap may make a pair
		// reciprocal, repeat or reverse an earlier round, or bring back a
		// flagged pair, and the engine's claim of optimality no longer
		// holds. The flagged pairs are those of the preview, so that a
		// swap does not change what counts as flagged.
		st := RoundStats{}
		var spot []SpotCheck
		if r.Stats != nil {
			st, spot = *r.Stats, r.SpotChecks
		}
		flagged := append(slices.Clone(st.FlaggedKept), st.FlaggedAvoided...)
		rc.measure(&st, pairs, flagged)
		st.Optimal = false
		made := []assign.Pair{{Auditor: in.A.Auditor, Auditee: in.B.Auditee}, {Auditor: in.B.Auditor, Auditee: in.A.Auditee}}
		note = SwapNote{A: in.A, B: in.B, Made: made, Broken: rc.breaks(made, pairs, flagged), Reason: in.Reason}
		st.Swaps = append(st.Swaps, note)
		js, err := encodeStats(st, spot)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE rounds SET stats = ? WHERE id = ?`, js, r.ID); err != nil {
			return err
		}
		return tx.Record("round", fmt.Sprintf("%d/%d", programmeID, n), "swap",
			map[string]any{"a": in.A, "b": in.B, "soft_rules_broken": soft, "broken": note.Broken, "reason": in.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.Round(ctx, programmeID, n)
}
