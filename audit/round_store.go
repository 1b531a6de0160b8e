package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// roundContext is what a round is computed from: the programme's units, the
// earlier rounds' pairs (every confirmed round of the rotation window, see
// history), and the declared conflicts, all as the units stand now: a
// merged unit is replaced by its successor, in the scope, in the history
// and in the conflicts (issue 14).
type roundContext struct {
	programme *Programme
	units     []assign.Unit
	history   []assign.HistoryPair
	forbidden []assign.Pair
	// years is the rotation window; rounds describes history's rounds by
	// their engine number, earliest first.
	years  int
	rounds []historyRound
	lin    *org.Lineage
}

func (s *Store) loadRoundContext(ctx context.Context, programmeID int64) (*roundContext, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	rc := &roundContext{programme: p}
	// A unit merged since the programme was planned is replaced by its
	// successor; a dissolved one leaves the scope.
	rows, err := s.DB.R.QueryContext(ctx, `SELECT DISTINCT u.code, u.name, u.cluster FROM programme_units pu
		JOIN unit_successions us ON us.unit_id = pu.unit_id JOIN units u ON u.id = us.current_id
		WHERE pu.programme_id = ? AND u.retired_at IS NULL ORDER BY u.code`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("audit: round units: %w", err)
	}
	for rows.Next() {
		var u assign.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.Cluster); err != nil {
			rows.Close()
			return nil, err
		}
		rc.units = append(rc.units, u)
	}
	rows.Close()
	set, err := s.RotationSettings(ctx)
	if err != nil {
		return nil, err
	}
	rc.years = set.HistoryYears
	if rc.history, rc.rounds, err = s.history(ctx, p, rc.years); err != nil {
		return nil, err
	}
	if rc.forbidden, err = s.forbiddenPairs(ctx); err != nil {
		return nil, err
	}
	lin, err := s.lineage(ctx)
	if err != nil {
		return nil, err
	}
	rc.lin = lin
	rc.history, rc.forbidden = successorHistory(lin, rc.history), successorPairs(lin, rc.forbidden)
	return rc, nil
}

// flagged asks the fairness source for the audits it flags up to this
// programme, and returns them with their pairs between the round's units
// as those stand now. No source, no flags.
func (s *Store) flagged(ctx context.Context, rc *roundContext) ([]FlaggedAudit, []assign.Pair, error) {
	if s.Fairness == nil {
		return nil, nil, nil
	}
	audits, err := s.Fairness.FlaggedAudits(ctx, rc.programme.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: fairness flags: %w", err)
	}
	inScope := make(map[string]bool, len(rc.units))
	for _, u := range rc.units {
		inScope[u.Code] = true
	}
	return audits, flaggedPairs(audits, inScope, rc.lin.Current), nil
}

// forbiddenPairs turns declared conflicts into pairs the engine must avoid:
// a unit's conflict directly, a person's as their unit's.
func (s *Store) forbiddenPairs(ctx context.Context) ([]assign.Pair, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT DISTINCT COALESCE(au.code, pu.code), b.code FROM conflicts c
		JOIN units b ON b.id = c.auditee_unit_id
		LEFT JOIN units au ON au.id = c.auditor_unit_id
		LEFT JOIN users us ON us.id = c.user_id
		LEFT JOIN units pu ON pu.id = us.unit_id
		WHERE COALESCE(au.code, pu.code) IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("audit: conflicts: %w", err)
	}
	defer rows.Close()
	var out []assign.Pair
	for rows.Next() {
		var p assign.Pair
		if err := rows.Scan(&p.Auditor, &p.Auditee); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// nextRound is the round a preview fills: the first that is not confirmed.
func nextRound(p *Programme) *Round {
	for i := range p.Rounds {
		if p.Rounds[i].Status != RoundConfirmed {
			return &p.Rounds[i]
		}
	}
	return nil
}

// PreviewRound computes the next round's assignment and stores it as a
// preview, replacing an earlier preview of the same round. The engine runs
// before the write transaction, so that it never holds the writer. Returns
// apperr.NotFound, apperr.Conflict (a completed programme) or apperr.Invalid
// (no assignment satisfies the rules, with the reason).
func (s *Store) PreviewRound(ctx context.Context, programmeID int64, in RoundInput) (*Round, error) {
	in.Normalize()
	rc, err := s.loadRoundContext(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	if !CanPlanRounds(rc.programme.Status) {
		return nil, apperr.New(apperr.Conflict, "programme_completed", apperr.M("programme.completed"))
	}
	flaggedAudits, flagged, err := s.flagged(ctx, rc)
	if err != nil {
		return nil, err
	}
	mode, _ := assign.ParseClusterMode(in.Clusters)
	res, err := assign.Solve(assign.Problem{Units: rc.units, History: rc.history, Forbidden: rc.forbidden, Flagged: flagged,
		PerUnit: in.PerUnit, Seed: in.Seed, Clusters: mode})
	if err != nil {
		return nil, infeasible(err)
	}
	st := RoundStats{Stats: res.Stats}
	rc.measure(&st, res.Pairs, flagged)
	spot, err := s.spotChecks(ctx, flaggedAudits)
	if err != nil {
		return nil, err
	}
	stats, err := encodeStats(st, spot)
	if err != nil {
		return nil, err
	}
	target := nextRound(rc.programme)
	var n int
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		roundID, num, err := ensureRound(tx, rc.programme, target)
		if err != nil {
			return err
		}
		n = num
		if _, err := tx.Exec(`UPDATE rounds SET status = 'preview', per_unit = ?, seed = ?, clusters = ?, stats = ? WHERE id = ? AND status <> 'confirmed'`,
			in.PerUnit, in.Seed, in.Clusters, stats, roundID); err != nil {
			return err
		}
		if err := replacePairs(tx, roundID, res.Pairs); err != nil {
			return err
		}
		return tx.Record("round", fmt.Sprintf("%d/%d", programmeID, n), "preview",
			map[string]any{"per_unit": in.PerUnit, "seed": in.Seed, "clusters": in.Clusters, "stats": res.Stats, "flagged_avoided": len(st.FlaggedAvoided), "history_years": rc.years})
	})
	if err != nil {
		return nil, err
	}
	return s.Round(ctx, programmeID, n)
}

