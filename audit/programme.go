package audit

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
)

// Programme states (CONTRACT.md): draft → approved → active → completed.
// Rounds may be previewed and confirmed while draft, approved or active; the
// first confirmation makes the programme active.
const (
	ProgrammeDraft     = "draft"
	ProgrammeApproved  = "approved"
	ProgrammeActive    = "active"
	ProgrammeCompleted = "completed"
)

// programmeSteps are the transitions a person asks for; active is reached by
// confirming a round.
var programmeSteps = map[string][]string{
	ProgrammeDraft:    {ProgrammeApproved},
	ProgrammeApproved: {ProgrammeDraft},
	ProgrammeActive:   {ProgrammeCompleted},
}

// NextProgrammeStates lists the states a programme may be moved to by hand.
func NextProgrammeStates(status string) []string { return programmeSteps[status] }

// CanPlanRounds reports whether rounds may be previewed and confirmed.
func CanPlanRounds(status string) bool { return status != ProgrammeCompleted }

// Round states.
const (
	RoundPlanned   = "planned"
	RoundPreview   = "preview"
	RoundConfirmed = "confirmed"
)

// Programme is an audit programme (ISO 9001 §9.2.2): its criteria are a
// pinned checklist version, its scope a list of units, its rounds planned
// with date windows.
type Programme struct {
	ID                 int64          `json:"id"`
	Year               int            `json:"year"`
	Name               string         `json:"name"`
	Objectives         string         `json:"objectives"`
	ChecklistID        int64          `json:"checklist_id"`
	ChecklistVersionID int64          `json:"checklist_version_id"`
	ChecklistVersion   int            `json:"checklist_version"`
	ChecklistName      string         `json:"checklist_name"`
	Status             string         `json:"status"`
	Units              []string       `json:"units"`
	Rounds             []Round        `json:"rounds"`
	Audits             []AuditSummary `json:"audits"`
	CreatedAt          time.Time      `json:"created_at"`
	// Organiser is the organiser as it was when the programme was created:
	// the programme's documents print this letterhead and these signers.
	Organiser org.Profile `json:"organiser"`
}

// Round is one round of a programme.
type Round struct {
	ID       int64         `json:"id"`
	N        int           `json:"n"`
	Status   string        `json:"status"`
	StartsOn string        `json:"starts_on"`
	EndsOn   string        `json:"ends_on"`
	PerUnit  int           `json:"per_unit"`
	Seed     uint64        `json:"seed"`
	Clusters string        `json:"clusters"`
	Pairs    []assign.Pair `json:"pairs"`
	Stats    *RoundStats   `json:"stats,omitempty"`
	// SpotChecks are the flagged audits the preview proposes the office
	// re-examine itself.
	SpotChecks []SpotCheck `json:"spot_checks,omitempty"`
}

// AuditSummary is an audit as lists show it.
type AuditSummary struct {
	ID          int64  `json:"id"`
	Status      string `json:"status"`
	AuditorUnit string `json:"auditor_unit"`
	AuditeeUnit string `json:"auditee_unit"`
	PlannedDate string `json:"planned_date"`
	Round       int    `json:"round"`
	ProgrammeID int64  `json:"programme_id"`
}

// RoundWindow is a planned round's date window.
type RoundWindow struct {
	StartsOn string `json:"starts_on" form:"starts_on"`
	EndsOn   string `json:"ends_on" form:"ends_on"`
}

// ProgrammeInput is a programme as a client creates it.
type ProgrammeInput struct {
	Name        string        `json:"name" form:"name" validate:"required,max=300"`
	Year        int           `json:"year" form:"year" validate:"required,gte=2000,lte=2100"`
	ChecklistID int64         `json:"checklist_id" form:"checklist_id" validate:"required,gte=1"`
	Units       []string      `json:"units" form:"units" validate:"required,min=2,max=20000,dive,required,max=32"`
	Objectives  string        `json:"objectives" form:"objectives" validate:"max=5000"`
	Rounds      []RoundWindow `json:"rounds" validate:"max=12"`
	// ChecklistVersion pins a published version of the checklist by number
	// instead of the latest. Clients cannot set it: a programme planned now
	// uses the latest version; only a programme recorded after the fact (the
	// demo's last year, run before version 2 existed) pins an older one.
	ChecklistVersion int `json:"-" form:"-"`
}

// Validate normalises the input and checks it; unknown units are checked by
// the store. Returns apperr.Invalid naming each field.
func (in *ProgrammeInput) Validate() error {
	in.Name = text.Clean(in.Name)
	in.Objectives = text.Clean(in.Objectives)
	for i := range in.Units {
		in.Units[i] = text.Clean(in.Units[i])
	}
	f := apperr.Fields{}
	if err := valid.Struct(in); err != nil {
		for k, m := range apperr.As(err).Fields {
			f.Add(k, m)
		}
	}
	if dup := firstDuplicate(in.Units); dup != "" {
		f.Add("units", apperr.M("validation.duplicate_unit", "code", dup))
	}
	for i, w := range in.Rounds {
		if key := checkWindow(w); key != "" {
			f.Add(roundField(i), apperr.M(key))
		}
	}
	return f.Err()
}

func roundField(i int) string { return "rounds[" + strconv.Itoa(i) + "]" }

func firstDuplicate(xs []string) string {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x] {
			return x
		}
		seen[x] = true
	}
	return ""
}

// checkWindow returns the catalogue key of what is wrong with a window, or "".
func checkWindow(w RoundWindow) string {
	start, err1 := time.Parse(time.DateOnly, w.StartsOn)
	end, err2 := time.Parse(time.DateOnly, w.EndsOn)
	switch {
	case err1 != nil || err2 != nil:
		return "validation.date"
	case end.Before(start):
		return "validation.window_order"
	}
	return ""
}

// DefaultWindow is the window of a round planned without one: a month
// starting two weeks after today, so that teams have time to prepare.
func DefaultWindow(today time.Time) RoundWindow {
	start := today.AddDate(0, 0, 14)
	return RoundWindow{StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 1, 0).Format(time.DateOnly)}
}

// RoundInput asks for a round's preview (CONTRACT.md). PerUnit absent from
// the JSON means the default, 1; a zero or negative one sent is refused by
// its validation, not taken as the default (see UnmarshalJSON).
type RoundInput struct {
	PerUnit  int    `json:"per_unit" form:"per_unit" validate:"gte=1,lte=10"`
	Seed     uint64 `json:"seed" form:"seed"`
	Clusters string `json:"clusters" form:"clusters" validate:"omitempty,oneof=any within across"`
}

// UnmarshalJSON reads a round request, telling an absent per_unit (the
// default, 1) from one sent as 0, which the validation then refuses.
func (in *RoundInput) UnmarshalJSON(b []byte) error {
	type plain RoundInput
	var raw struct {
		plain
		PerUnit *int `json:"per_unit"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*in = RoundInput(raw.plain)
	in.PerUnit = 1
	if raw.PerUnit != nil {
		in.PerUnit = *raw.PerUnit
	}
	return nil
}

// Normalize fills the defaults: K = 1, clusters ignored.
func (in *RoundInput) Normalize() {
	if in.PerUnit == 0 {
		in.PerUnit = 1
	}
	if in.Clusters == "" {
		in.Clusters = string(assign.ClustersAny)
	}
}
