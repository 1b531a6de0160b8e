package org

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// The states of a scheduled change table (migration 0013).
const (
	ScheduleWaiting   = "scheduled"
	ScheduleApplied   = "applied"
	ScheduleCancelled = "cancelled"
	ScheduleFailed    = "failed"
)

// Scheduled is a change table that takes effect after the day it was
// uploaded: checked whole then, applied on its effective date by ApplyDue.
type Scheduled struct {
	ID        int64      `json:"id"`
	Filename  string     `json:"filename"`
	Effective string     `json:"effective_date"` // yyyy-mm-dd
	Status    string     `json:"status"`
	Changes   []Change   `json:"changes"`
	Problems  []Problem  `json:"problems,omitempty"` // why it failed
	Batch     int64      `json:"batch,omitempty"`    // the batch it became
	CreatedAt time.Time  `json:"created_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"` // applied, cancelled or failed
}

// Problem is one reason a scheduled table no longer applied on its day:
// the line and column it names (0 and "" for the whole table) and the
// message, translated by the page.
type Problem struct {
	Line   int        `json:"line,omitempty"`
	Column string     `json:"column,omitempty"`
	Msg    apperr.Msg `json:"message"`
}

// problemsOf orders a table's problems by line, every argument written as
// text so that they read the same after a trip through JSON.
func problemsOf(f apperr.Fields) []Problem {
	out := make([]Problem, 0, len(f))
	for k, m := range f {
		p := Problem{Msg: apperr.Msg{Key: m.Key, Args: map[string]any{}}}
		for a, v := range m.Args {
			p.Msg.Args[a] = fmt.Sprint(v)
		}
		if rest, ok := strings.CutPrefix(k, "row:"); ok {
			num, col, _ := strings.Cut(rest, ":")
			p.Line, _ = strconv.Atoi(num)
			p.Column = col
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Column, b.Column)
	})
	return out
}

