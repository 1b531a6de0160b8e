package findings

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/mail"
	"github.com/crossaudit/crossaudit/internal/role"
)

// Reminders tells audited units of what falls due: a notice in the unit's
// inbox the settings' working days before a plan or an action is due, and
// another once it is overdue (to the office too); e-mail to the unit's
// mailbox as well when Mail is set. Each notice is recorded in
// nc_reminders, so that running it again sends nothing twice.
type Reminders struct {
	Findings *Store
	Mail     mail.Sender // nil: inbox only
	Log      *slog.Logger
	catalog  *i18n.Catalog
}

// dueItem is a plan (Action 0) or an action that falls due.
type dueItem struct {
	Finding int64
	Action  int64
	Due     string
	Unit    string
}

// reminderKind says what to send for a due date today, "" for nothing yet.
func reminderKind(cal audit.Calendar, today, due string, days int) string {
	switch {
	case today > due:
		return "overdue"
	case today >= cal.RemindFrom(due, days):
		return "reminder"
	}
	return ""
}

// RunOnce sends what is due now and returns how many notices it sent.
func (r *Reminders) RunOnce(ctx context.Context) (int, error) {
	c := r.Findings
	set, err := LoadNCSettings(ctx, c.DB.R)
	if err != nil {
		return 0, err
	}
	items, err := c.dueItems(ctx)
	if err != nil {
		return 0, err
	}
	cal, today := set.Calendar(), c.Today()
	var mails []mail.Message
	sent := 0
	err = c.DB.Write(ctx, func(tx *db.Tx) error {
		mails, sent = nil, 0
		for _, it := range items {
			kind := reminderKind(cal, today, it.Due, set.ReminderDays)
			if kind == "" {
				continue
			}
			res, err := tx.Exec(`INSERT INTO nc_reminders (finding_id, action_id, kind, due, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				it.Finding, it.Action, kind, it.Due, db.FormatTime(tx.Now))
			if err != nil {
				return fmt.Errorf("audit: reminders: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // already sent
			}
			msg := reminderMsg(tx, it, kind)
			if err := inbox.NotifyUnitTx(tx, it.Unit, msg, NCLink(it.Finding)); err != nil {
				return err
			}
			if kind == "overdue" {
				if err := inbox.NotifyRolesTx(tx, msg, NCLink(it.Finding), role.Office); err != nil {
					return err
				}
			}
			if addr := set.Mailboxes[it.Unit]; addr != "" && r.Mail != nil {
				mails = append(mails, r.mailOf(addr, msg, it))
			}
			sent++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, m := range mails {
		if err := r.Mail.Send(ctx, m); err != nil && r.Log != nil {
			r.Log.Warn("reminder e-mail not sent", "to", m.To, "err", err)
		}
	}
	return sent, nil
}

// reminderMsg is the notice: which nonconformity, plan or action, due when.
func reminderMsg(tx *db.Tx, it dueItem, kind string) apperr.Msg {
	what := apperr.M("ca.due_plan")
	if it.Action != 0 {
		var desc string
		_ = tx.QueryRow(`SELECT description FROM nc_actions WHERE id = ?`, it.Action).Scan(&desc)
		what = apperr.M("ca.due_action", "action", desc)
	}
	return audit.NoticeMsg(tx, "ca.notice."+kind, []any{"n", it.Finding, "what", what, "date", it.Due, "auditee", it.Unit})
}

// mailOf writes the notice as an e-mail in Vietnamese, the units'
// language.
func (r *Reminders) mailOf(addr string, msg apperr.Msg, it dueItem) mail.Message {
	if r.catalog == nil {
		r.catalog = i18n.MustLoad()
	}
	for k, v := range msg.Args {
		if t, ok := v.(time.Time); ok {
			msg.Args[k] = i18n.DateShort(t)
		}
	}
	text := r.catalog.Msg(i18n.VI, msg)
	return mail.Message{To: []string{addr}, Subject: text,
		Body: text + "\n\n" + r.catalog.T(i18n.VI, "ca.mail_footer", "link", NCLink(it.Finding))}
}

// dueItems lists the plans still awaited and the actions not yet done.
func (s *Store) dueItems(ctx context.Context) ([]dueItem, error) {
	rows, err := s.DB.R.QueryContext(ctx, `
		SELECT f.id, 0, f.plan_due, u.code FROM findings f JOIN audits a ON a.id = f.audit_id JOIN units u ON u.id = a.auditee_unit_id
		WHERE f.grade IN ('minor', 'major') AND f.status IN ('open', 'cause_analysed', 'reopened') AND f.plan_due IS NOT NULL
		UNION ALL
		SELECT f.id, x.id, x.due_date, u.code FROM nc_actions x JOIN findings f ON f.id = x.finding_id
		JOIN audits a ON a.id = f.audit_id JOIN units u ON u.id = a.auditee_unit_id
		WHERE x.done_at IS NULL AND f.status IN ('cause_analysed', 'plan_submitted', 'plan_accepted')
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("audit: due items: %w", err)
	}
	defer rows.Close()
	var out []dueItem
	for rows.Next() {
		var it dueItem
		if err := rows.Scan(&it.Finding, &it.Action, &it.Due, &it.Unit); err != nil {
			return nil, fmt.Errorf("audit: due items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Run sends reminders at once and then every interval until ctx ends;
// serve starts it in the background. A failed run is logged and retried
// at the next tick.
func (r *Reminders) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := r.RunOnce(ctx)
		switch {
		case err != nil && ctx.Err() == nil && r.Log != nil:
			r.Log.Warn("reminders failed", "err", err)
		case n > 0 && r.Log != nil:
			r.Log.Info("reminders sent", "n", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
