package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

const findingColumns = `f.id, f.audit_id, b_u.code, a_u.code, f.clause, f.item_code, f.grade, f.statement, f.evidence, f.status,
	f.plan_due, f.repeat_of, a.status`

const findingJoins = ` FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
	JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id`

func scanFinding(row interface{ Scan(...any) error }, today string) (Finding, error) {
	var f Finding
	var due sql.NullString
	var repeat sql.NullInt64
	err := row.Scan(&f.ID, &f.AuditID, &f.AuditeeUnit, &f.AuditorUnit, &f.Clause, &f.ItemID, &f.Grade, &f.Statement, &f.Evidence,
		&f.Status, &due, &repeat, &f.AuditStatus)
	if due.Valid {
		f.PlanDue = &due.String
	}
	if repeat.Valid {
		f.RepeatOf = &repeat.Int64
	}
	f.Overdue = f.PlanOverdue(today)
	return f, err
}

// today is the day in Asia/Ho_Chi_Minh, against which due dates are read.
func (s *Store) today() string { return s.DB.Now().In(i18n.Zone).Format(time.DateOnly) }

// Findings returns the findings matching f in the order they were made
// (the register, when f.NonconformitiesOnly).
func (s *Store) Findings(ctx context.Context, f FindingFilter) ([]Finding, error) {
	where := []string{"1=1"}
	var args []any
	add := func(cond string, vs ...any) { where = append(where, cond); args = append(args, vs...) }
	if f.NonconformitiesOnly {
		add("f.grade IN ('minor', 'major')")
	}
	if f.ProgrammeID != 0 {
		add("r.programme_id = ?", f.ProgrammeID)
	}
	if f.AuditID != 0 {
		add("f.audit_id = ?", f.AuditID)
	}
	if f.Unit != "" {
		add("(a_u.code = ? OR b_u.code = ?)", f.Unit, f.Unit)
	}
	if f.Status != "" {
		add("f.status = ?", f.Status)
	}
	if f.AuditeeUnit != "" {
		add("b_u.code = ?", f.AuditeeUnit)
	}
	if f.AuditorUnit != "" {
		add("a_u.code = ?", f.AuditorUnit)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+findingColumns+findingJoins+` WHERE `+strings.Join(where, " AND ")+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: findings: %w", err)
	}
	defer rows.Close()
	today := s.today()
	out := []Finding{}
	for rows.Next() {
		fd, err := scanFinding(rows, today)
		if err != nil {
			return nil, fmt.Errorf("audit: findings: %w", err)
		}
		out = append(out, fd)
	}
	return out, rows.Err()
}

// Finding returns one finding. Returns apperr.NotFound.
func (s *Store) Finding(ctx context.Context, id int64) (Finding, error) {
	f, err := scanFinding(s.DB.R.QueryRowContext(ctx, `SELECT `+findingColumns+findingJoins+` WHERE f.id = ?`, id), s.today())
	if db.NoRows(err) {
		return f, apperr.NotFoundThing("thing.finding")
	}
	if err != nil {
		return f, fmt.Errorf("audit: finding %d: %w", id, err)
	}
	return f, nil
}

// EditFinding corrects a finding's grade or statement, made by the
// context's actor, until its audit's report is issued; each change goes
// to the trail with what it replaced. Returns apperr.Invalid,
// apperr.NotFound, apperr.Conflict (the report is issued).
func (s *Store) EditFinding(ctx context.Context, id int64, in FindingEdit) (Finding, error) {
	if err := in.Normalize(); err != nil {
		return Finding{}, err
	}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var grade, statement, status string
		var auditID int64
		err := tx.QueryRow(`SELECT f.grade, f.statement, f.audit_id, a.status FROM findings f JOIN audits a ON a.id = f.audit_id WHERE f.id = ?`, id).
			Scan(&grade, &statement, &auditID, &status)
		if db.NoRows(err) {
			return apperr.NotFoundThing("thing.finding")
		}
		if err != nil {
			return err
		}
		if status != StatusSubmitted {
			e := apperr.New(apperr.Conflict, "findings_locked", apperr.M("finding.locked"))
			e.Allowed = []string{}
			return e
		}
		change := map[string]any{"audit": auditID}
		if in.Grade != nil && *in.Grade != grade {
			change["grade"] = map[string]string{"from": grade, "to": *in.Grade}
			grade = *in.Grade
		}
		if in.Statement != nil && *in.Statement != statement {
			change["statement"] = map[string]string{"from": statement, "to": *in.Statement}
			statement = *in.Statement
		}
		if len(change) == 1 {
			return nil
		}
		if _, err := tx.Exec(`UPDATE findings SET grade = ?, statement = ?, updated_at = ? WHERE id = ?`, grade, statement, db.FormatTime(tx.Now), id); err != nil {
			return fmt.Errorf("audit: edit finding %d: %w", id, err)
		}
		return tx.Record("finding", id, "edit", change)
	})
	if err != nil {
		return Finding{}, err
	}
	return s.Finding(ctx, id)
}