// scheduleTx stores a checked table that takes effect after today.
func scheduleTx(tx *db.Tx, plan *Plan, filename string) (*Result, error) {
	res, err := tx.Exec(`INSERT INTO unit_change_schedules (filename, effective_on, created_by, created_at) VALUES (?, ?, ?, ?)`,
		filename, plan.ScheduledFor, nullID(tx.Actor), db.FormatTime(tx.Now))
	if err != nil {
		return nil, fmt.Errorf("org: schedule: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, c := range plan.Changes {
		if _, err := tx.Exec(`INSERT INTO unit_change_schedule_lines (schedule_id, line, kind, old_code, old_name, new_code, new_name, written_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, c.Line, c.Kind, c.OldCode, c.OldName, c.NewCode, c.NewName, c.written); err != nil {
			return nil, fmt.Errorf("org: schedule line %d: %w", c.Line, err)
		}
	}
	if err := tx.Record("unit_change_schedule", id, "schedule", map[string]any{"file": filename,
		"effective_date": plan.ScheduledFor, "lines": len(plan.Changes)}); err != nil {
		return nil, err
	}
	return &Result{Scheduled: id, ScheduledFor: plan.ScheduledFor, Changes: plan.Changes,
		Created: []string{}, Retired: []string{}, Follow: map[string]int{}}, nil
}

// loadPending reads the lines of every table still waiting for its day.
func loadPending(ctx context.Context, q rowsQueryer) ([]pendingLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.effective_on, l.kind, l.old_code, l.new_code
		FROM unit_change_schedule_lines l JOIN unit_change_schedules s ON s.id = l.schedule_id
		WHERE s.status = 'scheduled' ORDER BY s.effective_on, s.id, l.line`)
	if err != nil {
		return nil, fmt.Errorf("org: scheduled changes: %w", err)
	}
	defer rows.Close()
	var out []pendingLine
	for rows.Next() {
		var p pendingLine
		if err := rows.Scan(&p.schedule, &p.date, &p.kind, &p.old, &p.new); err != nil {
			return nil, fmt.Errorf("org: scheduled changes: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Schedules lists every scheduled table, those still waiting first (the
// nearest day first), then the others, the latest first.
func (s *Store) Schedules(ctx context.Context) ([]Scheduled, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, filename, effective_on, status, reason, COALESCE(batch_id, 0), created_at, COALESCE(closed_at, '')
		FROM unit_change_schedules ORDER BY status <> 'scheduled', CASE WHEN status = 'scheduled' THEN effective_on END, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("org: schedules: %w", err)
	}
	out := []Scheduled{}
	index := map[int64]int{}
	for rows.Next() {
		var sc Scheduled
		var reason, created, closed string
		if err := rows.Scan(&sc.ID, &sc.Filename, &sc.Effective, &sc.Status, &reason, &sc.Batch, &created, &closed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("org: schedules: %w", err)
		}
		sc.CreatedAt, _ = db.ParseTime(created)
		if t, err := db.ParseTime(closed); err == nil {
			sc.ClosedAt = &t
		}
		if reason != "" {
			_ = json.Unmarshal([]byte(reason), &sc.Problems) // written by failTx; a bad one shows no reasons
		}
		sc.Changes = []Change{}
		index[sc.ID] = len(out)
		out = append(out, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT schedule_id, line, kind, old_code, old_name, new_code, new_name
		FROM unit_change_schedule_lines ORDER BY schedule_id, line`)
	if err != nil {
		return nil, fmt.Errorf("org: schedule lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c Change
		if err := rows.Scan(&id, &c.Line, &c.Kind, &c.OldCode, &c.OldName, &c.NewCode, &c.NewName); err != nil {
			return nil, fmt.Errorf("org: schedule lines: %w", err)
		}
		if i, ok := index[id]; ok {
			c.Effective = out[i].Effective
			out[i].Changes = append(out[i].Changes, c)
		}
	}
	return out, rows.Err()
}

// Cancel cancels a scheduled table before its effective date. Returns
// apperr.NotFound, or apperr.Conflict (code "schedule_closed", no state
// allowed next) once it was applied, failed, cancelled or its day has come.
func (r *Reorg) Cancel(ctx context.Context, id int64) error {
	return r.DB.Write(ctx, func(tx *db.Tx) error {
		var status, day string
		err := tx.QueryRow(`SELECT status, effective_on FROM unit_change_schedules WHERE id = ?`, id).Scan(&status, &day)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundThing("thing.unit_change_schedule")
		}
		if err != nil {
			return fmt.Errorf("org: cancel schedule %d: %w", id, err)
		}
		if status != ScheduleWaiting || day <= i18n.Day(tx.Now) {
			e := apperr.New(apperr.Conflict, "schedule_closed", apperr.M("reorg.err.schedule_closed", "id", id, "status", apperr.M("reorg.status."+status)))
			e.Allowed = []string{}
			return e
		}
		if _, err := tx.Exec(`UPDATE unit_change_schedules SET status = 'cancelled', closed_by = ?, closed_at = ? WHERE id = ?`,
			nullID(tx.Actor), db.FormatTime(tx.Now), id); err != nil {
			return fmt.Errorf("org: cancel schedule %d: %w", id, err)
		}
		return tx.Record("unit_change_schedule", id, "cancel", map[string]any{"effective_date": day})
	})
}

// DueOutcome counts what ApplyDue did.
type DueOutcome struct {
	Applied, Failed int
}

// ApplyDue applies every scheduled table whose effective date (Vietnam
// time) has come, the earliest first, each in its own write transaction as
// Apply would, followers included. A table that no longer applies (a unit
// it names was merged meanwhile, say) is marked failed with its problems,
// and the office is told. Running it again applies nothing twice: a table
// is taken only while still scheduled, inside the transaction that applies
// it.
func (r *Reorg) ApplyDue(ctx context.Context) (DueOutcome, error) {
	var out DueOutcome
	rows, err := r.DB.R.QueryContext(ctx, `SELECT id FROM unit_change_schedules WHERE status = 'scheduled' AND effective_on <= ?
		ORDER BY effective_on, id`, i18n.Day(r.DB.Now()))
	if err != nil {
		return out, fmt.Errorf("org: due schedules: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return out, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, id := range ids {
		var status string
		err := r.DB.Write(ctx, func(tx *db.Tx) error {
			var err error
			status, err = r.applyScheduledTx(tx, id)
			return err
		})
		if err != nil {
			return out, err
		}
		switch status {
		case ScheduleApplied:
			out.Applied++
		case ScheduleFailed:
			out.Failed++
		}
	}
	return out, nil
}

// applyScheduledTx applies one scheduled table if it is still waiting and
// due, and returns what became of it ("" when nothing was done).
func (r *Reorg) applyScheduledTx(tx *db.Tx, id int64) (string, error) {
	var status, day, filename string
	if err := tx.QueryRow(`SELECT status, effective_on, filename FROM unit_change_schedules WHERE id = ?`, id).
		Scan(&status, &day, &filename); err != nil {
		return "", fmt.Errorf("org: schedule %d: %w", id, err)
	}
	if status != ScheduleWaiting || day > i18n.Day(tx.Now) {
		return "", nil
	}
	t, err := scheduledTable(tx, id, day)
	if err != nil {
		return "", err
	}
	// Checked again as an immediate table: the units may have changed
	// since the upload.
	st, err := loadReorgState(tx.Context(), tx.Tx, tx.Now)
	if err != nil {
		return "", err
	}
	plan, f := planChanges(t, st)
	if len(f) > 0 {
		return ScheduleFailed, failTx(tx, id, day, filename, f)
	}
	res, err := r.applyPlan(tx, plan, st, filename)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(`UPDATE unit_change_schedules SET status = 'applied', batch_id = ?, closed_at = ? WHERE id = ? AND status = 'scheduled'`,
		res.Batch, db.FormatTime(tx.Now), id); err != nil {
		return "", fmt.Errorf("org: schedule %d applied: %w", id, err)
	}
	if err := tx.Record("unit_change_schedule", id, "apply_scheduled", map[string]any{"effective_date": day, "batch": res.Batch}); err != nil {
		return "", err
	}
	msg := apperr.M("reorg.notice_schedule_applied", "id", id, "date", dmy(day), "n", res.Applied)
	return ScheduleApplied, notifyStaffTx(tx, msg)
}

// scheduledTable rebuilds the stored lines as the table was written.
func scheduledTable(tx *db.Tx, id int64, day string) (*tabular.Table, error) {
	rows, err := tx.Query(`SELECT line, old_code, new_code, written_name FROM unit_change_schedule_lines WHERE schedule_id = ? ORDER BY line`, id)
	if err != nil {
		return nil, fmt.Errorf("org: schedule %d lines: %w", id, err)
	}
	defer rows.Close()
	t := &tabular.Table{Header: ChangeColumns}
	for rows.Next() {
		var line int
		var old, code, name string
		if err := rows.Scan(&line, &old, &code, &name); err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, tabular.Row{Line: line, Cells: map[string]string{
			"old_code": old, "new_code": code, "new_name": name, "effective_date": day}})
	}
	return t, rows.Err()
}

// failTx marks a scheduled table failed with its problems, and tells the
// office.
func failTx(tx *db.Tx, id int64, day, filename string, f apperr.Fields) error {
	problems := problemsOf(f)
	b, err := json.Marshal(problems)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE unit_change_schedules SET status = 'failed', reason = ?, closed_at = ? WHERE id = ? AND status = 'scheduled'`,
		string(b), db.FormatTime(tx.Now), id); err != nil {
		return fmt.Errorf("org: schedule %d failed: %w", id, err)
	}
	if err := tx.Record("unit_change_schedule", id, "fail_scheduled", map[string]any{"effective_date": day, "file": filename,
		"problems": slices.Sorted(maps.Keys(f))}); err != nil {
		return err
	}
	return notifyStaffTx(tx, apperr.M("reorg.notice_schedule_failed", "id", id, "date", dmy(day), "n", len(problems)))
}
