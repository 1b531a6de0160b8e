package audit

import (
	"slices"
	"sort"
)

// Team roles (CONTRACT.md, ISO 19011): the lead (trưởng đoàn), auditors
// (chuyên gia đánh giá), a technical expert and an observer.
const (
	TeamLead     = "lead"
	TeamAuditor  = "auditor"
	TeamExpert   = "expert"
	TeamObserver = "observer"
)

// TeamRoles lists the roles in the order a plan shows them.
var TeamRoles = []string{TeamLead, TeamAuditor, TeamExpert, TeamObserver}

// MaxTeam is how many certified auditors a confirmed round puts on a team:
// cross-evaluation teams are usually two or three officers.
const MaxTeam = 3

// TeamMember is one person on an audit's team.
type TeamMember struct {
	UserID      int64  `json:"-"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
}

// Candidate is an auditor of the auditing unit, with what decides whether
// they may be on a team.
type Candidate struct {
	UserID      int64
	Username    string
	DisplayName string
	UnitCode    string
	// Certificates as [issued, expires] day pairs (yyyy-mm-dd).
	Certificates [][2]string
	// Conflicts are the unit codes the person declared a conflict with.
	Conflicts []string
	// Office is true for the reform office's staff, who join a team only
	// when the office puts them on it (as its lead, say), never by the
	// automatic choice of a confirmed round.
	Office bool
}

// QualifiedOn reports whether the candidate holds a certificate valid on
// day (yyyy-mm-dd): ISO 9001 §7.2 competence.
func (c Candidate) QualifiedOn(day string) bool {
	for _, cert := range c.Certificates {
		if cert[0] <= day && day <= cert[1] {
			return true
		}
	}
	return false
}

// earliestCertificate is when the candidate was first certified, the proxy
// for experience that picks the lead.
func (c Candidate) earliestCertificate() string {
	first := "9999-12-31"
	for _, cert := range c.Certificates {
		first = min(first, cert[0])
	}
	return first
}

// Eligible reports whether the candidate may audit auditee on day: from the
// auditing unit, never from the audited one, certified that day, and with
// no declared conflict with the audited unit.
func (c Candidate) Eligible(auditorUnit, auditee, day string) bool {
	if c.Office || c.UnitCode != auditorUnit || c.UnitCode == auditee || !c.QualifiedOn(day) {
		return false
	}
	for _, u := range c.Conflicts {
		if u == auditee {
			return false
		}
	}
	return true
}

// SelectTeam picks up to MaxTeam eligible candidates, the longest certified
// as lead, ties broken by username so that the choice is reproducible. It
// returns nil when nobody is eligible.
func SelectTeam(cands []Candidate, auditorUnit, auditee, day string) []TeamMember {
	var ok []Candidate
	for _, c := range cands {
		if c.Eligible(auditorUnit, auditee, day) {
			ok = append(ok, c)
		}
	}
	sort.Slice(ok, func(i, j int) bool {
		a, b := ok[i].earliestCertificate(), ok[j].earliestCertificate()
		if a != b {
			return a < b
		}
		return ok[i].Username < ok[j].Username
	})
	var team []TeamMember
	for i, c := range ok {
		if i == MaxTeam {
			break
		}
		role := TeamAuditor
		if i == 0 {
			role = TeamLead
		}
		team = append(team, TeamMember{UserID: c.UserID, Username: c.Username, DisplayName: c.DisplayName, Role: role})
	}
	return team
}

// Why a person may not join a team in the role asked (JoinRefusal).
const (
	refusedAudited     = "audit.member_from_auditee"
	refusedConflict    = "audit.member_conflict"
	refusedUncertified = "audit.member_uncertified"
	refusedOtherUnit   = "audit.member_other_unit"
)

// JoinRefusal says why c may not join an audit's team as role, or "" when
// they may (ISO 19011 roles, DOMAIN.md): nobody from the audited unit, nor
// anyone who declared a conflict with it; the lead and the auditors hold a
// certificate valid on the audit's day and come from the auditing unit or
// from the reform office (the lead sometimes does); a technical expert or an
// observer needs no certificate, from any unit. The answer is an i18n key.
func (c Candidate) JoinRefusal(role, auditorUnit, auditee, day string) string {
	switch {
	case c.UnitCode == auditee:
		return refusedAudited
	case slices.Contains(c.Conflicts, auditee):
		return refusedConflict
	case role == TeamExpert || role == TeamObserver:
		return ""
	case !c.Office && c.UnitCode != auditorUnit:
		return refusedOtherUnit
	case !c.QualifiedOn(day):
		return refusedUncertified
	}
	return ""
}
