package findings

import (
	"slices"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
)

// NCSide says who takes a step of the corrective-action workflow
// (CONTRACT.md, "Who may do what"): the audited unit analyses, plans and
// implements; the auditing team's lead accepts, verifies, closes and
// reopens (peer verification). The office and admin may take any step.
type NCSide int

// The two sides of a nonconformity.
const (
	SideAuditee NCSide = iota + 1 // the audited unit's auditees
	SideLead                      // the auditing team's lead
)

// ncStep is one allowed move of the workflow.
type ncStep struct {
	To   string
	Side NCSide
	// NeedsNote: a return, a closure and a reopening must say why.
	NeedsNote bool
}

// ncSteps is the workflow of CONTRACT.md: open → cause_analysed →
// plan_submitted → plan_accepted (or back to cause_analysed) → implemented
// → verified → closed → reopened → cause_analysed.
var ncSteps = map[string][]ncStep{
	NCOpen:          {{To: NCCauseAnalysed, Side: SideAuditee}},
	NCCauseAnalysed: {{To: NCPlanSubmitted, Side: SideAuditee}},
	NCPlanSubmitted: {{To: NCPlanAccepted, Side: SideLead}, {To: NCCauseAnalysed, Side: SideLead, NeedsNote: true}},
	NCPlanAccepted:  {{To: NCImplemented, Side: SideAuditee}},
	NCImplemented:   {{To: NCVerified, Side: SideLead}},
	NCVerified:      {{To: NCClosed, Side: SideLead, NeedsNote: true}},
	NCClosed:        {{To: NCReopened, Side: SideLead, NeedsNote: true}},
	NCReopened:      {{To: NCCauseAnalysed, Side: SideAuditee}},
}

// NextNCStates lists the states a nonconformity may move to from status.
func NextNCStates(status string) []string {
	out := []string{}
	for _, s := range ncSteps[status] {
		out = append(out, s.To)
	}
	return out
}

func StepOf(from, to string) (ncStep, bool) {
	for _, s := range ncSteps[from] {
		if s.To == to {
			return s, true
		}
	}
	return ncStep{}, false
}

// NCActor is what a user is to one nonconformity.
type NCActor struct {
	Staff   bool // admin or office: any step
	Auditee bool // an auditee of the audited unit
	Lead    bool // the lead of the auditing team
	// Sees: the user may see the nonconformity at all (the register's
	// rules); someone who may not gets 404, someone who sees it but may
	// not act 403.
	Sees bool
}

// ActorOf says what u is to the finding f of the audit p.
func ActorOf(u *auth.User, f Finding, p *audit.Audit) NCActor {
	return NCActor{
		Staff:   u.IsStaff(),
		Auditee: u.Role == role.Auditee && u.InUnit(f.AuditeeUnit),
		Lead:    u.Role == role.Auditor && audit.IsLead(u, p),
		Sees:    CanSeeFinding(u, f, p),
	}
}

// May reports whether the actor may act for a side.
func (a NCActor) May(side NCSide) bool {
	switch side {
	case SideAuditee:
		return a.Staff || a.Auditee
	case SideLead:
		return a.Staff || a.Lead
	}
	return false
}

// Gate turns the actor's rights for a side into the error to answer: nil,
// 404 when the user may not see the nonconformity, 403 when they may see
// but not act.
func (a NCActor) Gate(side NCSide) error {
	switch {
	case !a.Sees:
		return apperr.NotFoundThing("thing.finding")
	case !a.May(side):
		return audit.ErrForbidden()
	}
	return nil
}

// AllowedFor lists the steps from status that the actor may take: what the
// pages offer as buttons.
func (a NCActor) AllowedFor(status string) []string {
	out := []string{}
	for _, s := range ncSteps[status] {
		if a.May(s.Side) {
			out = append(out, s.To)
		}
	}
	return out
}

