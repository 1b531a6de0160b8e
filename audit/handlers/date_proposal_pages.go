package handlers

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// dateProposalsView is the plan page's part about another day: the
// audit's proposals, the form of the audited unit, the office's answers.
type dateProposalsView struct {
	List []audit.DateProposal
	// Pending is the proposal waiting for the office, nil when none.
	Pending *audit.DateProposal
	// CanPropose: the viewer is of the audited unit, the audit is planned
	// and no proposal waits. CanAnswer: the viewer is the office or the
	// administrator and the audit is planned.
	CanPropose, CanAnswer bool
	// Form is the proposal as typed; Decline the office's reason as typed.
	Form    audit.DateProposalInput
	Decline string
	// Min is the first day that may be proposed (tomorrow).
	Min string
}

// dateProposalsOf fills the plan page's part about another day.
func (p *Pages) dateProposalsOf(c echo.Context, plan *audit.Audit) (dateProposalsView, error) {
	u := auth.UserOf(c)
	v := dateProposalsView{Min: audit.AddDays(i18n.Day(p.Audits.DB.Now()), 1)}
	list, err := p.Audits.DateProposals(c.Request().Context(), plan.ID)
	if err != nil {
		return v, err
	}
	v.List = list
	for i := range list {
		if list[i].Status == audit.ProposalPending {
			v.Pending = &list[i]
		}
	}
	planned := plan.Status == audit.StatusPlanned
	v.CanPropose = planned && v.Pending == nil && audit.CanProposeDate(u, plan)
	v.CanAnswer = planned && audit.CanAnswerDateProposal(u)
	return v, nil
}

// dateRoutes registers the plan page's forms about another day.
func (p *Pages) dateRoutes(r *web.Router) {
	r.POST("/audits/:id/date-proposals", p.proposeDate, web.Roles(role.Auditee))
	r.POST("/audits/:id/date-proposals/:pid/accept", p.acceptProposal, staff)
	r.POST("/audits/:id/date-proposals/:pid/decline", p.declineProposal, staff)
}

func (p *Pages) proposeDate(c echo.Context) error {
	u := auth.UserOf(c)
	allowed := func(d *planData) bool { return audit.CanProposeDate(u, d.Plan) }
	return p.planFormFlash(c, "dates.proposed", allowed, func(d *planData) error {
		d.Dates.Form = audit.DateProposalInput{Date: c.FormValue("date"), Reason: c.FormValue("reason")}
		in := d.Dates.Form
		if day, ok := text.ParseDay(in.Date); ok {
			in.Date = day
		}
		_, err := p.Audits.ProposeDate(c.Request().Context(), d.Plan.ID, u.ID, in)
		if err != nil {
			d.Dates.CanPropose = d.Plan.Status == audit.StatusPlanned // the form again, with what was typed
		}
		return err
	})
}

func (p *Pages) acceptProposal(c echo.Context) error {
	return p.planFormFlash(c, "dates.accepted", isStaff(c), func(d *planData) error {
		pid, err := web.PathID(c, "pid", "thing.date_proposal")
		if err != nil {
			return err
		}
		_, err = p.Audits.AcceptDateProposal(c.Request().Context(), d.Plan.ID, pid)
		// A day refused now (the calendar or a certificate changed since
		// the proposal) is said above the proposal, not beside the
		// reschedule form's field.
		if apperr.KindOf(err) == apperr.Invalid {
			if m, ok := apperr.As(err).Fields["date"]; ok {
				return apperr.InvalidFields(map[string]apperr.Msg{"accept_date": m})
			}
		}
		return err
	})
}

func (p *Pages) declineProposal(c echo.Context) error {
	return p.planFormFlash(c, "dates.declined", isStaff(c), func(d *planData) error {
		pid, err := web.PathID(c, "pid", "thing.date_proposal")
		if err != nil {
			return err
		}
		d.Dates.Decline = c.FormValue("reason")
		_, err = p.Audits.DeclineDateProposal(c.Request().Context(), d.Plan.ID, pid, audit.DeclineInput{Reason: d.Dates.Decline})
		// The plan page has other forms with a reason: this one's error is
		// shown beside the decline form's field.
		if apperr.KindOf(err) == apperr.Invalid {
			if m, ok := apperr.As(err).Fields["reason"]; ok {
				return apperr.InvalidFields(map[string]apperr.Msg{"decline_reason": m})
			}
		}
		return err
	})
}

// dateProposalsWaiting lists, for the office, the audited units'
// proposals of another day that wait for its answer.
func (p *Pages) dateProposalsWaiting(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	if v.Role != role.Admin && v.Role != role.Office {
		return nil, nil
	}
	list, err := p.Audits.PendingDateProposals(ctx, 0)
	if err != nil {
		return nil, err
	}
	sec := web.HomeSection{ID: "date-proposals", Title: apperr.M("dates.home_heading"), Waiting: true, Order: 22}
	for _, dp := range list {
		sec.Items = append(sec.Items, web.HomeItem{Text: apperr.M("dates.home_item", "auditee", dp.AuditeeName, "from", i18n.ShowDay(dp.PlannedDate),
			"date", i18n.ShowDay(dp.Date)), Link: fmt.Sprintf("/audits/%d/plan#date-proposals", dp.AuditID)})
	}
	return []web.HomeSection{sec}, nil
}
