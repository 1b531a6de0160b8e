package org

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Move is a merged unit and the unit that succeeds it, for the packages
// whose records follow a merger (people, nonconformities).
type Move struct {
	From, To     string // unit codes
	FromID, ToID int64
	Effective    string // yyyy-mm-dd
}

// Follower is what another package does, inside the transaction that
// applies a change table, so that its records follow the mergers: auth
// moves the merged units' people, audit passes their open
// nonconformities on. It returns counts to report, keyed by what was done
// (the page shows them as reorg.follow.KEY).
type Follower func(tx *db.Tx, moves []Move) (map[string]int, error)

// Reorg checks and applies change tables.
type Reorg struct {
	DB        *db.DB
	Followers []Follower
}

// Result is what applying a change table did.
type Result struct {
	Applied int `json:"applied"`
	// Scheduled is the id of the scheduled change when the table takes
	// effect after today (Applied is then 0), and ScheduledFor its date.
	Scheduled    int64          `json:"scheduled,omitempty"`
	ScheduledFor string         `json:"scheduled_for,omitempty"`
	Batch        int64          `json:"batch"`
	Changes      []Change       `json:"changes"`
	Created      []string       `json:"created"`
	Retired      []string       `json:"retired"`
	Follow       map[string]int `json:"follow"`
}

// Check reads and checks a change table (CSV or XLSX, ChangeColumns)
// against the current units and the scheduled changes without changing
// anything. Returns apperr.Unsupported, or apperr.Invalid listing every
// problem by line.
func (r *Reorg) Check(ctx context.Context, file []byte) (*Plan, error) {
	t, err := tabular.Read(bytes.NewReader(file), ChangeColumns...)
	if err != nil {
		return nil, tabular.AppError(err)
	}
	st, err := loadNewTableState(ctx, r.DB.R, r.DB.Now())
	if err != nil {
		return nil, err
	}
	st.xlsx = tabular.Detect(file) == tabular.XLSX
	plan, f := planChanges(t, st)
	if err := f.Err(); err != nil {
		return nil, withCode(err)
	}
	return plan, nil
}

// withCode names a change table's problems for API clients.
func withCode(err error) error {
	e := apperr.As(err)
	e.Code = "invalid_changes"
	e.Message = apperr.M("reorg.invalid")
	return e
}

