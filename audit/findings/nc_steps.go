package findings

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// NCLink is the nonconformity's page.
func NCLink(id int64) string { return fmt.Sprintf("/nonconformities/%d", id) }

// parseNullTime reads a stored time that may be NULL.
func parseNullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, err := db.ParseTime(s.String)
	if err != nil {
		return nil
	}
	return &t
}

// dayOf is the day of t in Asia/Ho_Chi_Minh.
func dayOf(t time.Time) string { return i18n.Day(t) }

// ncHead is what the writes read of a nonconformity in their transaction.
type ncHead struct {
	status, grade, auditee string
	rootCause, correction  string
	similar, cause         string
	verifiedAt             sql.NullString
	auditID                int64
}

func readNCHead(tx *db.Tx, id int64) (ncHead, error) {
	return readNCHeadOn(tx.Context(), tx.Tx, id)
}

// readNCHeadOn is readNCHead on any connection, for checks made before a
// write transaction (and made again in it).
func readNCHeadOn(ctx context.Context, q rowQuerier, id int64) (ncHead, error) {
	var h ncHead
	err := q.QueryRowContext(ctx, `SELECT f.status, f.grade, b_u.code, f.root_cause, f.correction, f.similar_cases, f.verified_at, f.audit_id,
		COALESCE(f.cause_category, '') FROM findings f JOIN audits a ON a.id = f.audit_id JOIN units b_u ON b_u.id = a.auditee_unit_id WHERE f.id = ?`, id).
		Scan(&h.status, &h.grade, &h.auditee, &h.rootCause, &h.correction, &h.similar, &h.verifiedAt, &h.auditID, &h.cause)
	if db.NoRows(err) || (err == nil && h.grade != "minor" && h.grade != "major") {
		return h, apperr.NotFoundThing("thing.finding")
	}
	if err != nil {
		return h, fmt.Errorf("audit: nonconformity %d: %w", id, err)
	}
	return h, nil
}

