package demo

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// dateProposalReason is why the demo's audited commune asks for another day.
const dateProposalReason = "Ngày dự kiến trùng kỳ họp Hội đồng nhân dân xã; đề nghị lùi lịch để lãnh đạo UBND xã và công chức Bộ phận một cửa tham dự đầy đủ buổi đánh giá."

// loadDateProposal has a commune whose audit is still planned (this year's
// round 1, whose days have passed without the audit) propose another day,
// which waits for the office: the first working day after today within
// the round.
func loadDateProposal(ctx context.Context, store *audit.Store) error {
	d := store.DB
	today := i18n.Day(d.Now())
	var id, userID int64
	var planned, ends string
	err := d.R.QueryRowContext(ctx, `SELECT a.id, a.planned_date, r.ends_on, u.id FROM audits a JOIN rounds r ON r.id = a.round_id
		JOIN programmes p ON p.id = r.programme_id JOIN units b ON b.id = a.auditee_unit_id
		JOIN users u ON u.username = 'auditee.' || b.code
		WHERE a.status = 'planned' AND p.status <> 'completed' AND r.ends_on > ? ORDER BY a.planned_date DESC, a.id LIMIT 1`, today).
		Scan(&id, &planned, &ends, &userID)
	if err != nil {
		return fmt.Errorf("demo: a planned audit for a date proposal: %w", err)
	}
	cal, err := audit.LoadCalendar(ctx, d.R)
	if err != nil {
		return err
	}
	for day := cal.AddWorkdays(today, 1); day != "" && day <= ends; day = cal.AddWorkdays(day, 1) {
		if day == planned {
			continue
		}
		if _, err := store.ProposeDate(ctx, id, userID, audit.DateProposalInput{Date: day, Reason: dateProposalReason}); err != nil {
			return fmt.Errorf("demo: date proposal: %w", err)
		}
		return nil
	}
	return fmt.Errorf("demo: no working day left in the round of audit %d for a date proposal", id)
}
