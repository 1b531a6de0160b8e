package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// Store reads and writes programmes, rounds, audits, the auditor register
// and conflicts.
type Store struct {
	DB         *db.DB
	Checklists *checklist.Store
	// Fairness says which earlier audits were lenient, so that a new
	// round steers away from their pairs; nil flags none.
	Fairness FairnessSource
}

// NewStore returns the audits' store over d, reading checklists through
// checklists.
func NewStore(d *db.DB, checklists *checklist.Store) *Store {
	return &Store{DB: d, Checklists: checklists}
}

// CreateProgramme stores a programme pinned to the latest published version
// of its checklist, with its scope and planned rounds. Returns apperr.Invalid
// for unknown units or a checklist without a published version.
func (s *Store) CreateProgramme(ctx context.Context, in ProgrammeInput) (*Programme, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v, err := s.Checklists.Published(ctx, in.ChecklistID)
	if err == nil && in.ChecklistVersion > 0 {
		v, err = s.Checklists.VersionNumber(ctx, in.ChecklistID, in.ChecklistVersion)
		if err == nil && !v.Published() {
			err = apperr.NotFoundThing("thing.checklist_version")
		}
	}
	if err != nil {
		if k := apperr.KindOf(err); k == apperr.NotFound || k == apperr.Invalid || k == apperr.Conflict {
			return nil, apperr.InvalidFields(map[string]apperr.Msg{"checklist_id": apperr.M("programme.no_published_checklist")})
		}
		return nil, err
	}
	if len(in.Rounds) == 0 {
		in.Rounds = []RoundWindow{DefaultWindow(s.DB.Now().In(i18n.Zone))}
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		ids, err := unitIDs(tx, in.Units)
		if err != nil {
			return err
		}
		var owner int64
		if err := tx.QueryRow(`SELECT id FROM owners ORDER BY id LIMIT 1`).Scan(&owner); db.NoRows(err) {
			return apperr.New(apperr.Conflict, "no_owner", apperr.M("error.no_owner"))
		} else if err != nil {
			return fmt.Errorf("audit: programme owner: %w", err)
		}
		// The organiser as it is today stays with the programme: its
		// documents keep this letterhead whatever the organiser becomes.
		organiser, err := org.ProfileTx(tx)
		if err != nil {
			return err
		}
		snapshot, err := json.Marshal(organiser)
		if err != nil {
			return fmt.Errorf("audit: programme organiser: %w", err)
		}
		now := db.FormatTime(tx.Now)
		res, err := tx.Exec(`INSERT INTO programmes (owner_id, year, name, objectives, checklist_version_id, status, organiser, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?)`, owner, in.Year, in.Name, in.Objectives, v.ID, string(snapshot), now, now)
		if err != nil {
			return fmt.Errorf("audit: create programme: %w", err)
		}
		id, _ = res.LastInsertId()
		for _, u := range ids {
			if _, err := tx.Exec(`INSERT INTO programme_units (programme_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
				return fmt.Errorf("audit: programme scope: %w", err)
			}
		}
		for i, w := range in.Rounds {
			if _, err := tx.Exec(`INSERT INTO rounds (programme_id, n, status, starts_on, ends_on) VALUES (?, ?, 'planned', ?, ?)`,
				id, i+1, w.StartsOn, w.EndsOn); err != nil {
				return fmt.Errorf("audit: plan round: %w", err)
			}
		}
		return tx.Record("programme", id, "create", map[string]any{"name": in.Name, "year": in.Year,
			"checklist_version_id": v.ID, "units": in.Units, "rounds": in.Rounds})
	})
	if err != nil {
		return nil, err
	}
	return s.Programme(ctx, id)
}

// unitIDs resolves live unit codes, reporting every unknown one at once.
func unitIDs(tx *db.Tx, codes []string) ([]int64, error) {
	ids := make([]int64, 0, len(codes))
	var unknown []string
	for _, c := range codes {
		var id int64
		err := tx.QueryRow(`SELECT id FROM units WHERE code = ? AND retired_at IS NULL`, c).Scan(&id)
		if db.NoRows(err) {
			unknown = append(unknown, c)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("audit: unit %s: %w", c, err)
		}
		ids = append(ids, id)
	}
	if len(unknown) > 0 {
		return nil, apperr.InvalidFields(map[string]apperr.Msg{"units": apperr.M("validation.unknown_units", "codes", strings.Join(unknown, ", "))})
	}
	return ids, nil
}

const programmeColumns = `p.id, p.year, p.name, p.objectives, p.status, p.created_at,
	v.id, v.checklist_id, v.number, COALESCE(c.name, ''), p.organiser`

const programmeFrom = ` FROM programmes p
	JOIN checklist_versions v ON v.id = p.checklist_version_id
	LEFT JOIN checklists c ON c.id = v.checklist_id`

func scanProgramme(row interface{ Scan(...any) error }) (*Programme, error) {
	p := &Programme{Units: []string{}, Rounds: []Round{}, Audits: []AuditSummary{}}
	var created, organiser string
	err := row.Scan(&p.ID, &p.Year, &p.Name, &p.Objectives, &p.Status, &created,
		&p.ChecklistVersionID, &p.ChecklistID, &p.ChecklistVersion, &p.ChecklistName, &organiser)
	if err != nil {
		return nil, err
	}
	if organiser != "" {
		if err := json.Unmarshal([]byte(organiser), &p.Organiser); err != nil {
			return nil, fmt.Errorf("audit: programme %d organiser: %w", p.ID, err)
		}
	}
	p.Organiser.Normalize()
	p.CreatedAt, _ = db.ParseTime(created)
	return p, nil
}

// ListProgrammes returns every programme, newest year first, without rounds.
func (s *Store) ListProgrammes(ctx context.Context) ([]*Programme, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+` ORDER BY p.year DESC, p.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("audit: list programmes: %w", err)
	}
	defer rows.Close()
	out := []*Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: list programmes: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Programme returns one programme with its scope, rounds and audits.
// Returns apperr.NotFound.
func (s *Store) Programme(ctx context.Context, id int64) (*Programme, error) {
	p, err := scanProgramme(s.DB.R.QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = ?`, id))
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.programme")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: programme %d: %w", id, err)
	}
	if p.Units, err = s.programmeUnits(ctx, id); err != nil {
		return nil, err
	}
	if p.Rounds, err = s.rounds(ctx, s.DB.R, id); err != nil {
		return nil, err
	}
	if p.Audits, err = s.ListAudits(ctx, AuditFilter{ProgrammeID: id}); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Store) programmeUnits(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.code FROM programme_units pu JOIN units u ON u.id = pu.unit_id
		WHERE pu.programme_id = ? ORDER BY u.code`, id)
	if err != nil {
		return nil, fmt.Errorf("audit: programme units: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// rounds reads a programme's rounds with their pairs.
func (s *Store) rounds(ctx context.Context, q Querier, programmeID int64) ([]Round, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, n, status, starts_on, ends_on, per_unit, seed, clusters, stats
		FROM rounds WHERE programme_id = ? ORDER BY n`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("audit: rounds: %w", err)
	}
	var out []Round
	for rows.Next() {
		var r Round
		var stats string
		if err := rows.Scan(&r.ID, &r.N, &r.Status, &r.StartsOn, &r.EndsOn, &r.PerUnit, &r.Seed, &r.Clusters, &stats); err != nil {
			rows.Close()
			return nil, fmt.Errorf("audit: rounds: %w", err)
		}
		r.Stats, r.SpotChecks = decodeStats(stats)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Pairs, err = roundPairs(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []Round{}
	}
	return out, nil
}

func roundPairs(ctx context.Context, q Querier, roundID int64) ([]assign.Pair, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.code, b.code FROM round_pairs rp
		JOIN units a ON a.id = rp.auditor_unit_id JOIN units b ON b.id = rp.auditee_unit_id
		WHERE rp.round_id = ? ORDER BY a.code, b.code`, roundID)
	if err != nil {
		return nil, fmt.Errorf("audit: round pairs: %w", err)
	}
	defer rows.Close()
	out := []assign.Pair{}
	for rows.Next() {
		var p assign.Pair
		if err := rows.Scan(&p.Auditor, &p.Auditee); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// TransitionProgramme moves a programme by hand (draft ⇄ approved, active →
// completed). Returns apperr.NotFound, or apperr.Conflict with the states
// allowed next.
func (s *Store) TransitionProgramme(ctx context.Context, id int64, to string) (*Programme, error) {
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var status string
		err := tx.QueryRow(`SELECT status FROM programmes WHERE id = ?`, id).Scan(&status)
		if db.NoRows(err) {
			return apperr.NotFoundThing("thing.programme")
		}
		if err != nil {
			return err
		}
		allowed := NextProgrammeStates(status)
		if !slices.Contains(allowed, to) {
			e := apperr.New(apperr.Conflict, "invalid_transition", apperr.M("programme.invalid_transition", "from", i18n.StatusMsg(i18n.StatusProgramme, status)))
			e.Allowed = append([]string{}, allowed...)
			return e
		}
		if _, err := tx.Exec(`UPDATE programmes SET status = ?, updated_at = ? WHERE id = ?`, to, db.FormatTime(tx.Now), id); err != nil {
			return err
		}
		return tx.Record("programme", id, "transition", map[string]string{"from": status, "to": to})
	})
	if err != nil {
		return nil, err
	}
	return s.Programme(ctx, id)
}
