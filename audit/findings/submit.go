package findings

import (
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

// SubmitInput is the body of POST /api/v1/audits/{id}/submit: the closing
// meeting is optional.
type SubmitInput struct {
	Closing *ClosingInput `json:"closing"`
}

// ClosingInput records the closing meeting.
type ClosingInput struct {
	Representative string `json:"representative"`
	Agreed         *bool  `json:"agreed"`
	Disagreement   string `json:"disagreement"`
	// Signatures are the signatures drawn at the meeting, optional.
	Signatures *SignaturesInput `json:"signatures"`
}

// Normalize checks the closing meeting when there is one: the audited
// unit's representative, whether it agreed, and when it did not, what it
// disagreed with. Returns nil when there is no closing meeting, and
// apperr.Invalid with fields "closing.representative", "closing.agreed" and
// "closing.disagreement".
func (in *SubmitInput) Normalize() (*conduct.Closing, error) {
	c := in.Closing
	if c == nil {
		return nil, nil
	}
	f := apperr.Fields{}
	c.Representative, c.Disagreement = conduct.CleanNote(c.Representative), conduct.CleanNote(c.Disagreement)
	if c.Representative == "" {
		f.Add("closing.representative", apperr.M("validation.required"))
	}
	conduct.LimitText(f, "closing.representative", c.Representative, conduct.MaxRepresentative)
	conduct.LimitText(f, "closing.disagreement", c.Disagreement, conduct.MaxDisagreement)
	switch {
	case c.Agreed == nil:
		f.Add("closing.agreed", apperr.M("validation.required"))
	case !*c.Agreed && c.Disagreement == "":
		f.Add("closing.disagreement", apperr.M("closing.disagreement_needed"))
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := &conduct.Closing{Representative: c.Representative, Agreed: *c.Agreed}
	if !out.Agreed {
		out.Disagreement = c.Disagreement
	}
	return out, nil
}

// SubmitProblems lists, by item code, what keeps a sheet from being
// submitted: an item without a result, a not-applicable item without its
// reason (the note), a nonconformity without its evidence (the note), a
// measure item that is applicable but has no value, and a result that
// departs from the target's suggestion without a reason.
func SubmitProblems(s *conduct.Sheet) apperr.Fields {
	f := apperr.Fields{}
	for _, si := range s.Items() {
		a := si.Answer
		switch {
		case !a.Answered():
			f.Add(si.Code, apperr.M("submit.unanswered"))
		case a.Result == checklist.NA && a.Note == "":
			f.Add(si.Code, apperr.M("submit.na_reason"))
		case conduct.IsNonconformity(a.Result) && a.Note == "":
			f.Add(si.Code, apperr.M("submit.evidence"))
		case si.Kind == checklist.KindMeasure && a.Result != checklist.NA && a.Value == nil:
			f.Add(si.Code, apperr.M("submit.value"))
		case si.Override && a.Reason == "":
			f.Add(si.Code, apperr.M("submit.override_reason", "suggested", apperr.M("result."+string(si.Suggested))))
		}
	}
	return f
}

// errIncomplete is the 422 of a submission with problems, naming each item.
func errIncomplete(f apperr.Fields) error {
	e := apperr.InvalidFields(f)
	e.Code = "incomplete"
	e.Message = apperr.M("submit.incomplete", "n", len(f))
	return e
}