// factsTx gathers what CheckStep reads, in the step's transaction, so that
// the rules hold for what is committed.
func factsTx(tx *db.Tx, id int64, h ncHead, set NCSettings) (NCFacts, error) {
	f := NCFacts{Status: h.status, RootCause: h.rootCause, Correction: h.correction, SimilarCases: h.similar, CauseCategory: h.cause,
		Today: dayOf(tx.Now), EffectivenessDays: set.EffectivenessDays}
	if t := parseNullTime(h.verifiedAt); t != nil {
		f.VerifiedOn = dayOf(*t)
	}
	err := tx.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE done_at IS NULL) FROM nc_actions WHERE finding_id = ?`, id).Scan(&f.Actions, &f.OpenActions)
	if err != nil {
		return f, fmt.Errorf("audit: facts %d: %w", id, err)
	}
	err = tx.QueryRow(`SELECT COUNT(*) FILTER (WHERE kind = 'implementation'), COUNT(*) FILTER (WHERE kind = 'effectiveness')
		FROM nc_evidence WHERE finding_id = ?`, id).Scan(&f.ImplEvidence, &f.EffEvidence)
	if err != nil {
		return f, fmt.Errorf("audit: facts %d: %w", id, err)
	}
	return f, nil
}

// Transition moves a nonconformity one step of the workflow for the
// actor (CheckStep's rules), recording who, when and the note, and tells
// the other side. Verifying starts the effectiveness period; reopening
// gives the unit a new plan due date. Returns apperr.Invalid,
// apperr.NotFound, apperr.Forbidden, apperr.Conflict (with Allowed).
func (s *Store) Transition(ctx context.Context, id int64, a NCActor, in TransitionInput) error {
	if err := in.Normalize(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		set, err := LoadNCSettings(tx.Context(), tx)
		if err != nil {
			return err
		}
		facts, err := factsTx(tx, id, h, set)
		if err != nil {
			return err
		}
		if err := CheckStep(a, facts, in.To, in.Note); err != nil {
			return err
		}
		now := db.FormatTime(tx.Now)
		q := `UPDATE findings SET status = ?, status_at = ?, updated_at = ?`
		args := []any{in.To, now, now}
		switch in.To {
		case NCVerified:
			q += `, verified_at = ?`
			args = append(args, now)
		case NCClosed:
			q += `, closed_at = ?`
			args = append(args, now)
		case NCReopened:
			q += `, plan_due = ?`
			args = append(args, set.Calendar().AddWorkdays(dayOf(tx.Now), set.PlanDays))
		}
		if _, err := tx.Exec(q+` WHERE id = ?`, append(args, id)...); err != nil {
			return fmt.Errorf("audit: transition %d: %w", id, err)
		}
		if _, err := tx.Exec(`INSERT INTO nc_transitions (finding_id, from_status, to_status, note, actor_id, at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)`,
			id, h.status, in.To, in.Note, tx.Actor, now); err != nil {
			return fmt.Errorf("audit: transition %d: %w", id, err)
		}
		if err := notifyStep(tx, id, h, in.To); err != nil {
			return err
		}
		return tx.Record("finding", id, "transition", map[string]any{"from": h.status, "to": in.To, "note": in.Note})
	})
}

// notifyStep tells the other side of a step: the audited unit's steps go
// to the auditing lead, the lead's to the audited unit.
func notifyStep(tx *db.Tx, id int64, h ncHead, to string) error {
	step, _ := StepOf(h.status, to)
	key := "ca.notice.step"
	if step.Side == SideAuditee {
		var lead int64
		err := tx.QueryRow(`SELECT user_id FROM audit_team WHERE audit_id = ? AND role = 'lead'`, h.auditID).Scan(&lead)
		if db.NoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("audit: notify step %d: %w", id, err)
		}
		return audit.NotifyUser(tx, lead, key, NCLink(id), "n", id, "auditee", h.auditee, "status", i18n.StatusMsg(i18n.StatusNC, to))
	}
	return audit.NotifyUnit(tx, h.auditee, key, NCLink(id), "n", id, "auditee", h.auditee, "status", i18n.StatusMsg(i18n.StatusNC, to))
}

// AddAction adds a corrective action while the nonconformity is
// cause_analysed: its owner must be an active user of the audited unit,
// its due date not in the past. Returns the action; apperr.Invalid,
// apperr.NotFound, apperr.Conflict (another state, with Allowed).
func (s *Store) AddAction(ctx context.Context, id int64, in ActionInput) (NCAction, error) {
	var out NCAction
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if h.status != NCCauseAnalysed {
			return ErrActionsClosed(h.status)
		}
		if err := in.Normalize(dayOf(tx.Now)); err != nil {
			return err
		}
		ownerID, err := actionOwner(tx, in.Owner, h.auditee, &out.OwnerName)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM nc_actions WHERE finding_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n >= MaxActionsPerNC {
			return apperr.InvalidFields(map[string]apperr.Msg{"actions": apperr.M("validation.max", "param", MaxActionsPerNC)})
		}
		res, err := tx.Exec(`INSERT INTO nc_actions (finding_id, description, owner_id, due_date, created_by, created_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)`,
			id, in.Description, ownerID, in.DueDate, tx.Actor, db.FormatTime(tx.Now))
		if err != nil {
			return fmt.Errorf("audit: add action %d: %w", id, err)
		}
		out.ID, _ = res.LastInsertId()
		out.Description, out.Owner, out.DueDate = in.Description, in.Owner, in.DueDate
		return tx.Record("finding", id, "add_action", map[string]any{"action": out.ID, "owner": in.Owner, "due_date": in.DueDate})
	})
	return out, err
}

// CompleteAction records an action done, with what was done, while the
// plan is accepted. Returns apperr.Invalid, apperr.NotFound,
// apperr.Conflict (another state, or already done).
func (s *Store) CompleteAction(ctx context.Context, id, actionID int64, in DoneInput) error {
	in.Note = conduct.CleanNote(in.Note)
	f := apperr.Fields{}
	if in.Note == "" {
		f.Add("note", apperr.M("validation.required"))
	}
	conduct.LimitText(f, "note", in.Note, MaxStepNote)
	if err := f.Err(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if h.status != NCPlanAccepted {
			e := apperr.New(apperr.Conflict, "actions_closed", apperr.M("ca.done_when_accepted", "status", i18n.StatusMsg(i18n.StatusNC, h.status)))
			e.Allowed = NextNCStates(h.status)
			return e
		}
		res, err := tx.Exec(`UPDATE nc_actions SET done_at = ?, done_note = ? WHERE id = ? AND finding_id = ? AND done_at IS NULL`,
			db.FormatTime(tx.Now), in.Note, actionID, id)
		if err != nil {
			return fmt.Errorf("audit: action done %d: %w", actionID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if tx.QueryRow(`SELECT 1 FROM nc_actions WHERE id = ? AND finding_id = ?`, actionID, id).Scan(&exists) != nil {
				return apperr.NotFoundThing("ca.thing_action")
			}
			return apperr.New(apperr.Conflict, "already_done", apperr.M("ca.already_done"))
		}
		return tx.Record("finding", id, "action_done", map[string]any{"action": actionID, "note": in.Note})
	})
}

// evidenceSteps says in which state each kind of evidence is attached:
// the unit's proof of implementation before it reports the plan done, the
// lead's proof of effectiveness before closing.
var evidenceSteps = map[string]struct {
	Status string
	Side   NCSide
}{
	EvidenceImplementation: {NCPlanAccepted, SideAuditee},
	EvidenceEffectiveness:  {NCVerified, SideLead},
}

// EvidenceSide says who attaches a kind of evidence; false for an unknown
// kind.
func EvidenceSide(kind string) (NCSide, bool) {
	s, ok := evidenceSteps[kind]
	return s.Side, ok
}

// AddNCEvidence attaches a file of evidence of a kind, checked by its
// content (JPEG, PNG, PDF; images re-encoded without metadata). Returns
// apperr.Invalid, apperr.NotFound, apperr.Conflict (not in the kind's
// state), apperr.Unsupported, apperr.TooLarge.
func (s *Store) AddNCEvidence(ctx context.Context, id int64, kind, filename string, data []byte) (NCEvidence, error) {
	step, ok := evidenceSteps[kind]
	if !ok {
		return NCEvidence{}, apperr.InvalidFields(map[string]apperr.Msg{"kind": apperr.M("validation.oneof", "param", "implementation effectiveness")})
	}
	// The state and the room left are checked before the file is decoded,
	// the costly part, and again in the write transaction.
	h, err := readNCHeadOn(ctx, s.DB.R, id)
	if err != nil {
		return NCEvidence{}, err
	}
	if err := evidenceOpen(ctx, s.DB.R, id, h, step.Status); err != nil {
		return NCEvidence{}, err
	}
	ev, err := conduct.PrepareUpload(ctx, data, filename)
	if err != nil {
		return NCEvidence{}, err
	}
	out := NCEvidence{FindingID: id, Kind: kind, Filename: conduct.AttachmentName(filename, ev.ContentType), ContentType: ev.ContentType, Size: len(ev.Data)}
	sum := sha256.Sum256(ev.Data)
	out.SHA256 = hex.EncodeToString(sum[:])
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if err := evidenceOpen(ctx, tx.Tx, id, h, step.Status); err != nil {
			return err
		}
		out.CreatedAt = tx.Now
		res, err := tx.Exec(`INSERT INTO nc_evidence (finding_id, kind, filename, content_type, size, sha256, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?)`, id, kind, out.Filename, out.ContentType, out.Size, out.SHA256, tx.Actor, db.FormatTime(tx.Now))
		if err != nil {
			return fmt.Errorf("audit: evidence %d: %w", id, err)
		}
		out.ID, _ = res.LastInsertId()
		if _, err := tx.Exec(`INSERT INTO nc_evidence_blobs (evidence_id, data) VALUES (?, ?)`, out.ID, ev.Data); err != nil {
			return fmt.Errorf("audit: evidence %d: %w", id, err)
		}
		return tx.Record("finding", id, "evidence", map[string]any{"evidence": out.ID, "kind": kind, "sha256": out.SHA256})
	})
	return out, err
}

// evidenceOpen refuses evidence on a nonconformity not in the state its kind
// is attached in, or that has MaxEvidencePerNC files already.
func evidenceOpen(ctx context.Context, q rowQuerier, id int64, h ncHead, status string) error {
	if h.status != status {
		e := apperr.New(apperr.Conflict, "evidence_closed", apperr.M("ca.evidence_state", "status", i18n.StatusMsg(i18n.StatusNC, status)))
		e.Allowed = NextNCStates(h.status)
		return e
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM nc_evidence WHERE finding_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n >= MaxEvidencePerNC {
		return apperr.InvalidFields(map[string]apperr.Msg{"file": apperr.M("validation.max", "param", MaxEvidencePerNC)})
	}
	return nil
}

// ExtendPlan moves a plan's due date later, with the reason, while the
// plan is still awaited. Returns apperr.Invalid, apperr.NotFound,
// apperr.Conflict (the plan is already submitted).
func (s *Store) ExtendPlan(ctx context.Context, id int64, in ExtendInput) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		h, err := readNCHead(tx, id)
		if err != nil {
			return err
		}
		if !AnalysisOpen(h.status) {
			e := apperr.New(apperr.Conflict, "plan_submitted", apperr.M("ca.extend_state"))
			e.Allowed = NextNCStates(h.status)
			return e
		}
		var cur sql.NullString
		if err := tx.QueryRow(`SELECT plan_due FROM findings WHERE id = ?`, id).Scan(&cur); err != nil {
			return err
		}
		if err := in.Normalize(cur.String); err != nil {
			return err
		}
		now := db.FormatTime(tx.Now)
		if _, err := tx.Exec(`UPDATE findings SET plan_due = ?, updated_at = ? WHERE id = ?`, in.PlanDue, now, id); err != nil {
			return fmt.Errorf("audit: extend %d: %w", id, err)
		}
		if _, err := tx.Exec(`INSERT INTO nc_extensions (finding_id, from_due, to_due, reason, actor_id, at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)`,
			id, cur.String, in.PlanDue, in.Reason, tx.Actor, now); err != nil {
			return fmt.Errorf("audit: extend %d: %w", id, err)
		}
		if err := audit.NotifyUnit(tx, h.auditee, "ca.notice.extended", NCLink(id), "n", id, "date", in.PlanDue); err != nil {
			return err
		}
		return tx.Record("finding", id, "extend", map[string]any{"from": cur.String, "to": in.PlanDue, "reason": in.Reason})
	})
}
