package findings

import (
	"context"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
)

// AuditView is an audit as GET /api/v1/audits/{id} gives it (CONTRACT.md),
// with the plan's day, the meetings, the progress and, once submitted, the
// findings.
type AuditView struct {
	ID                 int64              `json:"id"`
	Status             string             `json:"status"`
	AuditorUnit        string             `json:"auditor_unit"`
	AuditeeUnit        string             `json:"auditee_unit"`
	PlannedDate        string             `json:"planned_date"`
	ProgrammeID        int64              `json:"programme_id"`
	Round              int                `json:"round"`
	ChecklistVersionID int64              `json:"checklist_version_id"`
	Team               []audit.TeamMember `json:"team"`
	Items              []ItemView         `json:"items"`
	Progress           *conduct.Progress  `json:"progress,omitempty"`
	Meeting            conduct.Meeting    `json:"meeting"`
	Findings           []Finding          `json:"findings,omitempty"`
	// VerificationCode is the code printed on the issued report, by which
	// anyone may check it at /verify/{code}; empty before issue.
	VerificationCode string `json:"verification_code,omitempty"`
}

// ItemView is one item of an AuditView. Answer is null for a caller who
// may not see answers yet (the audited unit before submission).
type ItemView struct {
	ItemID      string               `json:"item_id"`
	Clause      string               `json:"clause"`
	Kind        string               `json:"kind"`
	TextVI      string               `json:"text_vi"`
	TextEN      string               `json:"text_en"`
	GuidanceVI  string               `json:"guidance_vi"`
	GuidanceEN  string               `json:"guidance_en"`
	LegalRefsVI string               `json:"legal_refs_vi,omitempty"` // version 2 of the built-in on
	LegalRefsEN string               `json:"legal_refs_en,omitempty"`
	Unit        string               `json:"unit,omitempty"`
	Target      string               `json:"target,omitempty"`
	Answer      *conduct.Answer      `json:"answer"`
	Suggested   string               `json:"suggested,omitempty"`
	Attachments []conduct.Attachment `json:"attachments,omitempty"`
}

// View returns the audit as the API gives it; withAnswers says whether the
// caller may see answers, evidence and findings.
func (s *Store) View(ctx context.Context, p *audit.Audit, withAnswers bool) (*AuditView, error) {
	sheet, err := s.Conduct.Sheet(ctx, p)
	if err != nil {
		return nil, err
	}
	m, err := s.Conduct.Meeting(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	if withAnswers && (p.Status == audit.StatusSubmitted || p.Status == audit.StatusIssued) {
		if findings, err = s.Findings(ctx, FindingFilter{AuditID: p.ID}); err != nil {
			return nil, err
		}
	}
	v := NewAuditView(p, sheet, m, findings, withAnswers)
	if p.Status == audit.StatusIssued {
		if v.VerificationCode, err = s.VerificationCode(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// NewAuditView builds the view of an audit from its parts.
func NewAuditView(p *audit.Audit, s *conduct.Sheet, m conduct.Meeting, findings []Finding, withAnswers bool) *AuditView {
	v := &AuditView{ID: p.ID, Status: p.Status, AuditorUnit: p.AuditorUnit, AuditeeUnit: p.AuditeeUnit, PlannedDate: p.PlannedDate,
		ProgrammeID: p.ProgrammeID, Round: p.Round, ChecklistVersionID: p.ChecklistVersionID, Team: p.Team, Items: []ItemView{},
		Meeting: m, Findings: findings}
	for _, si := range s.Items() {
		iv := ItemView{ItemID: si.Code, Clause: si.Clause, Kind: si.Kind, TextVI: si.TextVI, TextEN: si.TextEN,
			GuidanceVI: si.GuidanceVI, GuidanceEN: si.GuidanceEN, LegalRefsVI: si.LegalRefsVI, LegalRefsEN: si.LegalRefsEN,
			Unit: si.Unit, Target: si.Target}
		if withAnswers {
			a := si.Answer
			iv.Answer, iv.Suggested, iv.Attachments = &a, string(si.Suggested), si.Attachments
		}
		v.Items = append(v.Items, iv)
	}
	if withAnswers {
		v.Progress = &conduct.Progress{Answered: s.Answered, Total: s.Total}
	}
	return v
}
