package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// addToShell puts programmes and the register in the navigation, and the
// rounds waiting for the office's confirmation on its home page.
func (p *Pages) addToShell() {
	sh := p.Views.Shell
	sh.AddNav(web.NavEntry{Path: "/programmes", Label: "nav.programmes", Roles: planner.Roles, Order: web.NavOrderPlan,
		Hint: "nav.programmes_hint", HomeRoles: staff.Roles})
	sh.AddNav(web.NavEntry{Path: "/register", Label: "nav.register", Roles: staff.Roles, Order: web.NavOrderPlan + 5,
		Hint: "nav.register_hint", HomeRoles: staff.Roles})
	sh.AddHome(p.roundsWaiting)
	sh.AddHome(p.certificatesExpiring)
	sh.AddHome(p.lateAudits)
	sh.AddHome(p.dateProposalsWaiting)
}

// lateAudits lists, for the office, every audit still planned or in
// progress after its day, so that it is followed up before the round ends.
func (p *Pages) lateAudits(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	if v.Role != role.Admin && v.Role != role.Office {
		return nil, nil
	}
	late, err := audit.LateAudits(ctx, p.Audits.DB.R, i18n.Day(p.Audits.DB.Now()), 0)
	if err != nil {
		return nil, err
	}
	sec := web.HomeSection{ID: "late-audits", Title: apperr.M("late.heading"), Waiting: true, More: "/dashboard#db-late", Order: 25}
	for _, l := range late {
		due, _ := time.ParseInLocation(time.DateOnly, l.PlannedOn, i18n.Zone)
		sec.Items = append(sec.Items, web.HomeItem{Text: apperr.M("late.pair", "auditor", l.AuditorName, "auditee", l.AuditeeName),
			Link: fmt.Sprintf("/audits/%d/plan", l.AuditID), Due: due, Late: true})
	}
	return []web.HomeSection{sec}, nil
}

// roundsWaiting lists, for the office, the rounds previewed but not yet
// confirmed.
func (p *Pages) roundsWaiting(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	if v.Role != role.Admin && v.Role != role.Office {
		return nil, nil
	}
	rows, err := p.Audits.DB.R.QueryContext(ctx, `SELECT p.id, p.name, r.n FROM rounds r JOIN programmes p ON p.id = r.programme_id
		WHERE r.status = 'preview' AND p.status <> 'completed' ORDER BY p.year DESC, r.n`)
	if err != nil {
		return nil, fmt.Errorf("audit: rounds waiting: %w", err)
	}
	defer rows.Close()
	sec := web.HomeSection{ID: "rounds-to-confirm", Title: apperr.M("home.rounds_to_confirm"), Waiting: true, More: "/programmes", Order: 20}
	for rows.Next() {
		var id int64
		var name string
		var n int
		if err := rows.Scan(&id, &name, &n); err != nil {
			return nil, err
		}
		sec.Items = append(sec.Items, web.HomeItem{Text: apperr.M("home.round_to_confirm", "n", n, "programme", name),
			Link: fmt.Sprintf("/programmes/%d#round-%d", id, n)})
	}
	return []web.HomeSection{sec}, rows.Err()
}

// certificatesExpiring warns the office of certificates that run out within
// ExpiringSoon, so that auditors are retrained before a round needs them.
func (p *Pages) certificatesExpiring(ctx context.Context, v *web.Viewer) ([]web.HomeSection, error) {
	if v.Role != role.Admin && v.Role != role.Office {
		return nil, nil
	}
	certs, err := p.Audits.ListCertificates(ctx)
	if err != nil {
		return nil, err
	}
	sec := web.HomeSection{ID: "certificates-expiring", Title: apperr.M("home.certificates_expiring"), Waiting: true, More: "/register", Order: 40}
	for _, c := range certs {
		if c.Status == "valid" {
			continue
		}
		due, _ := time.ParseInLocation(time.DateOnly, c.ExpiresOn, i18n.Zone)
		sec.Items = append(sec.Items, web.HomeItem{Text: apperr.M("home.certificate_expiring", "name", c.DisplayName, "unit", c.Unit),
			Link: "/register", Due: due, Late: c.Status == "expired"})
	}
	return []web.HomeSection{sec}, nil
}
