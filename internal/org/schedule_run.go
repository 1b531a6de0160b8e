package org

import (
	"context"
	"log/slog"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/web"
)

// StartSchedule applies the scheduled change tables whose day has come,
// once now (a server that was down on the day catches up before it serves)
// and then every interval until ctx ends, in the background. followers are
// those of MountChanges, so that a scheduled table moves people and
// records as an immediate one does. Returns the first run's error.
func StartSchedule(ctx context.Context, d *db.DB, log *slog.Logger, every time.Duration, followers ...Follower) error {
	r := &Reorg{DB: d, Followers: followers}
	if err := runDue(ctx, r, log); err != nil {
		return err
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if err := runDue(ctx, r, log); err != nil && ctx.Err() == nil {
				log.Warn("scheduled unit changes failed", "err", err)
			}
		}
	}()
	return nil
}

func runDue(ctx context.Context, r *Reorg, log *slog.Logger) error {
	out, err := r.ApplyDue(ctx)
	if err != nil {
		return err
	}
	if out.Applied+out.Failed > 0 {
		log.Info("scheduled unit changes", "applied", out.Applied, "failed", out.Failed)
	}
	return nil
}

// notifyStaffTx tells the office and the administrators, who manage units,
// and links to the change page.
func notifyStaffTx(tx *db.Tx, msg apperr.Msg) error {
	return inbox.NotifyRolesTx(tx, msg, "/units/changes", web.RoleOffice, web.RoleAdmin)
}

// noticeStranded tells the office that a dissolved unit's people wait to
// be moved, when it had any.
func noticeStranded(tx *db.Tx, c Change, people []Person) error {
	if len(people) == 0 {
		return nil
	}
	return notifyStaffTx(tx, apperr.M("reorg.notice_stranded", "n", len(people), "code", c.OldCode, "unit", c.OldName))
}
