package conduct

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/db"
)

// SaveSignatures stores the closing meeting's signatures in the
// submission's transaction, replacing a signer's earlier one.
func SaveSignatures(tx *db.Tx, auditID int64, sigs []Signature) error {
	for _, s := range sigs {
		_, err := tx.Exec(`INSERT INTO closing_signatures (audit_id, signer, png, width, height, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (audit_id, signer) DO UPDATE SET png = excluded.png, width = excluded.width, height = excluded.height,
				created_by = excluded.created_by, created_at = excluded.created_at`,
			auditID, s.Signer, s.PNG, s.Width, s.Height, tx.ActorArg(), db.FormatTime(tx.Now))
		if err != nil {
			return fmt.Errorf("audit: signature %s of %d: %w", s.Signer, auditID, err)
		}
	}
	return nil
}

// Signatures returns the closing meeting's signatures by signer; a signer
// who did not sign on the tablet is absent.
func (c *Store) Signatures(ctx context.Context, auditID int64) (map[string]Signature, error) {
	rows, err := c.DB.R.QueryContext(ctx, `SELECT signer, png, width, height FROM closing_signatures WHERE audit_id = ?`, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit: signatures of %d: %w", auditID, err)
	}
	defer rows.Close()
	out := map[string]Signature{}
	for rows.Next() {
		var s Signature
		if err := rows.Scan(&s.Signer, &s.PNG, &s.Width, &s.Height); err != nil {
			return nil, err
		}
		out[s.Signer] = s
	}
	return out, rows.Err()
}
