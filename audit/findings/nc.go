package findings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Limits of the audited unit's texts: a root cause or a plan is a few
// paragraphs, not a document (documents are attached as evidence).
const (
	MaxAnalysis      = 5000
	MaxWhys          = 7 // the why-why aid usually stops at five
	MaxWhy           = 500
	MaxActionText    = 2000
	MaxActionsPerNC  = 20
	MaxEvidencePerNC = 30
	MaxStepNote      = 2000
)

// NCAction is a corrective action: what, who of the audited unit, by when.
type NCAction struct {
	ID          int64      `json:"id"`
	Description string     `json:"description"`
	Owner       string     `json:"owner"` // username
	OwnerName   string     `json:"owner_name"`
	DueDate     string     `json:"due_date"`
	DoneAt      *time.Time `json:"done_at"`
	DoneNote    string     `json:"done_note"`
	Overdue     bool       `json:"overdue"`
}

// NCTransition is one step of a nonconformity's history.
type NCTransition struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	Note      string    `json:"note"`
	Actor     string    `json:"actor"`
	ActorName string    `json:"actor_name"`
	At        time.Time `json:"at"`
}

// NCExtension is an extension of the plan's due date by the office.
type NCExtension struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
}

// Kinds of evidence of a nonconformity's fix.
const (
	EvidenceImplementation = "implementation"
	EvidenceEffectiveness  = "effectiveness"
)

// NCEvidence is a file of evidence of a fix; its bytes are served by URL.
type NCEvidence struct {
	ID          int64     `json:"id"`
	FindingID   int64     `json:"finding_id"`
	Kind        string    `json:"kind"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// URL is where the evidence's bytes are served.
func (e NCEvidence) URL() string {
	return fmt.Sprintf("/api/v1/nonconformities/%d/evidence/%d", e.FindingID, e.ID)
}

// IsImage reports whether the evidence is shown as a picture.
func (e NCEvidence) IsImage() bool {
	return e.ContentType == conduct.TypeJPEG || e.ContentType == conduct.TypePNG
}

// NCDetail is one nonconformity with its analysis, actions, evidence and
// history (GET /api/v1/nonconformities/{id}).
type NCDetail struct {
	Finding
	RootCause    string         `json:"root_cause"`
	Whys         []string       `json:"whys"`
	Correction   string         `json:"correction"`
	SimilarCases string         `json:"similar_cases"`
	Actions      []NCAction     `json:"actions"`
	History      []NCTransition `json:"history"`
	// Files are the evidence of the fix ("evidence" is the auditor's note).
	Files      []NCEvidence  `json:"files"`
	Extensions []NCExtension `json:"extensions"`
	VerifiedAt *time.Time    `json:"verified_at"`
	ClosedAt   *time.Time    `json:"closed_at"`
	// ClosableFrom is the first day it may close, once verified.
	ClosableFrom string `json:"closable_from,omitempty"`
	// Allowed lists the steps the caller may take now.
	Allowed []string `json:"allowed"`
}

// EvidenceOf lists the evidence of one kind.
func (d *NCDetail) EvidenceOf(kind string) []NCEvidence {
	var out []NCEvidence
	for _, e := range d.Files {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// OpenActions counts the actions not yet done.
func (d *NCDetail) OpenActions() int {
	n := 0
	for _, a := range d.Actions {
		if a.DoneAt == nil {
			n++
		}
	}
	return n
}

// ActionInput is the body of POST /api/v1/nonconformities/{id}/actions.
type ActionInput struct {
	Description string `json:"description" form:"description"`
	Owner       string `json:"owner" form:"owner"`
	DueDate     string `json:"due_date" form:"due_date"`
}

// Normalize cleans the action and checks what needs no database: a
// description, an owner and a due date that is a date and not before
// today. Whether the owner belongs to the unit is the store's check.
// Returns apperr.Invalid naming the fields.
func (in *ActionInput) Normalize(today string) error {
	f := apperr.Fields{}
	in.Description = conduct.CleanNote(in.Description)
	in.Owner = text.Clean(in.Owner)
	in.DueDate = text.Clean(in.DueDate)
	if in.Description == "" {
		f.Add("description", apperr.M("validation.required"))
	}
	conduct.LimitText(f, "description", in.Description, MaxActionText)
	if in.Owner == "" {
		f.Add("owner", apperr.M("validation.required"))
	}
	switch due, err := time.Parse(time.DateOnly, in.DueDate); {
	case in.DueDate == "":
		f.Add("due_date", apperr.M("validation.required"))
	case err != nil:
		f.Add("due_date", apperr.M("ca.bad_date"))
	case due.Format(time.DateOnly) < today:
		f.Add("due_date", apperr.M("ca.due_past", "today", today))
	}
	return f.Err()
}

// DoneInput reports an action done: what was done.
type DoneInput struct {
	Note string `json:"note" form:"note"`
}

// TransitionInput is the body of POST /api/v1/nonconformities/{id}/transition.
type TransitionInput struct {
	To   string `json:"to" form:"to"`
	Note string `json:"note" form:"note"`
}

// Normalize cleans the step. Returns apperr.Invalid for a missing or
// unknown state or a note too long.
func (in *TransitionInput) Normalize() error {
	f := apperr.Fields{}
	in.To, in.Note = text.Clean(in.To), conduct.CleanNote(in.Note)
	if in.To == "" {
		f.Add("to", apperr.M("validation.required"))
	} else if !slices.Contains(NCStates, in.To) {
		f.Add("to", apperr.M("validation.oneof", "param", strings.Join(NCStates, " ")))
	}
	conduct.LimitText(f, "note", in.Note, MaxStepNote)
	return f.Err()
}

// ExtendInput extends a plan's due date (the office only).
type ExtendInput struct {
	PlanDue string `json:"plan_due" form:"plan_due"`
	Reason  string `json:"reason" form:"reason"`
}

// Normalize checks the extension against the current due date: a later
// date and a reason. Returns apperr.Invalid.
func (in *ExtendInput) Normalize(current string) error {
	f := apperr.Fields{}
	in.PlanDue, in.Reason = text.Clean(in.PlanDue), conduct.CleanNote(in.Reason)
	if _, err := time.Parse(time.DateOnly, in.PlanDue); err != nil {
		f.Add("plan_due", apperr.M("ca.bad_date"))
	} else if in.PlanDue <= current {
		f.Add("plan_due", apperr.M("ca.extend_later", "date", current))
	}
	if in.Reason == "" {
		f.Add("reason", apperr.M("validation.required"))
	}
	conduct.LimitText(f, "reason", in.Reason, MaxStepNote)
	return f.Err()
}

// cleanWhys tidies the why-why chain: trimmed, empty links dropped.
func cleanWhys(f apperr.Fields, whys []string) []string {
	out := []string{}
	for _, w := range whys {
		if w = conduct.CleanNote(w); w != "" {
			conduct.LimitText(f, "whys", w, MaxWhy)
			out = append(out, w)
		}
	}
	if len(out) > MaxWhys {
		f.Add("whys", apperr.M("ca.too_many_whys", "max", MaxWhys))
	}
	return out
}
