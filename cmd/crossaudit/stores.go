package main

import (
	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/audit/training"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// stores are the domain stores of one process, each built once here and
// lent to every handler, job and loader that needs it: the conduct store
// holds the process's one group commit of saves and one cache of checklist
// versions, which a second copy would split.
type stores struct {
	checklists *checklist.Store
	audits     *audit.Store
	conduct    *conduct.Store
	findings   *findings.Store
	units      *org.Store
	procedures *procedures.Store
	inbox      *inbox.Store
	dashboard  *dashboard.Store
	training   *training.Store
}

// newStores builds every store over d, each once.
func newStores(d *db.DB) *stores {
	f := findings.Open(d)
	dash := &dashboard.Store{DB: d}
	// A new round steers away from the pairs the dashboard's fairness
	// analysis flags: audit declares what it needs, the reports answer.
	f.Audits.Fairness = dash
	procs := &procedures.Store{DB: d}
	return &stores{
		checklists: f.Audits.Checklists, audits: f.Audits, conduct: f.Conduct, findings: f,
		units: &org.Store{DB: d}, procedures: procs, inbox: &inbox.Store{DB: d}, dashboard: dash,
		training: &training.Store{Findings: f, Procedures: procs, Units: &org.Store{DB: d}},
	}
}
