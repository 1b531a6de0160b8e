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
	x, err := a.decision(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).DecisionPDF(x)
	if err != nil {
		return err
	}
	return sendPDF(c, b, "quyet-dinh-thanh-lap-doan-"+strconv.FormatInt(x.AuditID, 10)+".pdf", "")
}

// decision reads the decision of the audit in the path for whoever may
// read the audit (404 otherwise), numbered the first time it is printed:
// the model its PDF and its DOCX both draw.
func (a *API) decision(c echo.Context) (*Decision, error) {
	p, err := planReadable(c, a.findings())
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.DecisionInput(ctx, p)
	if err != nil {
		return nil, err
	}
	return BuildDecision(in), nil
}

// roundPlanPDF serves a confirmed round's plan, a draft until the office
// registers it. The route admits those who read rounds and teams
// (CONTRACT.md: admin, office and auditors).
func (a *API) roundPlanPDF(c echo.Context) error {
	p, name, err := a.roundPlan(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).RoundPlanPDF(p)
	if err != nil {
		return err
	}
	return sendPDF(c, b, name+".pdf", "")
}

// roundPlan reads the plan of the round in the path, numbered the first
// time it is printed: the model its PDF and its DOCX both draw, and their
// file name without its extension.
func (a *API) roundPlan(c echo.Context) (*RoundPlan, string, error) {
	id, err := web.PathID(c, "id", "thing.round")
	if err != nil {
		return nil, "", err
	}
	ctx := c.Request().Context()
	in, err := a.Issuer.Loader.RoundPlanInput(ctx, id)
	if err != nil {
		return nil, "", err
	}
	name := "ke-hoach-danh-gia-dot-" + strconv.Itoa(in.Round.N) + "-" + strconv.FormatInt(in.Round.ProgrammeID, 10)
	return BuildRoundPlan(in), name, nil
}