// NCFacts is what the workflow's rules read of a nonconformity besides its
// state.
type NCFacts struct {
	Status       string
	RootCause    string
	Correction   string
	SimilarCases string
	Actions      int // all actions
	OpenActions  int // actions not yet done
	ImplEvidence int // files showing the actions done
	EffEvidence  int // files showing the fix effective
	VerifiedOn   string
	Today        string
	// EffectivenessDays is how long after verification closing may wait
	// for (calendar days).
	EffectivenessDays int

	// CauseCategory is the root cause's category, "" when none is chosen.
	CauseCategory string
}

// CheckStep says whether the actor may move a nonconformity with facts
// to `to` with the note: 409 with the allowed next states for a step the
// workflow does not have from here; 404 or 403 for someone who may not take
// it; 422 naming what is missing (the note, the root cause, actions,
// evidence, the root cause's category); 409 "too_early" when the
// effectiveness period has not passed.
func CheckStep(a NCActor, facts NCFacts, to, note string) error {
	step, ok := StepOf(facts.Status, to)
	if !ok {
		if !a.Sees {
			return apperr.NotFoundThing("thing.finding")
		}
		e := apperr.New(apperr.Conflict, "step_not_allowed", apperr.M("ca.step_not_allowed",
			"from", i18n.StatusMsg(i18n.StatusNC, facts.Status)))
		e.Allowed = NextNCStates(facts.Status)
		return e
	}
	if err := a.Gate(step.Side); err != nil {
		return err
	}
	f := apperr.Fields{}
	if step.NeedsNote && note == "" {
		f.Add("note", apperr.M("ca.note_needed"))
	}
	switch to {
	case NCCauseAnalysed:
		if facts.Status == NCPlanSubmitted {
			break // a return keeps the analysis for the unit to rework
		}
		requireText(f, "root_cause", facts.RootCause)
		if facts.CauseCategory == "" {
			// Issue 25: the category is what the office plans training
			// from. Only this step asks for it, so nonconformities analysed
			// before categories existed go on without one.
			f.Add("cause_category", apperr.M("training.cause_needed"))
		}
		requireText(f, "correction", facts.Correction)
		requireText(f, "similar_cases", facts.SimilarCases)
	case NCPlanSubmitted:
		if facts.OpenActions == 0 {
			f.Add("actions", apperr.M("ca.actions_needed"))
		}
	case NCPlanAccepted:
		requireText(f, "root_cause", facts.RootCause)
		if facts.Actions == 0 {
			f.Add("actions", apperr.M("ca.actions_needed"))
		}
	case NCImplemented:
		if facts.OpenActions > 0 {
			f.Add("actions", apperr.M("ca.actions_open", "n", facts.OpenActions))
		}
		if facts.ImplEvidence == 0 {
			f.Add("evidence", apperr.M("ca.evidence_needed"))
		}
	case NCClosed:
		if facts.OpenActions > 0 {
			f.Add("actions", apperr.M("ca.actions_open", "n", facts.OpenActions))
		}
		if facts.EffEvidence == 0 {
			f.Add("evidence", apperr.M("ca.effectiveness_needed"))
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if to == NCClosed {
		if from := ClosableFrom(facts.VerifiedOn, facts.EffectivenessDays); facts.Today < from {
			msg := apperr.M("ca.too_early", "date", i18n.ShowDay(from))
			e := apperr.New(apperr.Conflict, "too_early", msg)
			e.Fields = map[string]apperr.Msg{"to": msg}
			e.Allowed = []string{}
			return e
		}
	}
	return nil
}

// ClosableFrom is the first day a nonconformity verified on verifiedOn
// may be closed: the effectiveness period must have passed.
func ClosableFrom(verifiedOn string, days int) string {
	if verifiedOn == "" {
		return "9999-12-31"
	}
	return audit.AddDays(verifiedOn, days)
}

func requireText(f apperr.Fields, field, v string) {
	if v == "" {
		f.Add(field, apperr.M("ca.required_before_step"))
	}
}

// AnalysisOpen reports whether the audited unit may still write its root
// cause, correction and similar cases: before the plan is submitted.
func AnalysisOpen(status string) bool {
	return slices.Contains([]string{NCOpen, NCCauseAnalysed, NCReopened}, status)
}
