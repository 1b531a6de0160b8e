package findings

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

const findingColumns = `f.id, f.audit_id, b_u.code, a_u.code, f.clause, f.item_code, f.grade, f.statement, f.evidence, f.status,
	f.plan_due, f.repeat_of, a.status, r.programme_id, r.n, f.cause_category,
	(SELECT MIN(x.due_date) FROM nc_actions x WHERE x.finding_id = f.id AND x.done_at IS NULL)`

const findingJoins = ` FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
	JOIN units a_u ON a_u.id = a.auditor_unit_id JOIN units b_u ON b_u.id = a.auditee_unit_id`

func scanFinding(row interface{ Scan(...any) error }, today string) (Finding, error) {
	var f Finding
	var due sql.NullString
	var repeat sql.NullInt64
	var actionDue, cause sql.NullString
	err := row.Scan(&f.ID, &f.AuditID, &f.AuditeeUnit, &f.AuditorUnit, &f.Clause, &f.ItemID, &f.Grade, &f.Statement, &f.Evidence,
		&f.Status, &due, &repeat, &f.AuditStatus, &f.ProgrammeID, &f.RoundN, &cause, &actionDue)
	if cause.Valid {
		f.CauseCategory = &cause.String
	}
	if actionDue.Valid {
		f.ActionDue = &actionDue.String
	}
	if due.Valid {
		f.PlanDue = &due.String
	}
	if repeat.Valid {
		f.RepeatOf = &repeat.Int64
	}
	f.Overdue = f.PlanOverdue(today) || f.ActionsOverdue(today)
	return f, err
}

// Today is the day in Asia/Ho_Chi_Minh, against which due dates are read.
func (s *Store) Today() string { return s.DB.Now().In(i18n.Zone).Format(time.DateOnly) }

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
	if f.RoundN != 0 {
		add("r.n = ?", f.RoundN)
	}
	if f.Auditee != "" {
		add("b_u.code = ?", f.Auditee)
	}
	if f.Auditor != "" {
		add("a_u.code = ?", f.Auditor)
	}
	if f.Clause != "" {
		add("(f.clause = ? OR f.clause LIKE ? ESCAPE '\\')", f.Clause, escapeLike(f.Clause)+".%")
	}
	if f.Grade != "" {
		add("f.grade = ?", f.Grade)
	}
	if f.AuditeeUnit != "" {
		add(audit.InUnitFamily("b_u"), f.AuditeeUnit, f.AuditeeUnit)
	}
	if f.TeamMember != 0 {
		add("EXISTS (SELECT 1 FROM audit_team t WHERE t.audit_id = f.audit_id AND t.user_id = ?)", f.TeamMember)
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+findingColumns+findingJoins+` WHERE `+strings.Join(where, " AND ")+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: findings: %w", err)
	}
	defer rows.Close()
	today := s.Today()
	out := []Finding{}
	for rows.Next() {
		fd, err := scanFinding(rows, today)
		if err != nil {
			return nil, fmt.Errorf("audit: findings: %w", err)
		}
		if f.OverdueOnly && !fd.Overdue {
			continue
		}
		out = append(out, fd)
	}
	return out, rows.Err()
}

// Finding returns one finding. Returns apperr.NotFound.
func (s *Store) Finding(ctx context.Context, id int64) (Finding, error) {
	f, err := scanFinding(s.DB.R.QueryRowContext(ctx, `SELECT `+findingColumns+findingJoins+` WHERE f.id = ?`, id), s.Today())
	if db.NoRows(err) {
		return f, apperr.NotFoundThing("thing.finding")
	}
	if err != nil {
		return f, fmt.Errorf("audit: finding %d: %w", id, err)
	}
	return f, nil
}

// EditFinding corrects a finding's grade or statement until its audit's
// report is issued, or writes the audited unit's analysis while the
// workflow allows it, made by the context's actor (the caller checks who
// may do which). Each change goes to the trail with what it replaced.
// Returns apperr.Invalid, apperr.NotFound, apperr.Conflict (the report is
// issued, or the plan is already submitted).
func (s *Store) EditFinding(ctx context.Context, id int64, in FindingEdit) (Finding, error) {
	if err := in.Normalize(); err != nil {
		return Finding{}, err
	}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var cur ncRow
		err := tx.QueryRow(`SELECT f.grade, f.statement, f.audit_id, a.status, f.status, f.root_cause, f.why_chain, f.correction, f.similar_cases,
			COALESCE(f.cause_category, '') FROM findings f JOIN audits a ON a.id = f.audit_id WHERE f.id = ?`, id).
			Scan(&cur.grade, &cur.statement, &cur.auditID, &cur.auditStatus, &cur.status, &cur.rootCause, &cur.whys, &cur.correction, &cur.similar, &cur.cause)
		if db.NoRows(err) {
			return apperr.NotFoundThing("thing.finding")
		}
		if err != nil {
			return err
		}
		if in.Grading() && cur.auditStatus != audit.StatusSubmitted {
			e := apperr.New(apperr.Conflict, "findings_locked", apperr.M("finding.locked"))
			e.Allowed = []string{}
			return e
		}
		if in.Analysing() && !AnalysisOpen(cur.status) {
			e := apperr.New(apperr.Conflict, "analysis_closed", apperr.M("ca.analysis_closed", "status", i18n.StatusMsg(i18n.StatusNC, cur.status)))
			e.Allowed = NextNCStates(cur.status)
			return e
		}
		change := cur.apply(in)
		if len(change) == 0 {
			return nil
		}
		change["audit"] = cur.auditID
		if _, err := tx.Exec(`UPDATE findings SET grade = ?, statement = ?, root_cause = ?, why_chain = ?, correction = ?, similar_cases = ?,
			cause_category = NULLIF(?, ''), updated_at = ? WHERE id = ?`, cur.grade, cur.statement, cur.rootCause, cur.whys, cur.correction, cur.similar,
			cur.cause, db.FormatTime(tx.Now), id); err != nil {
			return fmt.Errorf("audit: edit finding %d: %w", id, err)
		}
		return tx.Record("finding", id, "edit", change)
	})
	if err != nil {
		return Finding{}, err
	}
	return s.Finding(ctx, id)
}

// ncRow is what an edit reads of a finding and writes back.
type ncRow struct {
	grade, statement, auditStatus, status string
	rootCause, whys, correction, similar  string
	cause                                 string // "" for none
	auditID                               int64
}

// apply writes the edit's fields onto the row and returns what changed,
// each with what it replaced.
func (r *ncRow) apply(in FindingEdit) map[string]any {
	change := map[string]any{}
	set := func(name string, dst *string, v *string) {
		if v != nil && *v != *dst {
			change[name] = map[string]string{"from": *dst, "to": *v}
			*dst = *v
		}
	}
	set("grade", &r.grade, in.Grade)
	set("statement", &r.statement, in.Statement)
	set("root_cause", &r.rootCause, in.RootCause)
	set("correction", &r.correction, in.Correction)
	set("similar_cases", &r.similar, in.SimilarCases)
	set("cause_category", &r.cause, in.CauseCategory)
	if in.Whys != nil {
		w := strings.Join(*in.Whys, "\n")
		set("whys", &r.whys, &w)
	}
	return change
}

// escapeLike escapes LIKE's wildcards with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
