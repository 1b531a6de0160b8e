package handlers

import (
	"context"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// homeNCs bounds the nonconformities the home page lists.
const homeNCs = 6

// home is the workflow's block of the home page: for the audited unit the
// nonconformities waiting for its answer and its overdue ones, for an
// auditor those waiting for the lead's check, for the office the overdue
// ones. Each names its programme: last year's overdue nonconformities are
// as much to follow up as this year's.
func (h *Corrective) home(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	u := &auth.User{ID: v.UserID, Role: v.Role, UnitCode: v.UnitCode}
	f := findings.FindingFilter{NonconformitiesOnly: true}
	var waiting []string
	sec := web.HomeSection{ID: "nonconformities-waiting", Title: apperr.M("ca.home_waiting"), Waiting: true, Order: web.NavOrderWork + 1}
	switch v.Role {
	case role.Auditee:
		waiting = []string{findings.NCOpen, findings.NCCauseAnalysed, findings.NCPlanAccepted, findings.NCReopened}
	case role.Auditor:
		waiting = []string{findings.NCPlanSubmitted, findings.NCImplemented, findings.NCVerified}
		sec.Title = apperr.M("ca.home_to_check")
	default:
		f.OverdueOnly = true
		sec.Title = apperr.M("ca.home_overdue")
	}
	list, err := h.Findings.Findings(ctx, findings.FindingVisibility(u, f))
	if err != nil {
		return nil, err
	}
	programmes, err := h.programmeNames(ctx)
	if err != nil {
		return nil, err
	}
	// The overdue first, so that the bound never hides one behind
	// nonconformities still in time.
	slices.SortStableFunc(list, func(a, b findings.Finding) int { return compareBool(b.Overdue, a.Overdue) })
	for _, nc := range list {
		// The audited unit's overdue ones are its to follow up whatever
		// their step.
		if waiting != nil && !slices.Contains(waiting, nc.Status) && !(v.Role == role.Auditee && nc.Overdue) {
			continue
		}
		if len(sec.Items) == homeNCs {
			sec.More = "/nonconformities"
			if f.OverdueOnly {
				sec.More = "/dashboard#db-overdue-all" // the full list, by programme
			}
			break
		}
		it := web.HomeItem{Link: findings.NCLink(nc.ID), Late: nc.Overdue,
			Text: apperr.M("signals.home_item", "n", nc.ID, "clause", nc.Clause, "status", i18n.StatusMsg(i18n.StatusNC, nc.Status),
				"programme", programmes[nc.ProgrammeID])}
		due := nc.ActionDue
		if nc.AwaitsPlan() {
			due = nc.PlanDue
		}
		if due != nil && *due != "" {
			it.Due, _ = time.ParseInLocation(time.DateOnly, *due, i18n.Zone)
		}
		sec.Items = append(sec.Items, it)
	}
	return []web.HomeSection{sec}, nil
}

// programmeNames names every programme by id, for the home page's labels.
func (h *Corrective) programmeNames(ctx context.Context) (map[int64]string, error) {
	list, err := h.Audits.ListProgrammes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(list))
	for _, p := range list {
		out[p.ID] = p.Name
	}
	return out, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
