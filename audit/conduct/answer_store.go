package conduct

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// SaveAnswer stores one save of an item's answer, made by the context's
// actor (db.WithActor). The save carries the version it is based on:
// based on the stored version, it is stored as the next one; already
// stored (a replay), it changes nothing and answers the stored version;
// otherwise it is refused with the stored answer (error Detail "current").
// The first answer of a planned audit starts it (in_progress) in the same
// transaction. Returns the item with the answer as stored; apperr.NotFound
// for an item the audit's checklist lacks, apperr.Invalid for a bad input,
// apperr.Conflict for a stale version or an audit no longer open.
func (c *Store) SaveAnswer(ctx context.Context, p *audit.Audit, code string, in AnswerInput) (*SheetItem, error) {
	v, err := c.Version(ctx, p.ChecklistVersionID)
	if err != nil {
		return nil, err
	}
	it, ok := v.Item(code)
	if !ok {
		return nil, audit.ErrNoItem()
	}
	ans, err := in.Normalize()
	if err != nil {
		return nil, err
	}
	var out Answer
	err = c.saves.run(ctx, func(tx *db.Tx) error {
		var err error
		out, err = c.saveAnswerTx(tx, p.ID, it, ans)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &SheetItem{Item: it, Answer: out, Suggested: Suggested(it, out), Override: Overrides(it, out)}, nil
}

// The statements of a save. The driver keeps them prepared on each
// connection (_stmt_cache_size in the DSN), so they are parsed once.
const (
	statusQuery = `SELECT status FROM audits WHERE id = ?`
	answerQuery = `SELECT a.result, a.note, a.value, a.reason, a.version, COALESCE(u.username, ''), a.updated_at
		FROM answers a LEFT JOIN users u ON u.id = a.updated_by WHERE a.audit_id = ? AND a.item_code = ?`
	upsertAnswer = `INSERT INTO answers (audit_id, item_code, result, note, value, reason, version, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (audit_id, item_code) DO UPDATE SET result = excluded.result, note = excluded.note, value = excluded.value,
			reason = excluded.reason, version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at`
)

func (c *Store) saveAnswerTx(tx *db.Tx, auditID int64, it checklist.Item, in Answer) (Answer, error) {
	status, err := c.statusTx(tx, auditID)
	if err != nil {
		return Answer{}, err
	}
	if !audit.OpenForAnswers(status) {
		return Answer{}, audit.ErrNotOpen(status)
	}
	stored, err := c.storedAnswer(tx, auditID, it.Code)
	if err != nil {
		return Answer{}, err
	}
	switch decideSave(stored, in) {
	case saveNoop:
		return stored, nil
	case saveConflict:
		return Answer{}, errStale(stored)
	}
	in.Version, in.UpdatedAt = stored.Version+1, tx.Now
	var value any
	if in.Value != nil {
		value = *in.Value
	}
	if _, err := tx.Exec(upsertAnswer, auditID, it.Code, string(in.Result), in.Note, value, in.Reason, in.Version,
		tx.ActorArg(), db.FormatTime(tx.Now)); err != nil {
		return Answer{}, fmt.Errorf("audit: save answer %d/%s: %w", auditID, it.Code, err)
	}
	// The trail keeps every version in full, so that an answer replaced
	// after a conflict ("take theirs") can still be read.
	if err := tx.Record("audit", auditID, "answer", map[string]any{"item": it.Code, "result": in.Result, "note": in.Note,
		"value": in.Value, "reason": in.Reason, "version": in.Version}); err != nil {
		return Answer{}, err
	}
	if status == audit.StatusPlanned {
		if err := startAudit(tx, auditID, it.Code); err != nil {
			return Answer{}, err
		}
	}
	return in, nil
}

func (c *Store) statusTx(tx *db.Tx, auditID int64) (string, error) {
	var status string
	err := tx.QueryRow(statusQuery, auditID).Scan(&status)
	if db.NoRows(err) {
		return "", audit.ErrHidden()
	}
	if err != nil {
		return "", fmt.Errorf("audit: save answer: %w", err)
	}
	return status, nil
}

// startAudit moves a planned audit to in_progress on its first answer.
func startAudit(tx *db.Tx, auditID int64, item string) error {
	if _, err := tx.Exec(`UPDATE audits SET status = 'in_progress', updated_at = ? WHERE id = ? AND status = 'planned'`,
		db.FormatTime(tx.Now), auditID); err != nil {
		return fmt.Errorf("audit: start %d: %w", auditID, err)
	}
	return tx.Record("audit", auditID, "start", map[string]any{"first_item": item})
}

// storedAnswer returns the stored answer of an item, Version 0 when none.
func (c *Store) storedAnswer(tx *db.Tx, auditID int64, code string) (Answer, error) {
	a, err := scanAnswer(tx.QueryRow(answerQuery, auditID, code), nil)
	if db.NoRows(err) {
		return Answer{}, nil
	}
	if err != nil {
		return Answer{}, fmt.Errorf("audit: answer %d/%s: %w", auditID, code, err)
	}
	return a, nil
}

// errStale is the 409 of a save based on an older version: it carries the
// stored answer, so that the client can show both and let the user choose.
func errStale(current Answer) error {
	e := apperr.New(apperr.Conflict, "answer_conflict", apperr.M("answer.conflict"))
	e.Detail = map[string]any{"current": current}
	return e
}
