package procedures

import "context"

// UnitSummary is what the dashboard shows of one unit: the number of gaps
// of each kind, their total (rows matched by name excluded), and the
// latest dossier figures with their rates.
type UnitSummary struct {
	Gaps    map[string]int `json:"gaps"`
	Missing int            `json:"missing"`
	Figures *FigureView    `json:"figures,omitempty"`
}

// Summaries returns every live unit's summary keyed by unit code, as the
// dashboard API keys units (CONTRACT.md).
func (s *Store) Summaries(ctx context.Context) (map[string]UnitSummary, error) {
	ov, err := s.Overview(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]UnitSummary, len(ov.Units))
	for _, u := range ov.Units {
		out[u.Unit] = UnitSummary{Gaps: u.Counts, Missing: u.Missing(), Figures: u.Figures}
	}
	return out, nil
}
