package audit

import (
	"context"
	"strconv"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Why an audit is flagged by the fairness analysis.
const (
	// FlagAuditor: the auditing unit finds markedly fewer nonconformities
	// than the audited units' other auditors, in all its audits.
	FlagAuditor = "lenient_auditor"
	// FlagPair: the two units, auditing each other, each find fewer than
	// expected in the other.
	FlagPair = "lenient_pair"
)

// FlaggedAudit is an audit whose result the fairness analysis flags as
// lenient: who audited whom (units as recorded), in which programme and
// round, and why.
type FlaggedAudit struct {
	AuditID     int64  `json:"audit_id"`
	ProgrammeID int64  `json:"programme_id"`
	Programme   string `json:"programme"`
	Year        int    `json:"year"`
	Round       int    `json:"round"`
	Auditor     string `json:"auditor_unit"`
	Auditee     string `json:"auditee_unit"`
	Why         string `json:"why"`
	// Findings and Expected are the audit's nonconformities and what the
	// audited unit's other auditors would have found in as many items.
	Findings int     `json:"nonconformities"`
	Expected float64 `json:"expected,omitempty"`
}

// FairnessSource finds the audits the fairness analysis flags, over a
// programme and the ones before it. The analysis counts results, which the
// reports own; audit only consumes its verdict, so it declares what it
// needs and the binary lends the reports' implementation
// (dashboard.Store). Without one, no pair is flagged.
type FairnessSource interface {
	FlaggedAudits(ctx context.Context, programmeID int64) ([]FlaggedAudit, error)
}

// SpotCheck proposes that the office re-examine a flagged audit itself:
// the next round only steers away from the pair, the result already given
// still stands until someone looks at it.
type SpotCheck struct {
	FlaggedAudit
	// AuditorLabel and AuditeeLabel name the units as "Name (code)".
	AuditorLabel string `json:"auditor_label"`
	AuditeeLabel string `json:"auditee_label"`
	// Link is the audit's page.
	Link string `json:"link"`
	// Message says why in the reader's language (filled by the API).
	Message string `json:"message,omitempty"`
}

// Msg is why the audit is flagged, as a sentence of the catalogue.
func (s SpotCheck) Msg() apperr.Msg {
	return apperr.M("rotation.why."+s.Why, "auditor", s.AuditorLabel, "auditee", s.AuditeeLabel, "findings", s.Findings)
}

// spotChecks turns the flagged audits into the office's proposals, naming
// the units as recorded.
func (s *Store) spotChecks(ctx context.Context, flagged []FlaggedAudit) ([]SpotCheck, error) {
	var codes []string
	for _, f := range flagged {
		codes = append(codes, f.Auditor, f.Auditee)
	}
	names, err := s.unitNames(ctx, codes...)
	if err != nil {
		return nil, err
	}
	out := make([]SpotCheck, len(flagged))
	for i, f := range flagged {
		out[i] = SpotCheck{FlaggedAudit: f, AuditorLabel: names[f.Auditor], AuditeeLabel: names[f.Auditee],
			Link: "/audits/" + strconv.FormatInt(f.AuditID, 10)}
	}
	return out, nil
}

// flaggedPairs are the directed pairs of the flagged audits, as the units
// stand now (lineage applied by the caller) and only those between units of
// the round: a pair outside it can be neither kept nor avoided.
func flaggedPairs(flagged []FlaggedAudit, inScope map[string]bool, current func(string) string) []assign.Pair {
	seen := map[assign.Pair]bool{}
	var out []assign.Pair
	for _, f := range flagged {
		p := assign.Pair{Auditor: current(f.Auditor), Auditee: current(f.Auditee)}
		if p.Auditor == p.Auditee || !inScope[p.Auditor] || !inScope[p.Auditee] || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}
