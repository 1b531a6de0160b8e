package conduct

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Limits on an answer's texts: generous for evidence written on a tablet,
// small enough that a pasted document is refused.
const (
	MaxNote   = 5000
	MaxReason = 2000
)

// Answer is the team's answer to one item of an audit. Version counts the
// saves, 0 before the first.
type Answer struct {
	Result    checklist.Result `json:"result"`
	Note      string           `json:"note"`
	Value     *float64         `json:"value"`
	Reason    string           `json:"reason"` // why the result departs from the target's suggestion
	Version   int64            `json:"version"`
	UpdatedBy string           `json:"updated_by"` // username
	UpdatedAt time.Time        `json:"updated_at"`
}

// MarshalJSON writes the answer as the API gives it (CONTRACT.md):
// result, note, value, version, with reason, updated_by and updated_at
// (null before the first save).
func (a Answer) MarshalJSON() ([]byte, error) {
	var at *string
	if !a.UpdatedAt.IsZero() {
		s := a.UpdatedAt.UTC().Format(time.RFC3339)
		at = &s
	}
	var by *string
	if a.UpdatedBy != "" {
		by = &a.UpdatedBy
	}
	return json.Marshal(struct {
		Result    string   `json:"result"`
		Note      string   `json:"note"`
		Value     *float64 `json:"value"`
		Reason    string   `json:"reason"`
		Version   int64    `json:"version"`
		UpdatedBy *string  `json:"updated_by"`
		UpdatedAt *string  `json:"updated_at"`
	}{string(a.Result), a.Note, a.Value, a.Reason, a.Version, by, at})
}

// AnswerInput is a save as a client sends it (PUT
// /api/v1/audits/{id}/answers/{item_id}): the whole answer, and the version
// it is based on. Result may be empty while the auditor writes the note
// first; submission needs one.
type AnswerInput struct {
	Result  string   `json:"result"`
	Note    string   `json:"note"`
	Value   *float64 `json:"value"`
	Reason  string   `json:"reason"`
	Version *int64   `json:"version"`
}

// content is what a save changes, compared to recognise a save that is
// already applied.
type content struct {
	result checklist.Result
	note   string
	value  *float64
	reason string
}

func (a Answer) content() content { return content{a.Result, a.Note, a.Value, a.Reason} }

func (c content) equal(d content) bool {
	if c.result != d.result || c.note != d.note || c.reason != d.reason || (c.value == nil) != (d.value == nil) {
		return false
	}
	return c.value == nil || *c.value == *d.value
}

// CleanNote is text.Clean with line breaks as "\n", since a form posts "\r\n".
func CleanNote(s string) string {
	return text.Clean(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s))
}

// Normalize cleans the input and checks it. Returns apperr.Invalid naming
// each field: an unknown result, a note or reason too long or holding
// control characters, a version missing or negative.
func (in *AnswerInput) Normalize() (Answer, error) {
	f := apperr.Fields{}
	in.Result = strings.TrimSpace(in.Result)
	if r := checklist.Result(in.Result); in.Result != "" && !r.Valid() {
		f.Add("result", apperr.M("answer.bad_result"))
	}
	in.Note, in.Reason = CleanNote(in.Note), CleanNote(in.Reason)
	LimitText(f, "note", in.Note, MaxNote)
	LimitText(f, "reason", in.Reason, MaxReason)
	switch {
	case in.Version == nil:
		f.Add("version", apperr.M("validation.required"))
	case *in.Version < 0:
		f.Add("version", apperr.M("validation.gte", "param", 0))
	}
	if err := f.Err(); err != nil {
		return Answer{}, err
	}
	return Answer{Result: checklist.Result(in.Result), Note: in.Note, Value: in.Value, Reason: in.Reason, Version: *in.Version}, nil
}

func LimitText(f apperr.Fields, field, s string, limit int) {
	switch {
	case text.Len(s) > limit:
		f.Add(field, apperr.M("validation.max", "param", limit))
	case !text.Valid(s):
		f.Add(field, apperr.M("validation.control_chars"))
	}
}

// Save outcomes.
type saveOutcome int

const (
	saveApply    saveOutcome = iota // based on the stored version: store it as the next
	saveNoop                        // the stored answer already says this: nothing to write
	saveConflict                    // based on an older version and saying something else
)

// decideSave compares a save with the stored answer (Version 0 when there
// is none). A save whose content is already stored succeeds without a
// write, whatever version it is based on: that makes a replayed save (the
// offline queue resending a request whose response was lost, a double tap)
// answer 200 with the stored version instead of a 409, and no team mate's
// change can be lost by it, since nothing is written. Any other save must be
// based on the stored version.
func decideSave(stored Answer, in Answer) saveOutcome {
	switch {
	case stored.content().equal(in.content()):
		return saveNoop
	case in.Version == stored.Version:
		return saveApply
	}
	return saveConflict
}

// Suggested is the result the checklist suggests for a measure item from
// its value, "" when it suggests none.
func Suggested(it checklist.Item, a Answer) checklist.Result {
	if a.Value == nil {
		return ""
	}
	return checklist.SuggestResult(it, *a.Value)
}

// Overrides reports whether the answer departs from the result its value
// suggests, which needs a reason. Not applicable is never an override: its
// note says why.
func Overrides(it checklist.Item, a Answer) bool {
	s := Suggested(it, a)
	return s != "" && a.Result != "" && a.Result != checklist.NA && a.Result != s
}

// Answered reports whether the answer has a result.
func (a Answer) Answered() bool { return a.Result != "" }

// IsNonconformity reports whether the result is a minor or major
// nonconformity.
func IsNonconformity(r checklist.Result) bool { return r == checklist.Minor || r == checklist.Major }
