package audit

import "github.com/crossaudit/crossaudit/audit/assign"

// Matrix is the compact who-audits-whom table of a round: one row per
// auditing unit, one column per audited unit.
type Matrix struct {
	Units []string
	Cells [][]bool // Cells[i][j]: Units[i] audits Units[j]
}

// NewMatrix lays out a round's pairs over the programme's units.
func NewMatrix(units []string, pairs []assign.Pair) *Matrix {
	index := make(map[string]int, len(units))
	for i, u := range units {
		index[u] = i
	}
	m := &Matrix{Units: units, Cells: make([][]bool, len(units))}
	for i := range m.Cells {
		m.Cells[i] = make([]bool, len(units))
	}
	for _, p := range pairs {
		i, ok1 := index[p.Auditor]
		j, ok2 := index[p.Auditee]
		if ok1 && ok2 {
			m.Cells[i][j] = true
		}
	}
	return m
}