// Apply checks a change table and applies it whole, or nothing, or, when
// its effective date is after today, schedules it (Result.Scheduled) for
// ApplyDue to apply on that day. Applying it: the new
// units are created, renamed units take their new names, merged and retired
// units are retired (with their successor), every line is recorded with its
// effective date, each change goes to the audit trail, and the Followers run
// in the same transaction. The table is checked again inside the write
// transaction, so that a change applied meanwhile by someone else is
// caught. Returns apperr.Unsupported or apperr.Invalid as Check does.
func (r *Reorg) Apply(ctx context.Context, file []byte, filename string) (*Result, error) {
	t, err := tabular.Read(bytes.NewReader(file), ChangeColumns...)
	if err != nil {
		return nil, tabular.AppError(err)
	}
	var res *Result
	err = r.DB.Write(ctx, func(tx *db.Tx) error {
		st, err := loadNewTableState(tx.Context(), tx.Tx, tx.Now)
		if err != nil {
			return err
		}
		st.xlsx = tabular.Detect(file) == tabular.XLSX
		plan, f := planChanges(t, st)
		if err := f.Err(); err != nil {
			return withCode(err)
		}
		if plan.ScheduledFor != "" {
			res, err = scheduleTx(tx, plan, text.Clean(filename))
			return err
		}
		res, err = r.applyPlan(tx, plan, st, text.Clean(filename))
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (r *Reorg) applyPlan(tx *db.Tx, plan *Plan, st *reorgState, filename string) (*Result, error) {
	now := db.FormatTime(tx.Now)
	b, err := tx.Exec(`INSERT INTO unit_change_batches (filename, rows, applied_by, created_at) VALUES (?, ?, ?, ?)`,
		filename, len(plan.Changes), nullID(tx.Actor), now)
	if err != nil {
		return nil, fmt.Errorf("org: change batch: %w", err)
	}
	res := &Result{Applied: len(plan.Changes), Changes: plan.Changes, Created: []string{}, Retired: []string{}, Follow: map[string]int{}}
	res.Batch, _ = b.LastInsertId()
	for _, in := range plan.Created {
		if _, err := CreateUnitTx(tx, in); err != nil {
			return nil, err
		}
		res.Created = append(res.Created, in.Code)
	}
	ids := map[string]int64{}
	id := func(code string) (int64, error) {
		if v, ok := ids[code]; ok {
			return v, nil
		}
		v, err := UnitIDTx(tx, code)
		ids[code] = v
		return v, err
	}
	var moves []Move
	for _, c := range plan.Changes {
		unitID, err := id(c.OldCode)
		if err != nil {
			return nil, err
		}
		var succID any
		switch c.Kind {
		case ChangeRename:
			err = renameUnit(tx, c, st.units[c.OldCode])
		case ChangeMerge:
			to, err2 := id(c.NewCode)
			if err2 != nil {
				return nil, err2
			}
			succID = to
			err = retireUnit(tx, c, to)
			moves = append(moves, Move{From: c.OldCode, To: c.NewCode, FromID: unitID, ToID: to, Effective: c.Effective})
			res.Retired = append(res.Retired, c.OldCode)
		case ChangeRetire:
			if err = retireUnit(tx, c, nil); err == nil {
				err = noticeStranded(tx, c, st.people[c.OldCode])
			}
			res.Retired = append(res.Retired, c.OldCode)
		}
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(`INSERT INTO unit_changes (batch_id, line, kind, unit_id, successor_id, old_name, new_name, effective_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, res.Batch, c.Line, c.Kind, unitID, succID, c.OldName, c.NewName, c.Effective); err != nil {
			return nil, fmt.Errorf("org: record change at line %d: %w", c.Line, err)
		}
	}
	for _, follow := range r.Followers {
		counts, err := follow(tx, moves)
		if err != nil {
			return nil, err
		}
		for k, n := range counts {
			res.Follow[k] += n
		}
	}
	return res, tx.Record("unit_changes", res.Batch, "apply_table", map[string]any{"file": filename, "applied": res.Applied,
		"created": res.Created, "retired": res.Retired, "follow": res.Follow})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// renameUnit gives a live unit its new name, and the kind the name says.
func renameUnit(tx *db.Tx, c Change, u Unit) error {
	kind := KindFromName(c.NewName)
	if kind == "" {
		kind = u.Kind
	}
	if _, err := tx.Exec(`UPDATE units SET name = ?, search_key = ?, kind = ?, updated_at = ? WHERE code = ?`,
		c.NewName, text.Fold(c.NewName), kind, db.FormatTime(tx.Now), c.OldCode); err != nil {
		return fmt.Errorf("org: rename %s: %w", c.OldCode, err)
	}
	return tx.Record("unit", c.OldCode, "rename", map[string]any{"name": change(u.Name, c.NewName), "kind": change(u.Kind, kind),
		"effective_date": c.Effective, "line": c.Line})
}

// retireUnit retires a unit as of the change's effective date, into its
// successor when it has one (successor is nil otherwise).
func retireUnit(tx *db.Tx, c Change, successor any) error {
	day, _ := time.ParseInLocation(time.DateOnly, c.Effective, i18n.Zone)
	res, err := tx.Exec(`UPDATE units SET retired_at = ?, successor_id = ?, updated_at = ? WHERE code = ? AND retired_at IS NULL`,
		db.FormatTime(day), successor, db.FormatTime(tx.Now), c.OldCode)
	if err != nil {
		return fmt.Errorf("org: retire %s: %w", c.OldCode, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("org: retire %s: not live", c.OldCode) // the checks in the same transaction make this unreachable
	}
	summary := map[string]any{"effective_date": c.Effective, "line": c.Line}
	if c.Kind == ChangeMerge {
		summary["successor"] = c.NewCode
	}
	return tx.Record("unit", c.OldCode, c.Kind, summary)
}

// loadNewTableState is loadReorgState for a table being uploaded: it may
// take effect later, and must agree with the changes already scheduled.
func loadNewTableState(ctx context.Context, q rowsQueryer, now time.Time) (*reorgState, error) {
	st, err := loadReorgState(ctx, q, now)
	if err != nil {
		return nil, err
	}
	st.schedule = true
	st.pending, err = loadPending(ctx, q)
	return st, err
}

// loadReorgState reads the units, the latest recorded change of each, and
// the people of the live units.
func loadReorgState(ctx context.Context, q rowsQueryer, now time.Time) (*reorgState, error) {
	st := &reorgState{units: map[string]Unit{}, latest: map[string]string{}, today: i18n.Day(now)}
	var err error
	if st.people, err = loadPeople(ctx, q); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+unitColumns+` FROM units u LEFT JOIN units s ON s.id = u.successor_id`)
	if err != nil {
		return nil, fmt.Errorf("org: reorg units: %w", err)
	}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("org: reorg units: %w", err)
		}
		st.units[u.Code] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT u.code, MAX(c.effective_on) FROM unit_changes c
		JOIN units u ON u.id = c.unit_id OR u.id = c.successor_id GROUP BY u.code`)
	if err != nil {
		return nil, fmt.Errorf("org: reorg history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, day string
		if err := rows.Scan(&code, &day); err != nil {
			return nil, err
		}
		st.latest[code] = day
	}
	return st, rows.Err()
}

// asInvalid returns the problems of a 422, nil for any other error.
func asInvalid(err error) map[string]apperr.Msg {
	if e := apperr.As(err); e.Kind == apperr.Invalid {
		return e.Fields
	}
	return nil
}
