package findings

import (
	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Store reads and writes what an audit finds and what follows: submission,
// the findings and nonconformities with their corrective-action workflow,
// the issued reports and the settings of the workflow. It reads audits
// through Audits and answers through Conduct.
type Store struct {
	DB      *db.DB
	Audits  *audit.Store
	Conduct *conduct.Store
}

// NewStore returns the findings store over the conduct store.
func NewStore(c *conduct.Store) *Store {
	return &Store{DB: c.DB, Audits: c.Audits, Conduct: c}
}

// Open builds the chain of audit stores over d, each once (checklists,
// audits, conduct, findings), and returns the top one, through which the
// others are reached. A process calls it once: see conduct.Store.
func Open(d *db.DB) *Store {
	return NewStore(conduct.NewStore(audit.NewStore(d, &checklist.Store{DB: d})))
}
