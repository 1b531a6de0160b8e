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
// nonconformities waiting for its answer, for an auditor those waiting for
// the lead's check, for the office the overdue ones.
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
	for _, nc := range list {
		if waiting != nil && !slices.Contains(waiting, nc.Status) {
			continue
		}
		if len(sec.Items) == homeNCs {
			sec.More = "/nonconformities"
			break
		}
		it := web.HomeItem{Link: findings.NCLink(nc.ID), Late: nc.Overdue,
			Text: apperr.M("ca.home_item", "n", nc.ID, "clause", nc.Clause, "status", i18n.StatusMsg(i18n.StatusNC, nc.Status))}
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
