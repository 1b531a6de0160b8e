// Package dashboard is the reform office's view of a programme: progress of
// its rounds, nonconformities by grade and status, a clause-by-unit heatmap,
// follow-up of corrective actions, the league table, the peer-leniency
// analysis and exports of the registers as CSV and XLSX; and the audited
// unit's own view over time, which is also its management-review page.
// Each unit's dossier figures (kept by audit/procedures) are shown for the
// programme's year against their target; after a merger (internal/org's
// lineage, succession.go) a unit's earlier results are the sum of its
// predecessors', marked as such.
//
// The statistics (score.go, leniency.go, quantile.go) are pure functions
// over plain values, testable on synthetic programmes; store.go is the only
// file with SQL, http.go and pages.go the only ones with Echo.
package dashboard
