package conduct

import (
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Limits of the meetings' texts.
const (
	MaxParticipants   = 2000
	MaxGuide          = 200
	MaxRepresentative = 200
	MaxDisagreement   = 5000
)

// Meeting is what the team records of the opening meeting (ISO 19011: the
// date, who took part, the auditee's guide) and, at submission, of the
// closing meeting. Version counts the saves of the opening meeting, 0
// before the first.
type Meeting struct {
	OpeningDate  string    `json:"date"`
	Participants string    `json:"participants"`
	Guide        string    `json:"guide"`
	Version      int64     `json:"version"`
	Closing      *Closing  `json:"closing"`
	UpdatedBy    string    `json:"updated_by,omitempty"`
	UpdatedAt    time.Time `json:"-"`
}

// Closing is the record of the closing meeting: who represented the
// audited unit and whether it agreed with the findings, or what it
// disagreed with (a report states unresolved disagreements).
type Closing struct {
	Representative string `json:"representative"`
	Agreed         bool   `json:"agreed"`
	Disagreement   string `json:"disagreement"`
}

// OpeningInput records the opening meeting, based on a version of it as
// answers are.
type OpeningInput struct {
	Date         string `json:"date"`
	Participants string `json:"participants"`
	Guide        string `json:"guide"`
	Version      *int64 `json:"version"`
}

// Normalize cleans the input and checks it: a day (dd/mm/yyyy or
// yyyy-mm-dd) or nothing, bounded texts, a version. Returns apperr.Invalid.
func (in *OpeningInput) Normalize() error {
	f := apperr.Fields{}
	if in.Date = CleanNote(in.Date); in.Date != "" {
		day, ok := text.ParseDay(in.Date)
		if !ok {
			f.Add("date", apperr.M("validation.date"))
		}
		in.Date = day
	}
	in.Participants, in.Guide = CleanNote(in.Participants), CleanNote(in.Guide)
	LimitText(f, "participants", in.Participants, MaxParticipants)
	LimitText(f, "guide", in.Guide, MaxGuide)
	switch {
	case in.Version == nil:
		f.Add("version", apperr.M("validation.required"))
	case *in.Version < 0:
		f.Add("version", apperr.M("validation.gte", "param", 0))
	}
	return f.Err()
}

// errMeetingStale is the 409 of an opening-meeting save based on an older
// version; it carries the stored meeting.
func errMeetingStale(current Meeting) error {
	e := apperr.New(apperr.Conflict, "meeting_conflict", apperr.M("opening.conflict", "user", current.UpdatedBy))
	e.Detail = map[string]any{"current": current}
	return e
}
