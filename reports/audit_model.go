package reports

import (
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// AuditReport is everything the audit report shows (ISO 19011 §6.5 under
// the heading of Decree 30/2020/NĐ-CP), in plain values: BuildAuditReport
// fills it from the audit's records and drawAuditReport draws it.
type AuditReport struct {
	AuditID int64
	Status  string
	// The heading: the number and symbol (empty on a draft), the place and
	// day. The report is the audit team's (ISO 19011 §6.5.1: the team
	// leader is responsible for it), so its letterhead names the organiser
	// as the parent body and the team as the issuing body, which the
	// renderer prints as TeamBody's translation; the team's leader signs
	// it with the audited unit's representative beside (as the minutes).
	// Organiser is the owning organisation (the audit client).
	ParentBody  string
	IssuingBody string // "": the audit team, printed as the catalogue's report.audit.team_body
	Organiser   string
	Lead        string // the team leader's name, who signs
	Number      string
	Place       string
	Date        time.Time
	Draft       bool
	// Revision is 1 for the first issue; a later one replaces Replaces.
	Revision       int
	Replaces       string
	RevisionReason string

	Programme   string
	Year        int
	Round       int
	AuditorUnit Unit
	AuditeeUnit Unit
	Objectives  string
	Scope       string
	Criteria    string // the checklist and its version
	// LegalBases are the legal texts the organiser's profile lists, named
	// among the audit criteria beside the checklist.
	LegalBases   []string
	AuditPlace   string
	PlannedDate  string // yyyy-mm-dd
	OpeningDate  string // yyyy-mm-dd, "" when not recorded
	SubmittedOn  string // yyyy-mm-dd
	Team         []audit.TeamMember
	Participants string // of the audited unit, as the opening meeting recorded them
	Guide        string
	// Representative of the audited unit at the closing meeting, whether it
	// agreed, and what it disagreed with.
	Representative string
	Agreed         *bool
	Disagreement   string

	Score    Score
	ByClause []ClauseCount
	Items    []ItemRow
	Measures []MeasureRow // the measure items with a value or a target
	NCs      []NCDetail
	Others   []NCDetail // observations and opportunities for improvement
}

// Unit is a unit by code and full name.
type Unit struct{ Code, Name string }

// Score is an audit's score (DOMAIN.md, checklist.ScorePercent): the share
// of applicable items whose result is conform, an observation or an
// improvement, a major counting as three failed items.
type Score struct {
	Applicable int
	Favourable int
	Percent    float64
	// ByResult counts items by result code (conform, minor, …, na).
	ByResult map[checklist.Result]int
}

// ClauseCount is the summary of one top-level clause.
type ClauseCount struct {
	Clause   string
	TitleVI  string
	TitleEN  string
	ByResult map[checklist.Result]int
	Total    int
}

// ItemRow is one row of the findings table: every item with its result
// (the finding's grade once the lead corrected it) and evidence.
type ItemRow struct {
	Clause   string
	Code     string
	Question string
	Result   checklist.Result
	Evidence string
}

// MeasureRow is a measure item: the value the auditor found against its
// target, in its unit. Met is nil when there is no value or no target.
type MeasureRow struct {
	Clause   string
	Code     string
	Question string
	Unit     string
	Target   string // canonical form (>=98), "" when none
	Value    *float64
	Met      *bool
}

// NCDetail is a finding in detail, with its photos. A nonconformity is
// printed as its requirement (Draft's clause and criterion), its objective
// evidence (Evidence, and a measure's value) and what is not met
// (Statement, when the auditor wrote it: Draft.Written).
type NCDetail struct {
	No        int
	FindingID int64
	Clause    string
	Item      string
	Grade     string
	Statement string
	Evidence  string
	Draft     findings.Draft
	// Repeat is the earlier nonconformity this one repeats, nil when none.
	Repeat *findings.Earlier
	Photos []pdfdoc.Photo
	// Files are the evidence attachments that are not drawable images,
	// named.
	Files []string
}

// AuditInput is what BuildAuditReport reads: the audit's records as the
// audit package gives them.
type AuditInput struct {
	Plan      *audit.Audit
	Sheet     *conduct.Sheet
	Meeting   conduct.Meeting
	Findings  []findings.Finding
	Owner     Owner
	Submitted string // yyyy-mm-dd
	// Images are the attachments' bytes by attachment id, for the findings'
	// photos.
	Images map[int64][]byte
	// Earlier are the nonconformities the findings repeat, by ID.
	Earlier map[int64]findings.Earlier
	// Issue is the number and day of the report being issued; nil for a
	// draft, dated Today.
	Issue *IssueInfo
	Today time.Time
}

// Owner is the organisation that owns the programme, as the programme
// keeps it: the letterhead, and in Profile its signers, legal bases and
// form codes.
type Owner struct {
	ID         int64
	Name       string
	ParentName string
	Place      string
	Profile    org.Profile
}

// ownerOf is the owner a report source names.
func ownerOf(src findings.ReportSource) Owner {
	return Owner{ID: src.OwnerID, Name: src.OwnerName, ParentName: src.ParentName, Place: src.Place, Profile: src.Organiser}
}

// IssueInfo is what issuing adds to a report.
type IssueInfo struct {
	Number string
	Code   string
	URL    string
	At     time.Time
	// Signed is the signing day from the outgoing register, when the
	// report was registered as it was issued; the report is dated by it.
	Signed         time.Time
	Revision       int
	Replaces       string
	RevisionReason string
}

// BuildAuditReport makes the report's view model. It is pure: the same
// input gives the same report.
func BuildAuditReport(in AuditInput) *AuditReport {
	p := in.Plan
	r := &AuditReport{AuditID: p.ID, Status: p.Status, ParentBody: in.Owner.Name, Organiser: in.Owner.Name,
		LegalBases: in.Owner.Profile.LegalBases, Lead: leadOf(p.Team), Place: in.Owner.Place, Date: in.Today, Draft: in.Issue == nil, Revision: 0,
		Programme: p.ProgrammeName, Year: p.Year, Round: p.Round,
		AuditorUnit: Unit{p.AuditorUnit, p.AuditorUnitName}, AuditeeUnit: Unit{p.AuditeeUnit, p.AuditeeUnitName},
		Objectives: p.Objectives, Scope: p.Scope, Criteria: p.Criteria, AuditPlace: p.Place, PlannedDate: p.PlannedDate,
		OpeningDate: in.Meeting.OpeningDate, SubmittedOn: in.Submitted, Team: p.Team, Participants: in.Meeting.Participants,
		Guide: in.Meeting.Guide}
	if in.Issue != nil {
		r.Number, r.Date, r.Revision = in.Issue.Number, in.Issue.At, in.Issue.Revision
		if !in.Issue.Signed.IsZero() {
			r.Date = in.Issue.Signed
		}
		r.Replaces, r.RevisionReason = in.Issue.Replaces, in.Issue.RevisionReason
	}
	if c := in.Meeting.Closing; c != nil {
		agreed := c.Agreed
		r.Representative, r.Agreed, r.Disagreement = c.Representative, &agreed, c.Disagreement
	}
	graded := map[string]findings.Finding{}
	for _, f := range in.Findings {
		graded[f.ItemID] = f
	}
	r.Score.ByResult = map[checklist.Result]int{}
	clauses := map[string]*ClauseCount{}
	for _, sec := range in.Sheet.Sections {
		cc := &ClauseCount{Clause: sec.Clause.Code, TitleVI: sec.Clause.TitleVI, TitleEN: sec.Clause.TitleEN, ByResult: map[checklist.Result]int{}}
		clauses[sec.Clause.Code] = cc
		r.ByClause = append(r.ByClause, *cc)
	}
	for _, si := range in.Sheet.Items() {
		res := si.Answer.Result
		if f, ok := graded[si.Code]; ok {
			res = checklist.Result(f.Grade)
		}
		r.Items = append(r.Items, ItemRow{Clause: si.Clause, Code: si.Code, Question: si.TextVI, Result: res, Evidence: si.Answer.Note})
		if m, ok := measureOf(si); ok {
			r.Measures = append(r.Measures, m)
		}
		if res == "" {
			continue
		}
		r.Score.ByResult[res]++
		cc := clauses[si.Section()]
		cc.ByResult[res]++
		cc.Total++
		if res != checklist.NA {
			r.Score.Applicable++
			if !conduct.IsNonconformity(res) {
				r.Score.Favourable++
			}
		}
	}
	for i := range r.ByClause {
		r.ByClause[i] = *clauses[r.ByClause[i].Clause]
	}
	r.Score.Percent, _ = checklist.ScorePercent(r.Score.Favourable, r.Score.Applicable, r.Score.ByResult[checklist.Major])
	r.NCs, r.Others = details(in)
	return r
}

// details lists the nonconformities, majors first, then the other
// findings, each numbered, with the photos attached to its item.
func details(in AuditInput) (ncs, others []NCDetail) {
	drafts := findings.Drafts(in.Sheet, in.Findings)
	atts := map[string][]conduct.Attachment{}
	for _, si := range in.Sheet.Items() {
		atts[si.Code] = si.Attachments
	}
	for _, grade := range findings.Grades {
		for _, f := range in.Findings {
			if f.Grade != grade {
				continue
			}
			d := NCDetail{FindingID: f.ID, Clause: f.Clause, Item: f.ItemID, Grade: f.Grade, Statement: f.Statement, Evidence: f.Evidence,
				Draft: drafts[f.ID]}
			if f.RepeatOf != nil {
				if e, ok := in.Earlier[*f.RepeatOf]; ok {
					d.Repeat = &e
				}
			}
			for _, a := range atts[f.ItemID] {
				if ph, ok := pdfdoc.PreparePhoto(in.Images[a.ID]); a.IsImage() && ok {
					d.Photos = append(d.Photos, ph)
				} else {
					d.Files = append(d.Files, a.Filename)
				}
			}
			if f.IsNonconformity() {
				d.No = len(ncs) + 1
				ncs = append(ncs, d)
			} else {
				d.No = len(others) + 1
				others = append(others, d)
			}
		}
	}
	return ncs, others
}

// leadOf is the name of the team's leader, "" when the team has none.
func leadOf(team []audit.TeamMember) string {
	for _, m := range team {
		if m.Role == audit.TeamLead {
			return m.DisplayName
		}
	}
	return ""
}

// measureOf is a measure item's row: its value against its target. Check
// items and measures with neither value nor target have none.
func measureOf(si *conduct.SheetItem) (MeasureRow, bool) {
	if si.Kind != checklist.KindMeasure || (si.Answer.Value == nil && si.Target == "") {
		return MeasureRow{}, false
	}
	m := MeasureRow{Clause: si.Clause, Code: si.Code, Question: si.TextVI, Unit: si.Unit, Value: si.Answer.Value}
	if t, err := checklist.ParseTarget(si.Target); err == nil && t.Set() {
		m.Target = t.String()
		if m.Value != nil {
			met := t.Met(*m.Value)
			m.Met = &met
		}
	}
	return m, true
}
