package audit

import "context"

// PlannedAudit is an audit that confirming a round would create: who
// audits whom, the planned day ("" when the round has no window) and the
// team picked for it.
type PlannedAudit struct {
	Auditor string       `json:"auditor_unit"`
	Auditee string       `json:"auditee_unit"`
	Day     string       `json:"planned_date"`
	Team    []TeamMember `json:"team"`
	// Scheduled is the day the scheduler proposed; it differs from Day
	// when the office moved the audit in the preview.
	Scheduled string `json:"scheduled_date"`
}

// PlanConfirmation says what ConfirmRound would create now, changing
// nothing, so that the office sees it before it is done: the same checks
// refuse the same rounds (a programme completed, a round not previewed or
// already confirmed, a preview stale after a merger, a pair without a
// qualified auditor). Returns the errors ConfirmRound returns.
func (s *Store) PlanConfirmation(ctx context.Context, programmeID int64, n int) ([]PlannedAudit, error) {
	return s.PlanConfirmationDates(ctx, programmeID, n, nil)
}

// PlanConfirmationDates is PlanConfirmation with the days the office chose
// for some pairs (RoundDates); a chosen day that is a day off or outside
// the round's window is refused with apperr.Invalid naming its pair's
// DateField.
func (s *Store) PlanConfirmationDates(ctx context.Context, programmeID int64, n int, dates RoundDates) ([]PlannedAudit, error) {
	_, _, planned, err := s.prepareConfirmation(ctx, programmeID, n, dates)
	if err != nil {
		return nil, err
	}
	out := make([]PlannedAudit, len(planned))
	for i, pa := range planned {
		out[i] = PlannedAudit{Auditor: pa.pair.Auditor, Auditee: pa.pair.Auditee, Day: pa.day, Team: pa.team, Scheduled: pa.scheduled}
	}
	return out, nil
}

// prepareConfirmation runs the checks of a round's confirmation and plans
// its audits, changing nothing: what PlanConfirmation shows and what
// ConfirmRound writes come from this one place.
func (s *Store) prepareConfirmation(ctx context.Context, programmeID int64, n int, dates RoundDates) (*Programme, *Round, []plannedAudit, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := s.Round(ctx, programmeID, n)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := confirmable(p, r); err != nil {
		return nil, nil, nil, err
	}
	if err := s.errStalePreview(ctx, r); err != nil {
		return nil, nil, nil, err
	}
	planned, err := s.planAudits(ctx, r, dates)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, r, planned, nil
}
