package org

import (
	"bytes"
	"context"
	"errors"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/text"
)

// errRehearsal ends a rehearsal's transaction without committing it.
var errRehearsal = errors.New("org: rehearsal rolled back")

// Rehearse checks a change table and says what applying it now would do,
// changing nothing: the plan, and for a table that takes effect today or
// earlier the result Apply would report, with the followers' counts (the
// people who would move, the open nonconformities that would pass to a
// successor). To count exactly what Apply does, it applies the table in a
// write transaction and rolls that back. A table dated after today would
// be scheduled, which can be cancelled: its result is nil. Returns the
// errors of Check.
func (r *Reorg) Rehearse(ctx context.Context, file []byte, filename string) (*Plan, *Result, error) {
	t, err := tabular.Read(bytes.NewReader(file), ChangeColumns...)
	if err != nil {
		return nil, nil, tabular.AppError(err)
	}
	var plan *Plan
	var res *Result
	err = r.DB.Write(ctx, func(tx *db.Tx) error {
		st, err := loadNewTableState(tx.Context(), tx.Tx, tx.Now)
		if err != nil {
			return err
		}
		st.xlsx = tabular.Detect(file) == tabular.XLSX
		p, f := planChanges(t, st)
		if err := f.Err(); err != nil {
			return withCode(err)
		}
		plan = p
		if p.ScheduledFor == "" {
			if res, err = r.applyPlan(tx, p, st, text.Clean(filename)); err != nil {
				return err
			}
		}
		return errRehearsal
	})
	if !errors.Is(err, errRehearsal) {
		return nil, nil, err
	}
	return plan, res, nil
}
