package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// ScheduledRename is the demo's scheduled unit change: Ninh Gia, the one
// unit the 2025 merger table leaves as it is, becomes a ward on 1 January
// next year. It shows a scheduled change on /units/changes without
// touching the 15 units of today, and leaves the sample merger applicable.
var ScheduledRename = struct{ Code, Name string }{"24985", "Phường Ninh Gia"}

// ScheduledRenameDay is the day the demo's rename takes effect, yyyy-mm-dd:
// 1 January of next year, Vietnam time.
func ScheduledRenameDay(now time.Time) string {
	return fmt.Sprintf("%d-01-01", now.In(i18n.Zone).Year()+1)
}

// loadReorgSchedule uploads the rename as the office would, so that the
// trail shows who scheduled it.
func loadReorgSchedule(ctx context.Context, d *db.DB) error {
	var office int64
	if err := d.R.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'office'`).Scan(&office); err != nil {
		return fmt.Errorf("demo: scheduled rename: %w", err)
	}
	table := fmt.Sprintf("old_code,new_code,new_name,effective_date\n%s,%s,%s,%s\n",
		ScheduledRename.Code, ScheduledRename.Code, ScheduledRename.Name, ScheduledRenameDay(d.Now()))
	res, err := (&org.Reorg{DB: d}).Apply(db.WithActor(ctx, office), []byte(table), "doi_ten_ninh_gia.csv")
	if err != nil {
		return fmt.Errorf("demo: scheduled rename: %w", err)
	}
	if res.Scheduled == 0 {
		return fmt.Errorf("demo: the rename of %s was applied at once instead of scheduled", ScheduledRename.Code)
	}
	return nil
}
