package findings

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Submit closes the team's work on an audit, made by the context's actor:
// every item must be answered as SubmitProblems says; each minor or major
// answer becomes an open nonconformity and each observation or improvement
// a finding; the closing meeting is recorded when given; the audit becomes
// submitted, its answers read-only, and the audited unit is told. All in
// one transaction, so that answers saved at the same moment are either in
// the submission or refused. The closing meeting's signatures are stored
// with it. Returns the findings; apperr.Invalid (closing fields, or the
// items by code), apperr.Conflict when not open, and for a signature
// apperr.Unsupported (not an image) or apperr.TooLarge.
func (s *Store) Submit(ctx context.Context, access *audit.Audit, in SubmitInput) ([]Finding, error) {
	pre, err := in.prepare(ctx)
	if err != nil {
		return nil, err
	}
	closing := pre.Closing
	p, err := s.Audits.Audit(ctx, access.ID) // the names, for the notice
	if err != nil {
		return nil, err
	}
	v, err := s.Conduct.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		if err := conduct.OpenForAnswersTx(tx, p.ID); err != nil {
			return err
		}
		answers, err := conduct.AnswersOf(tx.Context(), tx, p.ID)
		if err != nil {
			return err
		}
		sheet := conduct.NewSheet(v, nil, answers, nil)
		if f := SubmitProblems(sheet); len(f) > 0 {
			return errIncomplete(f)
		}
		findings = FindingsOf(sheet)
		set, err := LoadNCSettings(tx.Context(), tx)
		if err != nil {
			return err
		}
		for i := range findings {
			if findings[i].ID, err = insertFinding(tx, p, findings[i], set); err != nil {
				return err
			}
		}
		if closing != nil {
			if err := conduct.SaveClosing(tx, p.ID, closing); err != nil {
				return err
			}
			if err := conduct.SaveSignatures(tx, p.ID, pre.Signatures); err != nil {
				return err
			}
		}
		if err := numberRecords(tx, p, findings); err != nil {
			return err
		}
		now := db.FormatTime(tx.Now)
		if _, err := tx.Exec(`UPDATE audits SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?`, now, now, p.ID); err != nil {
			return fmt.Errorf("audit: submit %d: %w", p.ID, err)
		}
		ncs := 0
		for _, f := range findings {
			if f.IsNonconformity() {
				ncs++
			}
		}
		if err := audit.NotifyUnit(tx, p.AuditeeUnit, "notice.audit_submitted", audit.AuditLink(p.ID), "auditor", p.AuditorUnitName, "n", ncs); err != nil {
			return err
		}
		return tx.Record("audit", p.ID, "submit", map[string]any{"nonconformities": ncs, "findings": len(findings), "closing": closing, "signatures": pre.signers()})
	})
	return findings, err
}

// insertFinding stores a finding. A nonconformity gets its plan's due date
// (the settings' working days after today) and, when the same item of the
// same unit has a nonconformity still open or closed recently, is marked
// as a repeat of the latest one.
func insertFinding(tx *db.Tx, p *audit.Audit, f Finding, set NCSettings) (int64, error) {
	now := db.FormatTime(tx.Now)
	var due, repeat any
	if f.IsNonconformity() {
		due = set.Calendar().AddWorkdays(dayOf(tx.Now), set.PlanDays)
		var err error
		if repeat, err = repeatOf(tx, p, f.ItemID, set); err != nil {
			return 0, err
		}
	}
	res, err := tx.Exec(`INSERT INTO findings (audit_id, item_code, clause, grade, statement, evidence, status, plan_due, repeat_of, status_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`, p.ID, f.ItemID, f.Clause, f.Grade, f.Statement, f.Evidence, due, repeat, now, now, now)
	if err != nil {
		return 0, fmt.Errorf("audit: finding %d/%s: %w", p.ID, f.ItemID, err)
	}
	return res.LastInsertId()
}

// repeatOf finds the nonconformity a new one on item repeats: the latest
// minor or major finding on the same item of the same audited unit, from
// another audit, that is not closed or was closed within the settings'
// repeat period. nil when there is none.
func repeatOf(tx *db.Tx, p *audit.Audit, item string, set NCSettings) (any, error) {
	since := db.FormatTime(tx.Now.AddDate(0, 0, -set.RepeatDays))
	var id int64
	// The same unit includes the units merged into it (and it into
	// others): a finding of a predecessor repeats on its successor.
	err := tx.QueryRow(`SELECT f.id FROM findings f JOIN audits a ON a.id = f.audit_id
		WHERE f.item_code = ? AND a.auditee_unit_id IN (SELECT us.unit_id FROM unit_successions us WHERE us.current_id =
		      (SELECT current_id FROM unit_successions WHERE unit_id = (SELECT auditee_unit_id FROM audits WHERE id = ?)))
		  AND f.audit_id <> ?
		  AND f.grade IN ('minor', 'major') AND (f.status <> 'closed' OR f.closed_at >= ?)
		ORDER BY f.created_at DESC, f.id DESC LIMIT 1`, item, p.ID, p.ID, since).Scan(&id)
	if db.NoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: repeat of %s: %w", item, err)
	}
	return id, nil
}

// numberRecords numbers what the closing meeting produces: its minutes and
// one corrective-action request per nonconformity, so that whoever prints
// them later prints the same numbers and printing never takes one.
func numberRecords(tx *db.Tx, p *audit.Audit, found []Finding) error {
	var owner int64
	if err := tx.QueryRow(`SELECT owner_id FROM programmes WHERE id = ?`, p.ProgrammeID).Scan(&owner); err != nil {
		return fmt.Errorf("findings: owner of audit %d: %w", p.ID, err)
	}
	if _, err := NumberTx(tx, FormMinutes, p.ID, owner); err != nil {
		return err
	}
	for _, f := range found {
		if f.IsNonconformity() {
			if _, err := NumberTx(tx, FormCARequest, f.ID, owner); err != nil {
				return err
			}
		}
	}
	return nil
}
