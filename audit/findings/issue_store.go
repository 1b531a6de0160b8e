package findings

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
)

// NextReportSeq returns the sequence number the next report of an owner in
// a year would take. Issuing checks it again in its write.
func (s *Store) NextReportSeq(ctx context.Context, ownerID int64, year int) (int, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM issued_reports WHERE owner_id = ? AND year = ?`, ownerID, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("audit: next report number: %w", err)
	}
	return n, nil
}

// StoreIssued stores a rendered report in one short write, made by the
// context's actor: the first revision of a submitted audit makes it issued
// (which locks its answers and findings); a later revision of an issued
// audit applies its corrections. Returns apperr.Conflict when the audit is
// in the wrong state, and ErrChanged when the audit or the number changed
// since the PDF was drawn.
func (s *Store) StoreIssued(ctx context.Context, rec IssueRecord) (IssuedReport, error) {
	sum := sha256.Sum256(rec.PDF)
	hash := hex.EncodeToString(sum[:])
	var id int64
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var status, auditee string
		var revision int
		err := tx.QueryRow(`SELECT a.status, u.code, (SELECT COALESCE(MAX(revision), 0) FROM issued_reports r WHERE r.audit_id = a.id)
			FROM audits a JOIN units u ON u.id = a.auditee_unit_id WHERE a.id = ?`, rec.AuditID).Scan(&status, &auditee, &revision)
		if db.NoRows(err) {
			return audit.ErrHidden()
		}
		if err != nil {
			return fmt.Errorf("audit: issue %d: %w", rec.AuditID, err)
		}
		switch {
		case rec.Revision == 1 && status != audit.StatusSubmitted:
			return ErrNotSubmitted(status)
		case rec.Revision > 1 && status != audit.StatusIssued:
			return ErrNotIssued(status)
		case revision != rec.Revision-1:
			return ErrChanged
		}
		if fp, err := fingerprint(tx.Context(), tx, rec.AuditID); err != nil || fp != rec.Fingerprint {
			return cmpErr(err, ErrChanged)
		}
		var next int
		if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM issued_reports WHERE owner_id = ? AND year = ?`, rec.OwnerID, rec.Year).Scan(&next); err != nil {
			return err
		}
		if next != rec.Seq {
			return ErrChanged
		}
		if err := applyCorrections(tx, rec); err != nil {
			return err
		}
		at := db.FormatTime(rec.At)
		res, err := tx.Exec(`INSERT INTO issued_reports (audit_id, revision, owner_id, year, seq, number, code, sha256, size, reason, issued_by, issued_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.AuditID, rec.Revision, rec.OwnerID, rec.Year, rec.Seq, rec.Number, rec.Code,
			hash, len(rec.PDF), rec.Reason, tx.ActorArg(), at)
		if db.IsUnique(err) {
			return ErrChanged // the code or number was taken meanwhile
		}
		if err != nil {
			return fmt.Errorf("audit: issue %d: %w", rec.AuditID, err)
		}
		id, _ = res.LastInsertId()
		if r := rec.Registered; r != nil {
			r.Kind, r.SubjectID, r.OwnerID = org.OutgoingReport, id, rec.OwnerID
			if _, err := org.RegisterTx(tx, *r); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO issued_report_blobs (report_id, data) VALUES (?, ?)`, id, rec.PDF); err != nil {
			return fmt.Errorf("audit: issue %d: %w", rec.AuditID, err)
		}
		if _, err := tx.Exec(`UPDATE audits SET status = 'issued', updated_at = ? WHERE id = ?`, db.FormatTime(tx.Now), rec.AuditID); err != nil {
			return fmt.Errorf("audit: issue %d: %w", rec.AuditID, err)
		}
		if err := audit.NotifyUnit(tx, auditee, "report.notice_issued", audit.AuditLink(rec.AuditID), "number", rec.Number); err != nil {
			return err
		}
		return tx.Record("audit", rec.AuditID, "issue", map[string]any{"revision": rec.Revision, "number": rec.Number, "code": rec.Code,
			"sha256": hash, "reason": rec.Reason, "corrections": rec.Corrections})
	})
	if err != nil {
		return IssuedReport{}, err
	}
	return s.IssuedReport(ctx, id)
}

