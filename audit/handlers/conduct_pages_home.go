package handlers

import (
	"context"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// homeAudits bounds the audits the home page lists; the rest are at /audits.
const homeAudits = 5

// home is the audits' block of the home page: for an auditor, the audits
// their team has to conduct; for an audited unit, the audits coming to it.
// The office's waiting work (reports to issue) comes with issuing.
func (p *ConductPages) home(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	var sec web.HomeSection
	switch v.Role {
	case role.Auditor:
		sec = web.HomeSection{ID: "audits-to-conduct", Title: apperr.M("home.audits_to_conduct"), Waiting: true, Order: web.NavOrderWork}
	case role.Auditee:
		sec = web.HomeSection{ID: "audits-coming", Title: apperr.M("home.audits_coming"), Waiting: true, Order: web.NavOrderWork}
	default:
		return nil, nil
	}
	u := &auth.User{ID: v.UserID, Role: v.Role, UnitCode: v.UnitCode}
	rows, err := p.rows(ctx, u, audit.AuditFilter{})
	if err != nil {
		return nil, err
	}
	today := p.Conduct.DB.Now().In(i18n.Zone).Format(time.DateOnly)
	for _, r := range rows {
		if !audit.OpenForAnswers(r.Status) {
			continue
		}
		if len(sec.Items) == homeAudits {
			sec.More = "/audits"
			break
		}
		due, _ := time.ParseInLocation(time.DateOnly, r.PlannedDate, i18n.Zone)
		sec.Items = append(sec.Items, web.HomeItem{Link: auditPath(r.ID), Due: due, Late: r.Status == audit.StatusPlanned && r.PlannedDate < today,
			Text: apperr.M("home.audit_item", "auditor", r.AuditorName, "auditee", r.AuditeeName, "status", i18n.StatusMsg(i18n.StatusAudit, r.Status))})
	}
	return []web.HomeSection{sec}, nil
}

// registerPage is the nonconformity register page's data.
type registerPage struct {
	Findings   []findings.Finding // the page of the register shown
	Pager      web.Pager          // the pages of the whole register
	Filter     findings.FindingFilter
	Programmes []*audit.Programme
	Units      map[string]string
	Statuses   []string
	// AuditeeUnits and AuditorUnits are what the unit filters offer.
	AuditeeUnits, AuditorUnits []unitOption
}
