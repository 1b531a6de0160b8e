package reconcile

// Report is the result of a reconciliation: one entry per unit, sorted by
// unit code, and totals.
type Report struct {
	Units []UnitReport `json:"units"`
	Stats Stats        `json:"stats"`
}

// UnitReport lists one unit's gaps. Every list is sorted and never nil, so
// that it encodes as [] rather than null.
type UnitReport struct {
	Unit string `json:"unit"`
	// MissingOnPortal holds the codes of procedures in force that the unit
	// does not publish on the portal.
	MissingOnPortal []string `json:"missing_on_portal"`
	// MissingOnOneStop holds the codes of procedures in force that the unit
	// has not configured on the one-stop system.
	MissingOnOneStop []string `json:"missing_on_onestop"`
	// MissingProcess holds the codes of procedures in force for which the
	// unit keeps no ISO process; empty when no process list was given.
	MissingProcess []string `json:"missing_process"`
	// StaleProcess holds the codes of procedures whose process (the latest
	// version the unit keeps) took effect before the procedure did.
	StaleProcess []string `json:"stale_process"`
	// NotInForce holds codes the unit publishes, configures or keeps a
	// process for that are absent from the catalogue.
	NotInForce []string `json:"not_in_force"`
	// MatchedByName holds the rows without a code that were matched to a
	// procedure by name, sorted by code and then name.
	MatchedByName []NameMatch `json:"matched_by_name"`
	// UnmatchedByName holds the names of rows without a code that match no
	// procedure of the catalogue, sorted. They may be procedures no longer
	// in force or misspelt names; a person has to decide.
	UnmatchedByName []NameOnly `json:"unmatched_by_name"`
	// AmbiguousByName holds the names of rows without a code that match
	// several procedures of the catalogue, sorted. Such a row is not counted
	// as any of them.
	AmbiguousByName []NameAmbiguity `json:"ambiguous_by_name"`
}

// Sources name where a row came from, in Report lists.
const (
	SourcePortal    = "portal"
	SourceOneStop   = "onestop"
	SourceProcesses = "processes"
)

// NameMatch is a row without a code matched to a procedure by name.
type NameMatch struct {
	Code string `json:"code"` // the catalogue code found
	Name string `json:"name"` // the name as the unit wrote it
	// Sources lists where rows with this name appeared, sorted (SourcePortal,
	// SourceOneStop, SourceProcesses).
	Sources []string `json:"sources"`
}

// NameOnly is a row without a code whose name matches no procedure.
type NameOnly struct {
	Name    string   `json:"name"`    // the name as the unit wrote it
	Sources []string `json:"sources"` // where it appeared, sorted
}

// NameAmbiguity is a row without a code whose name matches several
// procedures of the catalogue.
type NameAmbiguity struct {
	Name    string   `json:"name"`    // the name as the unit wrote it
	Codes   []string `json:"codes"`   // the procedures it could be, sorted
	Sources []string `json:"sources"` // where it appeared, sorted
}

// Stats totals a report: the number of units and procedures, and each kind
// of gap summed over the units.
type Stats struct {
	Units            int `json:"units"`
	Procedures       int `json:"procedures"`
	MissingOnPortal  int `json:"missing_on_portal"`
	MissingOnOneStop int `json:"missing_on_onestop"`
	MissingProcess   int `json:"missing_process"`
	StaleProcess     int `json:"stale_process"`
	NotInForce       int `json:"not_in_force"`
	MatchedByName    int `json:"matched_by_name"`
	UnmatchedByName  int `json:"unmatched_by_name"`
	AmbiguousByName  int `json:"ambiguous_by_name"`
}

// add counts one unit's gaps into the totals.
func (s *Stats) add(u UnitReport) {
	s.Units++
	s.MissingOnPortal += len(u.MissingOnPortal)
	s.MissingOnOneStop += len(u.MissingOnOneStop)
	s.MissingProcess += len(u.MissingProcess)
	s.StaleProcess += len(u.StaleProcess)
	s.NotInForce += len(u.NotInForce)
	s.MatchedByName += len(u.MatchedByName)
	s.UnmatchedByName += len(u.UnmatchedByName)
	s.AmbiguousByName += len(u.AmbiguousByName)
}
