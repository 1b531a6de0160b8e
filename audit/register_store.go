package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// auditorID resolves an active auditor's username. Returns apperr.Invalid
// naming field.
func auditorID(tx *db.Tx, username, field string) (int64, error) {
	var id int64
	var userRole string
	err := tx.QueryRow(`SELECT id, role FROM users WHERE username = ? AND active = 1`, username).Scan(&id, &userRole)
	// The office's staff hold certificates too: the lead sometimes comes
	// from the reform office (DOMAIN.md).
	if db.NoRows(err) || (err == nil && userRole != role.Auditor && userRole != role.Office) {
		return 0, apperr.InvalidFields(map[string]apperr.Msg{field: apperr.M("register.not_an_auditor", "username", username)})
	}
	return id, err
}

// AddCertificate records a certificate. Returns apperr.Invalid, or
// apperr.Conflict when the auditor already has that certificate number.
func (s *Store) AddCertificate(ctx context.Context, in CertificateInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *db.Tx) error { return addCertificate(tx, in, "username") })
}

// AddCertificateTx records a validated certificate inside a transaction
// (imports, the demo).
func AddCertificateTx(tx *db.Tx, in CertificateInput) error {
	return addCertificate(tx, in, "username")
}

func addCertificate(tx *db.Tx, in CertificateInput, field string) error {
	uid, err := auditorID(tx, in.Username, field)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO auditor_certificates (user_id, course, certificate_no, issued_on, expires_on, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		uid, in.Course, in.CertificateNo, in.IssuedOn, in.ExpiresOn, db.FormatTime(tx.Now))
	if db.IsUnique(err) {
		e := apperr.New(apperr.Conflict, "duplicate_certificate", apperr.M("register.duplicate"))
		e.Fields = map[string]apperr.Msg{"certificate_no": apperr.M("validation.duplicate")}
		return e
	}
	if err != nil {
		return fmt.Errorf("audit: add certificate: %w", err)
	}
	return tx.Record("certificate", in.Username+"/"+in.CertificateNo, "create", in)
}

// ListCertificates returns the register, soonest expiry first, judged as of
// today.
func (s *Store) ListCertificates(ctx context.Context) ([]Certificate, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.id, u.username, u.display_name, COALESCE(un.code, ''), c.course, c.certificate_no, c.issued_on, c.expires_on
		FROM auditor_certificates c JOIN users u ON u.id = c.user_id LEFT JOIN units un ON un.id = u.unit_id
		ORDER BY c.expires_on, u.username`)
	if err != nil {
		return nil, fmt.Errorf("audit: certificates: %w", err)
	}
	defer rows.Close()
	today := i18n.Day(s.DB.Now())
	out := []Certificate{}
	for rows.Next() {
		var c Certificate
		if err := rows.Scan(&c.ID, &c.Username, &c.DisplayName, &c.Unit, &c.Course, &c.CertificateNo, &c.IssuedOn, &c.ExpiresOn); err != nil {
			return nil, err
		}
		c.Status = CertificateStatus(c.ExpiresOn, today)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ImportCertificates adds every certificate of a CSV or XLSX file (columns
// username, course, certificate_no, issued_on, expires_on) or none,
// reporting every problem by row and column.
func (s *Store) ImportCertificates(ctx context.Context, file []byte) (int, error) {
	t, err := tabular.Read(bytes.NewReader(file), "username", "course", "certificate_no", "issued_on", "expires_on")
	if err != nil {
		return 0, tabular.AppError(err)
	}
	fields := apperr.Fields{}
	var inputs []CertificateInput
	var lines []int
	for _, row := range t.Rows {
		in := CertificateInput{Username: row.Get("username"), Course: row.Get("course"), CertificateNo: row.Get("certificate_no"),
			IssuedOn: row.Get("issued_on"), ExpiresOn: row.Get("expires_on")}
		if err := in.Validate(); err != nil {
			for col, m := range apperr.As(err).Fields {
				fields.Add(tabular.RowKey(row.Line, col), m)
			}
		}
		if in.Username != "" && !s.isActiveAuditor(ctx, in.Username) {
			fields.Add(tabular.RowKey(row.Line, "username"), apperr.M("register.not_an_auditor", "username", in.Username))
		}
		inputs, lines = append(inputs, in), append(lines, row.Line)
	}
	if len(inputs) == 0 {
		fields.Add("file", apperr.M("import.no_rows"))
	}
	if err := fields.Err(); err != nil {
		return 0, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		for i, in := range inputs {
			if err := addCertificate(tx, in, "username"); err != nil {
				e := apperr.As(err)
				if e.Kind == apperr.Internal {
					return err
				}
				for col, m := range e.Fields {
					fields.Add(tabular.RowKey(lines[i], col), m)
				}
			}
		}
		return fields.Err()
	})
	if err != nil {
		return 0, err
	}
	return len(inputs), nil
}

// isActiveAuditor reports whether username is an active auditor or office
// officer (who may hold a certificate to lead a team), so that an
// import lists that problem with the others before writing anything.
func (s *Store) isActiveAuditor(ctx context.Context, username string) bool {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username = ? AND role IN ('auditor', 'office') AND active = 1`, username).Scan(&n)
	return err == nil && n == 1
}

