package checklist

import (
	"context"

	"github.com/crossaudit/crossaudit/internal/db"
)

// SeedEditions seeds the built-in checklist up to edition last, as a binary
// that shipped only those editions would have: the database every install
// had before an upgrade.
func SeedEditions(ctx context.Context, d *db.DB, last int) error {
	return d.Write(ctx, func(tx *db.Tx) error { return seedUpTo(tx, last) })
}
