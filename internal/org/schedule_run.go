package org

import (
	"context"
	"log/slog"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/role"
)

// Scheduler applies the scheduled change tables whose day has come.
// Followers are those of MountChanges, so that a scheduled table moves
// people and records as an immediate one does.
type Scheduler struct {
	DB        *db.DB
	Log       *slog.Logger
	Followers []Follower
}

// RunOnce applies every due table: the server calls it before it listens,
// so that one that was down on the day catches up before it serves.
func (s *Scheduler) RunOnce(ctx context.Context) error {
	out, err := (&Reorg{DB: s.DB, Followers: s.Followers}).ApplyDue(ctx)
	if err != nil {
		return err
	}
	if out.Applied+out.Failed > 0 {
		s.Log.Info("scheduled unit changes", "applied", out.Applied, "failed", out.Failed)
	}
	return nil
}

// Run applies due tables every interval until ctx ends. It returns only
// then, so that the server can wait for it before closing the database.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("scheduled unit changes failed", "err", err)
		}
	}
}

// notifyStaffTx tells the office and the administrators, who manage units,
// and links to the change page.
func notifyStaffTx(tx *db.Tx, msg apperr.Msg) error {
	return inbox.NotifyRolesTx(tx, msg, "/units/changes", role.Office, role.Admin)
}

// noticeStranded tells the office that a dissolved unit's people wait to
// be moved, when it had any.
func noticeStranded(tx *db.Tx, c Change, people []Person) error {
	if len(people) == 0 {
		return nil
	}
	return notifyStaffTx(tx, apperr.M("reorg.notice_stranded", "n", len(people), "code", c.OldCode, "unit", c.OldName))
}