// AddConflict declares a conflict. Returns apperr.Invalid for an unknown
// person or unit.
func (s *Store) AddConflict(ctx context.Context, in ConflictInput) (Conflict, error) {
	if err := in.Validate(); err != nil {
		return Conflict{}, err
	}
	var c Conflict
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		var userID, auditorUnit any
		if in.Username != "" {
			var id int64
			if err := tx.QueryRow(`SELECT id FROM users WHERE username = ?`, in.Username).Scan(&id); err != nil {
				return apperr.InvalidFields(map[string]apperr.Msg{"username": apperr.M("validation.unknown_user", "username", in.Username)})
			}
			userID = id
		} else {
			ids, err := unitIDs(tx, []string{in.AuditorUnit})
			if err != nil {
				return apperr.InvalidFields(map[string]apperr.Msg{"auditor_unit": apperr.M("validation.unknown_unit", "code", in.AuditorUnit)})
			}
			auditorUnit = ids[0]
		}
		auditee, err := unitIDs(tx, []string{in.AuditeeUnit})
		if err != nil {
			return apperr.InvalidFields(map[string]apperr.Msg{"auditee_unit": apperr.M("validation.unknown_unit", "code", in.AuditeeUnit)})
		}
		res, err := tx.Exec(`INSERT INTO conflicts (user_id, auditor_unit_id, auditee_unit_id, reason, created_at) VALUES (?, ?, ?, ?, ?)`,
			userID, auditorUnit, auditee[0], in.Reason, db.FormatTime(tx.Now))
		if err != nil {
			return fmt.Errorf("audit: add conflict: %w", err)
		}
		c.ID, _ = res.LastInsertId()
		c.Username, c.AuditorUnit, c.AuditeeUnit, c.Reason = in.Username, in.AuditorUnit, in.AuditeeUnit, in.Reason
		return tx.Record("conflict", c.ID, "create", in)
	})
	return c, err
}

// ListConflicts returns every declared conflict.
func (s *Store) ListConflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.id, COALESCE(u.username, ''), COALESCE(a.code, ''), b.code, c.reason
		FROM conflicts c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN units a ON a.id = c.auditor_unit_id
		JOIN units b ON b.id = c.auditee_unit_id ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("audit: conflicts: %w", err)
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ID, &c.Username, &c.AuditorUnit, &c.AuditeeUnit, &c.Reason); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteConflict withdraws a declared conflict. Returns apperr.NotFound.
func (s *Store) DeleteConflict(ctx context.Context, id int64) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(`DELETE FROM conflicts WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundThing("thing.conflict")
		}
		return tx.Record("conflict", id, "delete", map[string]any{})
	})
}
