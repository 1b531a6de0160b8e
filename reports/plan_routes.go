package reports

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/web"
)

// RoundDocs serves a round's documents: the plan, each team's decision
// and the ZIP of the round's reports built in the background.
type RoundDocs struct {
	API   *API
	Views *web.Views
	// Jobs builds the ZIPs; Routes makes one when nil.
	Jobs *ZipJobs
}

// Routes registers the round's documents with their rules (CONTRACT.md,
// "Who may do what"): the plan is read by whoever reads rounds and teams
// (admin, office, auditors); a decision by whoever may read its audit,
// which the handler narrows (404 otherwise); the ZIP of a round's reports
// is the office's and the administrator's, like the reports page.
func (rd *RoundDocs) Routes(r *web.Router) {
	r.GET("/api/v1/rounds/:id/plan.pdf", rd.API.roundPlanPDF, issuers)
	r.GET("/api/v1/audits/:id/decision.pdf", rd.API.decisionPDF, web.SignedIn())
	rd.registerRoutes(r)
	rd.zipRoutes(r)
}

// decisionPDF serves the decision forming an audit's team to staff and to
// whoever may read the audit (its team, its audited unit; 404 otherwise:
// the plan and team are what the audited unit reads before submission):
// a draft until the office registers it; printing never numbers it.
func (a *API) decisionPDF(c echo.Context) error {
	p, err := planReadable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.DecisionInput(ctx, p)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).DecisionPDF(BuildDecision(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "quyet-dinh-thanh-lap-doan-"+strconv.FormatInt(p.ID, 10)+".pdf", "")
}

// roundPlanPDF serves a confirmed round's plan, a draft until the office
// registers it. The route admits those who read rounds and teams
// (CONTRACT.md: admin, office and auditors).
func (a *API) roundPlanPDF(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.round")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.RoundPlanInput(ctx, id)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).RoundPlanPDF(BuildRoundPlan(in))
	if err != nil {
		return err
	}
	return sendPDF(c, b, "ke-hoach-danh-gia-dot-"+strconv.Itoa(in.Round.N)+"-"+strconv.FormatInt(in.Round.ProgrammeID, 10)+".pdf", "")
}
