package reports

import (
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
	rd.zipRoutes(r)
}
