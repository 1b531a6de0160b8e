package findings

import (
	"context"
	"fmt"
)

// Earlier is the nonconformity a repeat finding repeats (repeat_of), as a
// report names it: the audit, its programme's year and round, the unit it
// was raised at, and the number of the report that issued it ("" when
// that audit's report was not issued).
type Earlier struct {
	FindingID   int64
	AuditID     int64
	Year        int
	Round       int
	Item        string
	AuditeeName string
	Report      string
}

// EarlierFindings returns the findings the given ones repeat, by the
// earlier finding's ID; findings that repeat none are skipped. The report
// number is the latest revision's.
func (s *Store) EarlierFindings(ctx context.Context, fs []Finding) (map[int64]Earlier, error) {
	out := map[int64]Earlier{}
	for _, f := range fs {
		if f.RepeatOf == nil {
			continue
		}
		var e Earlier
		err := s.DB.R.QueryRowContext(ctx, `SELECT f.id, f.audit_id, p.year, r.n, f.item_code, u.name,
			COALESCE((SELECT ir.number FROM issued_reports ir WHERE ir.audit_id = f.audit_id ORDER BY ir.revision DESC LIMIT 1), '')
			FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
			JOIN programmes p ON p.id = r.programme_id JOIN units u ON u.id = a.auditee_unit_id
			WHERE f.id = ?`, *f.RepeatOf).Scan(&e.FindingID, &e.AuditID, &e.Year, &e.Round, &e.Item, &e.AuditeeName, &e.Report)
		if err != nil {
			return nil, fmt.Errorf("audit: earlier finding %d: %w", *f.RepeatOf, err)
		}
		out[e.FindingID] = e
	}
	return out, nil
}
