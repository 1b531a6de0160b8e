package reports

import (
	"context"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Minutes are the closing-meeting minutes of an audit (biên bản họp kết
// thúc), printed to be signed on site: who attended, the findings as the
// team presents them with the score, and the audited unit's agreement or
// disagreement, written in when the closing meeting was recorded and left
// to fill by hand otherwise.
type Minutes struct {
	AuditID int64
	Owner   Owner
	Date    time.Time
	// Number is the minutes' number, allocated when they are first printed
	// ("3/BB-ĐGNB"); "" prints a blank number.
	Number       string
	Programme    string
	Round        int
	Auditee      Unit
	Auditor      Unit
	Place        string
	Day          string // yyyy-mm-dd: the opening meeting's, else the planned day
	Team         []audit.TeamMember
	Lead         string
	Participants string
	Score        Score
	// Findings are the items graded other than conform or not applicable,
	// nonconformities first (majors, then minors), numbered.
	Findings []MinutesFinding
	// Closing is nil until the closing meeting is recorded.
	Closing *conduct.Closing
	// Signatures are the signatures drawn on the tablet at the closing
	// meeting, by signer (conduct.SignerRepresentative, SignerLead); a
	// signer absent signs by hand in the blank space.
	Signatures map[string]conduct.Signature
}

// MinutesFinding is one finding as the minutes list it.
type MinutesFinding struct {
	No       int
	Clause   string
	Item     string
	Grade    checklist.Result
	Question string
	Evidence string
}

// Count counts the findings of a grade.
func (m *Minutes) Count(g checklist.Result) int { return m.Score.ByResult[g] }

// MinutesInput is what BuildMinutes reads: the audit as its report reads
// it, without the photos.
type MinutesInput struct {
	Plan     *audit.Audit
	Sheet    *conduct.Sheet
	Meeting  conduct.Meeting
	Findings []findings.Finding
	Owner    Owner
	Number   string
	Today    time.Time
	// Signatures are the closing meeting's, by signer.
	Signatures map[string]conduct.Signature
}

// minutesGrades is the order findings are listed in.
var minutesGrades = []checklist.Result{checklist.Major, checklist.Minor, checklist.Observation, checklist.Improvement}

// BuildMinutes makes the minutes' view model. It is pure. The items are
// graded as the report grades them: the finding's grade once the lead
// corrected it, else the answer's result, so that the minutes of an audit
// still in progress list what the team found so far.
func BuildMinutes(in MinutesInput) *Minutes {
	rep := BuildAuditReport(AuditInput{Plan: in.Plan, Sheet: in.Sheet, Meeting: in.Meeting, Findings: in.Findings, Owner: in.Owner, Today: in.Today})
	p := in.Plan
	m := &Minutes{AuditID: p.ID, Owner: in.Owner, Date: in.Today, Number: in.Number, Programme: p.ProgrammeName, Round: p.Round,
		Auditee: rep.AuditeeUnit, Auditor: rep.AuditorUnit, Place: or(p.Place, p.AuditeeUnitName), Day: or(in.Meeting.OpeningDate, p.PlannedDate),
		Team: p.Team, Participants: in.Meeting.Participants, Score: rep.Score, Closing: in.Meeting.Closing, Signatures: in.Signatures}
	// Minutes are dated the day of the meeting they record, not the day
	// they are printed.
	if day, err := time.ParseInLocation(time.DateOnly, m.Day, i18n.Zone); err == nil {
		m.Date = day.Add(12 * time.Hour)
	}
	if l := p.Lead(); l != nil {
		m.Lead = l.DisplayName
	}
	for _, g := range minutesGrades {
		for _, it := range rep.Items {
			if it.Result == g {
				m.Findings = append(m.Findings, MinutesFinding{No: len(m.Findings) + 1, Clause: it.Clause, Item: it.Code, Grade: g,
					Question: it.Question, Evidence: it.Evidence})
			}
		}
	}
	return m
}

// MinutesInput reads an audit for its closing-meeting minutes. Returns
// apperr.NotFound.
func (l *Loader) MinutesInput(ctx context.Context, p *audit.Audit) (MinutesInput, error) {
	c := l.Findings
	in := MinutesInput{Plan: p, Today: c.DB.Now()}
	var err error
	if in.Sheet, err = c.Conduct.Sheet(ctx, p); err != nil {
		return in, err
	}
	if in.Meeting, err = c.Conduct.Meeting(ctx, p.ID); err != nil {
		return in, err
	}
	if in.Meeting.Closing != nil {
		if in.Signatures, err = c.Conduct.Signatures(ctx, p.ID); err != nil {
			return in, err
		}
	}
	if p.Status == audit.StatusSubmitted || p.Status == audit.StatusIssued {
		if in.Findings, err = c.Findings(ctx, findings.FindingFilter{AuditID: p.ID}); err != nil {
			return in, err
		}
	}
	src, err := c.ReportSource(ctx, p.ID)
	in.Owner = ownerOf(src)
	return in, err
}