// infeasible turns the engine's explanation into a 422 a clerk can read.
func infeasible(err error) error {
	var ie *assign.InfeasibleError
	if !errors.As(err, &ie) {
		return err
	}
	e := apperr.New(apperr.Invalid, "infeasible", apperr.M("round.infeasible."+ie.Kind, "units", strings.Join(ie.Units, ", ")))
	e.Fields = map[string]apperr.Msg{"per_unit": apperr.M("round.infeasible."+ie.Kind, "units", strings.Join(ie.Units, ", "))}
	e.Detail = map[string]any{"reason": ie.Reason, "units": ie.Units}
	return e
}

// ensureRound returns the round to fill, planning a new one after the last
// when every planned round is confirmed.
func ensureRound(tx *db.Tx, p *Programme, target *Round) (int64, int, error) {
	if target != nil {
		var status string
		if err := tx.QueryRow(`SELECT status FROM rounds WHERE id = ?`, target.ID).Scan(&status); err != nil {
			return 0, 0, err
		}
		if status == RoundConfirmed { // confirmed meanwhile by someone else
			return 0, 0, apperr.New(apperr.Conflict, "round_confirmed", apperr.M("round.already_confirmed"))
		}
		return target.ID, target.N, nil
	}
	w := DefaultWindow(tx.Now.In(i18n.Zone))
	if len(p.Rounds) > 0 {
		last, _ := time.Parse(time.DateOnly, p.Rounds[len(p.Rounds)-1].EndsOn)
		if start := last.AddDate(0, 0, 1); start.Format(time.DateOnly) > w.StartsOn {
			w = RoundWindow{StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 1, 0).Format(time.DateOnly)}
		}
	}
	n := len(p.Rounds) + 1
	res, err := tx.Exec(`INSERT INTO rounds (programme_id, n, status, starts_on, ends_on) VALUES (?, ?, 'planned', ?, ?)`, p.ID, n, w.StartsOn, w.EndsOn)
	if err != nil {
		return 0, 0, fmt.Errorf("audit: plan round: %w", err)
	}
	id, _ := res.LastInsertId()
	return id, n, nil
}

func replacePairs(tx *db.Tx, roundID int64, pairs []assign.Pair) error {
	if _, err := tx.Exec(`DELETE FROM round_pairs WHERE round_id = ?`, roundID); err != nil {
		return err
	}
	for _, p := range pairs {
		if _, err := tx.Exec(`INSERT INTO round_pairs (round_id, auditor_unit_id, auditee_unit_id)
			SELECT ?, a.id, b.id FROM units a, units b WHERE a.code = ? AND b.code = ?`, roundID, p.Auditor, p.Auditee); err != nil {
			return fmt.Errorf("audit: store pair: %w", err)
		}
	}
	return nil
}

// Round returns one round of a programme with its pairs. Returns
// apperr.NotFound.
func (s *Store) Round(ctx context.Context, programmeID int64, n int) (*Round, error) {
	rounds, err := s.rounds(ctx, s.DB.R, programmeID)
	if err != nil {
		return nil, err
	}
	for i := range rounds {
		if rounds[i].N == n {
			return &rounds[i], nil
		}
	}
	return nil, apperr.NotFoundThing("thing.round")
}
