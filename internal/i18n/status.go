package i18n

import "github.com/crossaudit/crossaudit/internal/apperr"

// Kinds of status that have a word, one vocabulary each: every page,
// printed form and message says a state with the word StatusMsg gives.
const (
	StatusAudit     = "audit"     // an audit: planned … issued, cancelled
	StatusNC        = "nc"        // a nonconformity and its corrective action
	StatusProgramme = "programme" // an audit programme
	StatusRound     = "round"     // a round of a programme
	StatusReport    = "report"    // an audit's report: draft, issued, superseded
)

// statusKeys is the one key family of each kind, spelt out whole so that
// the catalogue test sees every key.
var statusKeys = map[string]map[string]string{
	StatusAudit: {
		"planned": "audit.status.planned", "in_progress": "audit.status.in_progress", "submitted": "audit.status.submitted",
		"issued": "audit.status.issued", "cancelled": "audit.status.cancelled",
	},
	StatusNC: {
		"open": "nc.status.open", "cause_analysed": "nc.status.cause_analysed", "plan_submitted": "nc.status.plan_submitted",
		"plan_accepted": "nc.status.plan_accepted", "implemented": "nc.status.implemented", "verified": "nc.status.verified",
		"closed": "nc.status.closed", "reopened": "nc.status.reopened",
	},
	StatusProgramme: {
		"draft": "programme.status.draft", "approved": "programme.status.approved", "active": "programme.status.active",
		"completed": "programme.status.completed",
	},
	StatusRound: {
		"planned": "round.status.planned", "preview": "round.status.preview", "confirmed": "round.status.confirmed",
	},
	StatusReport: {
		"draft": "words.report.draft", "issued": "words.report.issued", "superseded": "words.report.superseded",
	},
}

// StatusMsg is the word for a status of a kind; a value the kind does not
// have comes back as it is, so that a gap shows rather than a blank.
func StatusMsg(kind, value string) apperr.Msg {
	if key, ok := statusKeys[kind][value]; ok {
		return apperr.M(key)
	}
	return apperr.M("words.as_is", "text", value)
}

// StatusValues lists the values of a kind that have a word, for tests.
func StatusValues(kind string) []string {
	var out []string
	for v := range statusKeys[kind] {
		out = append(out, v)
	}
	return out
}

// Status writes a status of a kind in lang (see StatusMsg).
func (c *Catalog) Status(lang, kind, value string) string { return c.Msg(lang, StatusMsg(kind, value)) }
