package handlers

import (
	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Stores are what the audit handlers work on. cmd builds each once per
// process and lends the same ones to every handler: the conduct store holds
// the one group commit of saves and the one cache of checklist versions.
type Stores struct {
	Audits   *audit.Store
	Conduct  *conduct.Store
	Findings *findings.Store
	Units    *org.Store
	// Measured, when set, supplies the system's own figures for the
	// audited unit's measured items (the procedure reconciliation's and
	// the dossier figures, wired in cmd), so that a value contradicting
	// one is flagged; nil: nothing is flagged.
	Measured measured.Source
}

// Mount registers every audit route and page on s: programmes, rounds and
// the register; conducting; nonconformities and their workflow; the
// offline session. panels adds what other packages show beside the audit
// page's items (nil: nothing).
func Mount(s *web.Server, r *web.Router, st Stores, panels ItemPanels) error {
	(&API{Audits: st.Audits, Catalog: s.Catalog}).Routes(r)
	(&RotationAPI{Audits: st.Audits}).Routes(r)
	(&Pages{Audits: st.Audits, Units: st.Units, Views: s.Views, Findings: st.Findings}).Routes(r)
	(&ConductAPI{Audits: st.Audits, Conduct: st.Conduct, Findings: st.Findings, Measured: st.Measured, Catalog: s.Catalog}).Routes(r)
	(&ConductPages{Audits: st.Audits, Conduct: st.Conduct, Findings: st.Findings, Units: st.Units, Views: s.Views, Panels: panels,
		Measured: st.Measured}).Routes(r)
	(&Corrective{Audits: st.Audits, Conduct: st.Conduct, Findings: st.Findings, Units: st.Units, Views: s.Views}).Routes(r)
	return MountOffline(s, r, st.Audits, st.Conduct)
}

// StoresOf returns the handlers' stores around f, the top of the chain
// that findings.Open builds.
func StoresOf(f *findings.Store) Stores {
	return Stores{Audits: f.Audits, Conduct: f.Conduct, Findings: f, Units: &org.Store{DB: f.DB}}
}