func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// applyCorrections changes the findings a revision corrects; they must
// belong to the audit.
func applyCorrections(tx *db.Tx, rec IssueRecord) error {
	for _, c := range rec.Corrections {
		var grade, statement string
		err := tx.QueryRow(`SELECT grade, statement FROM findings WHERE id = ? AND audit_id = ?`, c.FindingID, rec.AuditID).Scan(&grade, &statement)
		if db.NoRows(err) {
			return apperr.InvalidFields(map[string]apperr.Msg{"corrections.finding_id": apperr.M("report.error.no_finding", "id", c.FindingID)})
		}
		if err != nil {
			return err
		}
		if c.Grade != nil {
			grade = *c.Grade
		}
		if c.Statement != nil {
			statement = *c.Statement
		}
		if _, err := tx.Exec(`UPDATE findings SET grade = ?, statement = ?, updated_at = ? WHERE id = ?`, grade, statement, db.FormatTime(tx.Now), c.FindingID); err != nil {
			return fmt.Errorf("audit: correct finding %d: %w", c.FindingID, err)
		}
	}
	return nil
}

const issuedColumns = `r.id, r.audit_id, r.revision, r.owner_id, r.year, r.seq, r.number, r.code, r.sha256, r.size, r.reason,
	COALESCE(u.username, ''), r.issued_at, b_u.code, b_u.name,
	NOT EXISTS (SELECT 1 FROM issued_reports later WHERE later.audit_id = r.audit_id AND later.revision > r.revision)
	FROM issued_reports r JOIN audits a ON a.id = r.audit_id JOIN units b_u ON b_u.id = a.auditee_unit_id
	LEFT JOIN users u ON u.id = r.issued_by`

func scanIssued(row interface{ Scan(...any) error }) (IssuedReport, error) {
	var r IssuedReport
	var at string
	err := row.Scan(&r.ID, &r.AuditID, &r.Revision, &r.OwnerID, &r.Year, &r.Seq, &r.Number, &r.Code, &r.SHA256, &r.Size, &r.Reason,
		&r.IssuedBy, &at, &r.AuditeeUnit, &r.AuditeeName, &r.Current)
	r.IssuedAt, _ = db.ParseTime(at)
	return r, err
}

func (s *Store) issuedWhere(ctx context.Context, where string, arg any) (IssuedReport, error) {
	r, err := scanIssued(s.DB.R.QueryRowContext(ctx, `SELECT `+issuedColumns+` WHERE `+where, arg))
	if db.NoRows(err) {
		return r, apperr.NotFoundThing("report.thing")
	}
	if err != nil {
		return r, fmt.Errorf("audit: issued report: %w", err)
	}
	return r, nil
}

// IssuedReport returns one stored report. Returns apperr.NotFound.
func (s *Store) IssuedReport(ctx context.Context, id int64) (IssuedReport, error) {
	return s.issuedWhere(ctx, "r.id = ?", id)
}

// IssuedByCode returns the report a verification code names. Returns
// apperr.NotFound.
func (s *Store) IssuedByCode(ctx context.Context, code string) (IssuedReport, error) {
	return s.issuedWhere(ctx, "r.code = ?", code)
}

// IssuedReports returns an audit's revisions, the first first.
func (s *Store) IssuedReports(ctx context.Context, auditID int64) ([]IssuedReport, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+issuedColumns+` WHERE r.audit_id = ? ORDER BY r.revision`, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit: issued reports of %d: %w", auditID, err)
	}
	defer rows.Close()
	out := []IssuedReport{}
	for rows.Next() {
		r, err := scanIssued(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: issued reports of %d: %w", auditID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// IssuedPDF returns the stored bytes of a report.
func (s *Store) IssuedPDF(ctx context.Context, reportID int64) ([]byte, error) {
	var b []byte
	err := s.DB.R.QueryRowContext(ctx, `SELECT data FROM issued_report_blobs WHERE report_id = ?`, reportID).Scan(&b)
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("report.thing")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: issued pdf %d: %w", reportID, err)
	}
	return b, nil
}

// AllIssued returns every stored revision, by audit then revision, for the
// office's reports page.
func (s *Store) AllIssued(ctx context.Context) ([]IssuedReport, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+issuedColumns+` ORDER BY r.audit_id, r.revision`)
	if err != nil {
		return nil, fmt.Errorf("audit: issued reports: %w", err)
	}
	defer rows.Close()
	out := []IssuedReport{}
	for rows.Next() {
		r, err := scanIssued(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: issued reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// VerificationCode returns the code of an audit's current report, "" when
// it has none: GET /api/v1/audits/{id} carries it once issued
// (CONTRACT.md).
func (s *Store) VerificationCode(ctx context.Context, auditID int64) (string, error) {
	var code string
	err := s.DB.R.QueryRowContext(ctx, `SELECT code FROM issued_reports WHERE audit_id = ? ORDER BY revision DESC LIMIT 1`, auditID).Scan(&code)
	if db.NoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("audit: verification code of %d: %w", auditID, err)
	}
	return code, nil
}
