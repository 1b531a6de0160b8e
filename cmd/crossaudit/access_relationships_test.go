package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Two relationships to an audit beyond TestWhoMayDoWhat's six kinds of
// caller: CONTRACT.md counts both among "other auditors", but each is one
// step from the audit, where a unit-based check is most easily wrong.
const (
	asUnitAuditor    = callers + iota // an auditor of the auditing unit who is not on the team
	asAuditedAuditor                  // an auditor of the audited unit
	relations
)

var relationNames = [relations]string{
	"admin", "office", "team lead", "auditor of an unrelated unit", "auditee of the audited unit",
	"auditee of an unrelated unit", "auditor of the auditing unit not on the team", "auditor of the audited unit",
}

// rmay says which kinds of caller may pass, in relation order: admin,
// office, team lead, unrelated auditor, audited unit's auditee, unrelated
// auditee, the auditing unit's other auditor, the audited unit's auditor.
type rmay [relations]bool

// auditRules mirrors CONTRACT.md's "Who may do what" for one audit; each
// comment names the table's row. The plan page follows issue 7 ("visible to
// the audited unit (plan and team only, before submission)"); a
// nonconformity is read like its audit once submitted.
var auditRules = map[string]rmay{
	// "read an audit" before submission: the audited unit opens it but sees
	// plan and team only (rows with answers set check that no answer shows).
	"read before submission": {true, true, true, false, true, false, false, false},
	// What is nothing but findings (photos, the draft report), before
	// submission: not the audited unit.
	"findings before submission": {true, true, true, false, false, false, false, false},
	// "read an audit" once submitted: the audited unit sees all.
	"read once submitted": {true, true, true, false, true, false, false, false},
	// "read an audit": plan and team, before and after.
	"read the plan": {true, true, true, false, true, false, false, false},
	// A nonconformity is read like its audit once submitted: the auditing
	// unit's auditors who are not on the team are CONTRACT's "other
	// auditors" ("those it raised" in issue 10 is the team's raising).
	"read a nonconformity": {true, true, true, false, true, false, false, false},
	// "answer, attach, submit": the team, until submitted.
	"conduct": {false, false, true, false, false, false, false, false},
	// "units, checklists, programmes, rounds, teams" plus issue 7: the plan is
	// edited by the team before the audit.
	"edit the plan": {true, true, true, false, false, false, false, false},
	// "units, checklists, programmes, rounds, teams": changes by the office.
	"office": {true, true, false, false, false, false, false, false},
	// "edit a finding's grade or statement": lead until issued.
	"edit a finding": {true, true, true, false, false, false, false, false},
	// "issue the report": lead.
	"issue": {true, true, true, false, false, false, false, false},
	// "a nonconformity: root cause, correction, actions, implement".
	"nonconformity, audited side": {true, true, false, false, true, false, false, false},
	// "accept or return a plan, verify, close, reopen": lead.
	"nonconformity, auditing side": {true, true, true, false, false, false, false, false},
	// Issue 24: the audited unit proposes another day for its audit (its
	// auditees only: the office moves days itself, the team asks the
	// office); the office answers by the "office" rule.
	"propose a date": {false, false, false, false, true, false, false, false},
}

// unitRule says who may open a page about one unit: the office and the
// administrator, the unit's own people, every auditor.
type unitRule struct{ own, auditors bool }

// unitRules mirrors the contract for pages about one unit: "units ...:
// auditors read" (a unit's procedure reconciliation is part of what auditors
// read; the unit's auditee sees its own, issue 13), the dashboard API to
// the office only but "a unit's users see their own unit's page" (issue
// 12), and the unit's record changed by the office only.
var unitRules = map[string]unitRule{
	"unit procedures": {own: true, auditors: true},
	"unit dashboard":  {own: true},
	"manage the unit": {},
	// Training needs (issue 25): the office's, and a unit's own people
	// read their unit's, like its dashboard page.
	"unit training needs": {own: true},
}

// relRow is one route about one audit, nonconformity or unit, as the
// router registers it, with the demo record it is tried on and its rule.
type relRow struct {
	method, route string
	fixture       string // a key of fixtureStates
	on            string // what :id or :code names: audit, nc, auditee unit, auditor unit
	rule          string // a key of auditRules or unitRules
	form          url.Values
	json          any
	file          string // for uploads: the field of the file
	// answers: the response shows the audit's answers to whoever may see
	// findings, and must show none to the audited unit before submission.
	answers bool
}

// path fills a route's parameters from the fixture: :id and :code with the
// record the row is about, the others with that record's attachment,
// action, evidence or item.
func (r relRow) path(f *relFixture) string {
	p := r.route
	var id string
	switch r.on {
	case "audit":
		id = fmt.Sprint(f.audit)
	case "nc":
		id = fmt.Sprint(f.nc)
	case "auditee unit":
		id = f.auditeeUnit
	case "auditor unit":
		id = f.auditorUnit
	}
	p = strings.Replace(p, ":id", id, 1)
	p = strings.Replace(p, ":code", id, 1)
	aid := f.attachment
	if r.on == "nc" {
		aid = f.action
	}
	return strings.NewReplacer(":aid", fmt.Sprint(aid), ":eid", fmt.Sprint(f.evidence), ":item", f.item, ":kind", "portal",
		":pid", fmt.Sprint(f.proposal)).Replace(p)
}

// may says whether a kind of caller passes the row.
func (r relRow) may(f *relFixture, who int) bool {
	if m, ok := auditRules[r.rule]; ok {
		return m[who]
	}
	u := unitRules[r.rule]
	unit := f.auditeeUnit
	if r.on == "auditor unit" {
		unit = f.auditorUnit
	}
	return who == asAdmin || who == asOffice || (u.own && f.unitOf[who] == unit) || (u.auditors && isAuditor(who))
}

func isAuditor(who int) bool {
	return who == asTeam || who == asOtherAuditor || who == asUnitAuditor || who == asAuditedAuditor
}

// future is a due date no rule refuses.
const future = "2099-12-31"

// relationRows lists every route about one audit, one nonconformity or one
// unit. Pages and the posts of their forms, and the API behind them; the
// posts carry a request that would succeed for an allowed caller, so that
// a refused caller let through would change something.
func relationRows() []relRow {
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	get := http.MethodGet
	post := http.MethodPost
	rows := []relRow{
		// The audit page, before and after submission.
		{method: get, route: "/audits/:id", fixture: "planned", on: "audit", rule: "read before submission"},
		{method: get, route: "/audits/:id", fixture: "in_progress", on: "audit", rule: "read before submission", answers: true},
		{method: get, route: "/audits/:id", fixture: "submitted", on: "audit", rule: "read once submitted"},
		{method: get, route: "/audits/:id", fixture: "issued", on: "audit", rule: "read once submitted"},
		// The items' fields that the audit page fetches: the team's only.
		{method: get, route: "/audits/:id/forms", fixture: "in_progress", on: "audit", rule: "conduct", answers: true},
		{method: get, route: "/api/v1/audits/:id", fixture: "in_progress", on: "audit", rule: "read before submission", answers: true},
		{method: get, route: "/api/v1/audits/:id", fixture: "issued", on: "audit", rule: "read once submitted"},
		// Its plan page.
		{method: get, route: "/audits/:id/plan", fixture: "planned", on: "audit", rule: "read the plan"},
		{method: get, route: "/audits/:id/plan", fixture: "submitted", on: "audit", rule: "read the plan"},
		{method: get, route: "/api/v1/audits/:id/plan", fixture: "planned", on: "audit", rule: "read the plan"},
		{method: get, route: "/api/v1/audits/:id/decision.pdf", fixture: "planned", on: "audit", rule: "read the plan"},
		{method: get, route: "/api/v1/audits/:id/decision.docx", fixture: "planned", on: "audit", rule: "read the plan"},
		// Its procedures panel.
		{method: get, route: "/audits/:id/procedures", fixture: "in_progress", on: "audit", rule: "read before submission"},
		{method: get, route: "/audits/:id/procedures", fixture: "submitted", on: "audit", rule: "read once submitted"},
		{method: get, route: "/api/v1/audits/:id/procedures", fixture: "in_progress", on: "audit", rule: "read before submission"},
		// Its printable forms and files.
		{method: get, route: "/api/v1/audits/:id/report.pdf", fixture: "in_progress", on: "audit", rule: "findings before submission"},
		{method: get, route: "/api/v1/audits/:id/report.pdf", fixture: "issued", on: "audit", rule: "read once submitted"},
		{method: get, route: "/api/v1/audits/:id/report.docx", fixture: "in_progress", on: "audit", rule: "findings before submission"},
		{method: get, route: "/api/v1/audits/:id/report.docx", fixture: "issued", on: "audit", rule: "read once submitted"},
		{method: get, route: "/api/v1/audits/:id/reports", fixture: "issued", on: "audit", rule: "read once submitted"},
		{method: get, route: "/api/v1/audits/:id/minutes.pdf", fixture: "submitted", on: "audit", rule: "read once submitted"},
		{method: get, route: "/api/v1/audits/:id/attachments/:aid", fixture: "attached", on: "audit", rule: "findings before submission"},
		// A nonconformity's page, its printable request and its evidence.
		{method: get, route: "/nonconformities/:id", fixture: "nc_open", on: "nc", rule: "read a nonconformity"},
		{method: get, route: "/nonconformities/:id", fixture: "nc_plan_accepted", on: "nc", rule: "read a nonconformity"},
		{method: get, route: "/nonconformities/:id", fixture: "nc_closed", on: "nc", rule: "read a nonconformity"},
		{method: get, route: "/api/v1/nonconformities/:id", fixture: "nc_open", on: "nc", rule: "read a nonconformity"},
		{method: get, route: "/api/v1/nonconformities/:id/request.pdf", fixture: "nc_cause_analysed", on: "nc", rule: "read a nonconformity"},
		{method: get, route: "/api/v1/nonconformities/:id/evidence/:eid", fixture: "nc_with_evidence", on: "nc", rule: "read a nonconformity"},
		// The pages of the two units.
		{method: get, route: "/dashboard/units/:code", fixture: "in_progress", on: "auditee unit", rule: "unit dashboard"},
		{method: get, route: "/dashboard/units/:code", fixture: "in_progress", on: "auditor unit", rule: "unit dashboard"},
		{method: get, route: "/procedures/units/:code", fixture: "in_progress", on: "auditee unit", rule: "unit procedures"},
		{method: get, route: "/procedures/units/:code", fixture: "in_progress", on: "auditor unit", rule: "unit procedures"},
		{method: get, route: "/procedures/units/:code/export", fixture: "in_progress", on: "auditee unit", rule: "unit procedures"},
		{method: get, route: "/procedures/units/:code/export.pdf", fixture: "in_progress", on: "auditee unit", rule: "unit procedures"},
		{method: get, route: "/dashboard/units/:code/review", fixture: "in_progress", on: "auditee unit", rule: "unit dashboard"},
		{method: get, route: "/dashboard/units/:code/review", fixture: "in_progress", on: "auditor unit", rule: "unit dashboard"},
		{method: get, route: "/dashboard/units/:code/review.pdf", fixture: "in_progress", on: "auditee unit", rule: "unit dashboard"},
		{method: get, route: "/api/v1/procedures/units/:code", fixture: "in_progress", on: "auditee unit", rule: "unit procedures"},
		{method: get, route: "/api/v1/training-needs/units/:code", fixture: "in_progress", on: "auditee unit", rule: "unit training needs"},
		{method: get, route: "/api/v1/training-needs/units/:code", fixture: "in_progress", on: "auditor unit", rule: "unit training needs"},
		{method: get, route: "/units/:code/edit", fixture: "in_progress", on: "auditee unit", rule: "manage the unit"},

		// The plan page's forms.
		{method: post, route: "/audits/:id/plan", fixture: "planned", on: "audit", rule: "edit the plan",
			form: form("place", "Hội trường UBND xã", "objectives", "Đánh giá", "scope", "Toàn bộ", "guide", "")},
		{method: post, route: "/audits/:id/reschedule", fixture: "planned", on: "audit", rule: "office",
			form: form("date", "{next day}", "reason", "Đổi lịch")},
		{method: post, route: "/audits/:id/cancel", fixture: "planned", on: "audit", rule: "office", form: form("reason", "Huỷ")},
		{method: post, route: "/audits/:id/team", fixture: "planned", on: "audit", rule: "office",
			form: form("username", "{other auditor}", "role", "observer", "reason", "Bổ sung")},
		{method: http.MethodPatch, route: "/api/v1/audits/:id/plan", fixture: "planned", on: "audit", rule: "edit the plan",
			json: map[string]any{"place": "Hội trường", "objectives": "Đánh giá", "scope": "Toàn bộ"}},
		{method: post, route: "/api/v1/audits/:id/reschedule", fixture: "planned", on: "audit", rule: "office",
			json: map[string]any{"date": "{next day}", "reason": "Đổi lịch"}},
		{method: post, route: "/api/v1/audits/:id/cancel", fixture: "planned", on: "audit", rule: "office", json: map[string]any{"reason": "Huỷ"}},
		{method: post, route: "/api/v1/audits/:id/team", fixture: "planned", on: "audit", rule: "office",
			json: map[string]any{"username": "{other auditor}", "role": "observer", "reason": "Bổ sung"}},
		// The plan page's part about another day (issue 24), and its API.
		{method: get, route: "/api/v1/audits/:id/date-proposals", fixture: "date_proposal", on: "audit", rule: "read the plan"},
		{method: post, route: "/audits/:id/date-proposals", fixture: "planned", on: "audit", rule: "propose a date",
			form: form("date", "{workday ahead}", "reason", "Trùng lịch họp HĐND xã")},
		{method: post, route: "/api/v1/audits/:id/date-proposals", fixture: "planned", on: "audit", rule: "propose a date",
			json: map[string]any{"date": "{workday ahead}", "reason": "Trùng lịch họp HĐND xã"}},
		{method: post, route: "/audits/:id/date-proposals/:pid/accept", fixture: "date_proposal", on: "audit", rule: "office", form: form()},
		{method: post, route: "/audits/:id/date-proposals/:pid/decline", fixture: "date_proposal", on: "audit", rule: "office",
			form: form("reason", "Giữ lịch")},
		{method: post, route: "/api/v1/audits/:id/date-proposals/:pid/accept", fixture: "date_proposal", on: "audit", rule: "office", json: map[string]any{}},
		{method: post, route: "/api/v1/audits/:id/date-proposals/:pid/decline", fixture: "date_proposal", on: "audit", rule: "office",
			json: map[string]any{"reason": "Giữ lịch"}},

		// The audit page's forms, while it is conducted.
		{method: post, route: "/audits/:id/opening", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("date", "{next day}", "participants", "Ông A", "guide", "Bà B", "version", "{opening version}")},
		{method: post, route: "/audits/:id/answers/:item", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("result", "conform", "note", "Đạt", "version", "{answer version}")},
		{method: post, route: "/audits/:id/attachments", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("item_id", "{item}"), file: "file"},
		{method: get, route: "/audits/:id/attachments/:aid/delete", fixture: "attached", on: "audit", rule: "conduct"},
		{method: post, route: "/audits/:id/attachments/:aid/delete", fixture: "attached", on: "audit", rule: "conduct",
			form: form("item_id", "{item}", "confirm", "1")},
		{method: get, route: "/audits/:id/submit", fixture: "in_progress", on: "audit", rule: "conduct"},
		{method: post, route: "/audits/:id/submit", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("representative", "Bà C", "agreed", "1", "confirm", "1")},
		{method: post, route: "/audits/:id/procedures/evidence", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("item", "T01", "key", "missing_process")},
		{method: http.MethodPut, route: "/api/v1/audits/:id/answers/:item", fixture: "in_progress", on: "audit", rule: "conduct",
			json: map[string]any{"result": "conform", "note": "Đạt", "version": "{answer version}"}},
		{method: http.MethodPut, route: "/api/v1/audits/:id/opening", fixture: "in_progress", on: "audit", rule: "conduct",
			json: map[string]any{"date": "{next day}", "participants": "Ông A", "guide": "Bà B", "version": "{opening version}"}},
		{method: post, route: "/api/v1/audits/:id/attachments", fixture: "in_progress", on: "audit", rule: "conduct",
			form: form("item_id", "{item}"), file: "file"},
		{method: http.MethodDelete, route: "/api/v1/audits/:id/attachments/:aid", fixture: "attached", on: "audit", rule: "conduct"},
		{method: post, route: "/api/v1/audits/:id/submit", fixture: "in_progress", on: "audit", rule: "conduct", json: map[string]any{}},
		{method: post, route: "/api/v1/audits/:id/procedure-evidence", fixture: "in_progress", on: "audit", rule: "conduct",
			json: map[string]any{"item_id": "T01", "key": "missing_process"}},

		// Findings and the report of a submitted audit.
		{method: post, route: "/findings/:id", fixture: "nc_open", on: "nc", rule: "edit a finding",
			form: form("grade", "major", "statement", "Sửa")},
		{method: http.MethodPatch, route: "/api/v1/findings/:id", fixture: "nc_open", on: "nc", rule: "edit a finding",
			json: map[string]any{"grade": "major", "statement": "Sửa"}},
		{method: post, route: "/nonconformities/:id/grade", fixture: "nc_open", on: "nc", rule: "edit a finding",
			form: form("grade", "major", "statement", "Sửa")},
		{method: get, route: "/audits/:id/issue", fixture: "submitted", on: "audit", rule: "issue"},
		{method: post, route: "/audits/:id/issue", fixture: "submitted", on: "audit", rule: "issue", form: form()},
		{method: post, route: "/reports/audits/:id/issue", fixture: "submitted", on: "audit", rule: "office", form: form()},
		{method: post, route: "/api/v1/audits/:id/issue", fixture: "submitted", on: "audit", rule: "issue"},
		{method: post, route: "/api/v1/audits/:id/revisions", fixture: "issued", on: "audit", rule: "issue",
			json: map[string]any{"reason": "Sửa lỗi chính tả"}},

		// A nonconformity page's forms, each in the state where it applies.
		{method: post, route: "/nonconformities/:id/analysis", fixture: "nc_open", on: "nc", rule: "nonconformity, audited side",
			form: form("root_cause", "Chưa phân công", "correction", "Phân công", "similar_cases", "Không", "cause_category", "method")},
		{method: http.MethodPatch, route: "/api/v1/nonconformities/:id", fixture: "nc_open", on: "nc", rule: "nonconformity, audited side",
			json: map[string]any{"root_cause": "Chưa phân công", "correction": "Phân công"}},
		{method: post, route: "/nonconformities/:id/extend", fixture: "nc_open", on: "nc", rule: "office",
			form: form("plan_due", future, "reason", "Gia hạn")},
		{method: post, route: "/api/v1/nonconformities/:id/extend", fixture: "nc_open", on: "nc", rule: "office",
			json: map[string]any{"plan_due": future, "reason": "Gia hạn"}},
		{method: post, route: "/nonconformities/:id/actions", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			form: form("description", "Phân công theo dõi", "owner", "{auditee}", "due_date", future)},
		{method: post, route: "/api/v1/nonconformities/:id/actions", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			json: map[string]any{"description": "Phân công theo dõi", "owner": "{auditee}", "due_date": future}},
		{method: get, route: "/nonconformities/:id/actions/:aid/remove", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side"},
		{method: post, route: "/nonconformities/:id/actions/:aid", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			form: form("description", "Phân công lại", "owner", "{auditee}", "due_date", future)},
		{method: post, route: "/nonconformities/:id/actions/:aid/remove", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			form: form("confirm", "1")},
		{method: http.MethodPatch, route: "/api/v1/nonconformities/:id/actions/:aid", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			json: map[string]any{"description": "Phân công lại"}},
		{method: http.MethodDelete, route: "/api/v1/nonconformities/:id/actions/:aid", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side"},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_plan_submitted", on: "nc", rule: "nonconformity, auditing side",
			form: form("to", "plan_accepted", "note", "Đồng ý")},
		{method: post, route: "/api/v1/nonconformities/:id/transition", fixture: "nc_plan_submitted", on: "nc", rule: "nonconformity, auditing side",
			json: map[string]any{"to": "plan_accepted", "note": "Đồng ý"}},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			form: form("to", "plan_submitted", "note", "Trình kế hoạch")},
		{method: post, route: "/api/v1/nonconformities/:id/transition", fixture: "nc_cause_analysed", on: "nc", rule: "nonconformity, audited side",
			json: map[string]any{"to": "plan_submitted", "note": "Trình kế hoạch"}},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_plan_submitted", on: "nc", rule: "nonconformity, auditing side",
			form: form("to", "cause_analysed", "note", "Chưa đạt, làm lại")},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_plan_accepted", on: "nc", rule: "nonconformity, audited side",
			form: form("to", "implemented", "note", "Đã thực hiện")},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_implemented", on: "nc", rule: "nonconformity, auditing side",
			form: form("to", "verified", "note", "Đã kiểm tra")},
		{method: post, route: "/api/v1/nonconformities/:id/transition", fixture: "nc_implemented", on: "nc", rule: "nonconformity, auditing side",
			json: map[string]any{"to": "verified", "note": "Đã kiểm tra"}},
		{method: post, route: "/nonconformities/:id/transition", fixture: "nc_closed", on: "nc", rule: "nonconformity, auditing side",
			form: form("to", "reopened", "note", "Tái diễn")},
		{method: post, route: "/nonconformities/:id/actions/:aid/done", fixture: "nc_plan_accepted", on: "nc", rule: "nonconformity, audited side",
			form: form("note", "Đã làm")},
		{method: post, route: "/api/v1/nonconformities/:id/actions/:aid/done", fixture: "nc_plan_accepted", on: "nc", rule: "nonconformity, audited side",
			json: map[string]any{"note": "Đã làm"}},
		{method: post, route: "/nonconformities/:id/evidence", fixture: "nc_plan_accepted", on: "nc", rule: "nonconformity, audited side",
			form: form("kind", "implementation"), file: "file"},
		{method: post, route: "/api/v1/nonconformities/:id/evidence", fixture: "nc_plan_accepted", on: "nc", rule: "nonconformity, audited side",
			form: form("kind", "implementation"), file: "file"},

		// A unit's forms.
		{method: post, route: "/procedures/units/:code/import/:kind", fixture: "in_progress", on: "auditee unit", rule: "manage the unit",
			form: form(), file: "file"},
		{method: post, route: "/units/:code/edit", fixture: "in_progress", on: "auditee unit", rule: "manage the unit",
			form: form("code", "{auditee unit}", "name", "Xã Đổi Tên", "kind", "commune", "cluster", "Cụm 2")},
		{method: http.MethodPatch, route: "/api/v1/units/:code", fixture: "in_progress", on: "auditee unit", rule: "manage the unit",
			json: map[string]any{"name": "Xã Đổi Tên"}},
	}
	return rows
}

// notAboutOneAuditOrUnit lists the routes with parameters that concern no
// single audit, nonconformity or unit, and why their rule is enough.
var notAboutOneAuditOrUnit = map[string]string{}

func init() {
	for _, r := range []string{
		"/checklists/:id", "/checklists/:id/diff", "/checklists/:id/draft", "/checklists/:id/draft/discard",
		"/checklists/:id/draft/exclusions", "/checklists/:id/draft/exclusions/:clause/remove", "/checklists/:id/draft/items",
		"/checklists/:id/draft/items/:code", "/checklists/:id/draft/items/:code/move", "/checklists/:id/draft/items/:code/remove",
		"/checklists/:id/draft/new-item", "/checklists/:id/draft/publish", "/checklists/:id/print",
		"/api/v1/checklists/:id", "/api/v1/checklists/:id/blank.pdf", "/api/v1/checklists/:id/diff", "/api/v1/checklists/:id/export",
		"/api/v1/checklists/:id/versions", "/api/v1/checklists/:id/versions/:n", "/api/v1/checklists/:id/versions/:n/items/:code",
		"/api/v1/checklists/:id/versions/:n/items/:code/move", "/api/v1/checklists/:id/versions/:n/not-applicable/:clause",
		"/api/v1/checklists/:id/versions/:n/publish",
	} {
		notAboutOneAuditOrUnit[r] = "a checklist: the same for every caller of a role (CONTRACT: checklists)"
	}
	for _, r := range []string{
		"/programmes/:id", "/programmes/:id/rounds", "/programmes/:id/rounds/:n/confirm", "/programmes/:id/rounds/:n/swap", "/programmes/:id/rotation",
		"/programmes/:id/transition", "/programmes/:id/complete", "/programmes/:id/conclusions", "/api/v1/programmes/:id", "/api/v1/programmes/:id/actions.pdf", "/api/v1/programmes/:id/report.pdf",
		"/api/v1/programmes/:id/report.docx",
		"/api/v1/programmes/:id/rounds", "/api/v1/programmes/:id/rounds/:n", "/api/v1/programmes/:id/rounds/:n/confirm",
		"/api/v1/programmes/:id/rounds/:n/swap", "/api/v1/programmes/:id/transition", "/api/v1/programmes/:id/rounds/:n/schedule",
		"/register/conflicts/:id/delete", "/api/v1/conflicts/:id", "/api/v1/rounds/:id/plan.pdf", "/api/v1/rounds/:id/plan.docx",
		"/rounds/:id/plan/register", "/api/v1/rounds/:id/plan/register", "/audits/:id/decision/register", "/api/v1/audits/:id/decision/register",
	} {
		notAboutOneAuditOrUnit[r] = "a programme or the auditor register: by role (CONTRACT: programmes, rounds, teams)"
	}
	for _, r := range []string{
		"/users/:username/activate", "/users/:username/deactivate", "/users/:username/edit", "/users/:username/password",
		"/api/v1/users/:username", "/api/v1/users/:username/activate", "/api/v1/users/:username/deactivate",
		"/api/v1/users/:username/reset-password",
		"/users/:username/tokens/:id/revoke", "/api/v1/users/:username/tokens", "/api/v1/users/:username/tokens/:id",
	} {
		notAboutOneAuditOrUnit[r] = "a user: by role (CONTRACT: users of any role / of the auditor and auditee roles)"
	}
	for r, why := range map[string]string{
		"/account/tokens/:id/revoke":                 "the caller's own token",
		"/api/v1/tokens/:id":                         "the caller's own token",
		"/inbox/:id/open":                            "the caller's own inbox",
		"/verify/:code":                              "public by contract",
		"/api/v1/verify/:code":                       "public by contract",
		"/dashboard/export/:kind":                    "the whole dashboard: office and admin (CONTRACT: the dashboard API)",
		"/procedures/catalogue/:code":                "the owner's catalogue of procedures, not a unit's",
		"/procedures/import/:what":                   "the owner's catalogue and lists: office and admin",
		"/api/v1/procedures/lists/:kind":             "the office's import of every unit's lists",
		"/units/changes/scheduled/:id/cancel":        "a scheduled change of the organisation: office and admin (CONTRACT: units)",
		"/api/v1/units/changes/scheduled/:id/cancel": "a scheduled change of the organisation: office and admin (CONTRACT: units)",
		"/api/v1/rounds/:id/zip":                     "a round's documents in one ZIP: office and admin by role",
		"/reports/rounds/:id/zip":                    "a round's documents in one ZIP: office and admin by role",
		"/api/v1/zips/:job":                          "a ZIP job of the office: office and admin by role",
		"/api/v1/zips/:job/file":                     "a ZIP job of the office: office and admin by role",
		"/reports/zips/:job":                         "a ZIP job of the office: office and admin by role",
	} {
		notAboutOneAuditOrUnit[r] = why
	}
}

// TestEveryAuditOrUnitRouteHasARelationshipRow walks the router: every
// route with a parameter is either tried per unit relationship by
// TestPagesByUnitRelationship or listed as concerning no single audit,
// nonconformity or unit. A new route fails here until it is classified.
func TestEveryAuditOrUnitRouteHasARelationshipRow(t *testing.T) {
	a, err := newApp(newStores(webtest.OpenDB(t)), slog.New(slog.NewTextHandler(io.Discard, nil)), settings{params: webtest.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	classified := map[string]bool{}
	for _, r := range relationRows() {
		classified[r.method+" "+r.route] = true
	}
	var missing []string
	seen := map[string]bool{}
	for _, rt := range a.server.Echo.Routes() {
		if !strings.Contains(rt.Path, ":") || rt.Method == http.MethodHead {
			continue
		}
		seen[rt.Method+" "+rt.Path] = true
		seen[rt.Path] = true
		if !classified[rt.Method+" "+rt.Path] && notAboutOneAuditOrUnit[rt.Path] == "" {
			missing = append(missing, rt.Method+" "+rt.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes about one record with no row in relationRows and not in notAboutOneAuditOrUnit:\n\t%s", strings.Join(missing, "\n\t"))
	}
	for key := range classified {
		if !seen[key] {
			t.Errorf("relationRows names %s, which the router does not have", key)
		}
	}
	for path := range notAboutOneAuditOrUnit {
		if !seen[path] {
			t.Errorf("notAboutOneAuditOrUnit names %s, which the router does not have", path)
		}
	}
}

// relFixture is a demo audit in some state with the records its routes
// name and a signed-in browser for each relationship to it.
type relFixture struct {
	demoAudit
	item         string // an item of its checklist
	answerVer    string // that item's answer version
	openingVer   string
	nextDay      string // the day after the audit's planned date
	attachment   int64
	action       int64 // an open action of the nonconformity
	evidence     int64
	notes        []string // answer notes of the audit, plain enough to find in a page
	unitOf       [relations]string
	clients      [relations]*webtest.Client
	otherAuditor string
	proposal     int64  // the audit's pending date proposal, if any
	workdayAhead string // a working day ahead inside the audit's round
}

// relFixtures builds the fixtures lazily and shares the browsers: one
// sign-in per login for the whole test.
type relFixtures struct {
	a        *webtest.App
	fixtures map[string]*relFixture
	browsers map[string]*webtest.Client
}

// browser signs a login in once, and proves its CSRF token good: a refused
// post must be refused for who sends it, not for a bad token.
func (fs *relFixtures) browser(t *testing.T, login, password string) *webtest.Client {
	t.Helper()
	if c, ok := fs.browsers[login]; ok {
		return c
	}
	c := fs.a.Login(login, password)
	if resp, body := c.Form("/lang", url.Values{"lang": {"vi"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: a form post with the session's CSRF token: %d %.200s", login, resp.StatusCode, body)
	}
	fs.browsers[login] = c
	return c
}

func (fs *relFixtures) get(t *testing.T, state string) *relFixture {
	t.Helper()
	if f, ok := fs.fixtures[state]; ok {
		return f
	}
	a := fs.a
	f := &relFixture{demoAudit: findDemoAudit(t, a, state)}
	scan := func(dst any, q string, args ...any) {
		t.Helper()
		if err := a.DB.R.QueryRow(q, args...).Scan(dst); err != nil && err != sql.ErrNoRows {
			t.Fatalf("%s: %v", state, err)
		}
	}
	scan(&f.attachment, `SELECT COALESCE(MIN(id), 0) FROM attachments WHERE audit_id = ?`, f.audit)
	if f.attachment != 0 {
		scan(&f.item, `SELECT item_code FROM attachments WHERE id = ?`, f.attachment)
	} else {
		scan(&f.item, `SELECT i.code FROM checklist_items i JOIN audits a ON a.checklist_version_id = i.version_id WHERE a.id = ? ORDER BY i.id LIMIT 1`, f.audit)
	}
	f.answerVer = "0"
	scan(&f.answerVer, `SELECT CAST(version AS TEXT) FROM answers WHERE audit_id = ? AND item_code = ?`, f.audit, f.item)
	f.openingVer = "0"
	scan(&f.openingVer, `SELECT CAST(version AS TEXT) FROM audit_meetings WHERE audit_id = ?`, f.audit)
	scan(&f.action, `SELECT COALESCE(MIN(id), 0) FROM nc_actions WHERE finding_id = ? AND done_at IS NULL`, f.nc)
	scan(&f.evidence, `SELECT COALESCE(MIN(id), 0) FROM nc_evidence WHERE finding_id = ?`, f.nc)
	f.notes = answerNotes(t, a, f.audit)
	scan(&f.nextDay, `SELECT date(planned_date, '+1 day') FROM audits WHERE id = ?`, f.audit)
	scan(&f.proposal, `SELECT COALESCE(MAX(id), 0) FROM date_proposals WHERE audit_id = ? AND status = 'pending'`, f.audit)
	f.workdayAhead = workdayAhead(t, a)

	// An auditor of the auditing unit who is not on the team: the demo has
	// one auditor per unit, its lead, so the test adds one.
	unitAuditor := "relation." + f.auditorUnit
	var n int
	scan(&n, `SELECT COUNT(*) FROM users WHERE username = ?`, unitAuditor)
	if n == 0 {
		a.User(unitAuditor, role.Auditor, f.auditorUnit)
	}
	logins := [relations]string{"admin", "office", f.lead, "auditor." + f.other, "auditee." + f.auditeeUnit,
		"auditee." + f.other, unitAuditor, "auditor." + f.auditeeUnit}
	f.unitOf = [relations]string{"", "", f.auditorUnit, f.other, f.auditeeUnit, f.other, f.auditorUnit, f.auditeeUnit}
	for who, login := range logins {
		password := demo.Password
		if who == asUnitAuditor {
			password = webtest.Password
		}
		f.clients[who] = fs.browser(t, login, password)
	}
	f.otherAuditor = "auditor." + f.other
	fs.fixtures[state] = f
	return f
}

// fill puts the fixture's values into a request's placeholders.
func (f *relFixture) fill(s string) string {
	return strings.NewReplacer("{other auditor}", f.otherAuditor, "{auditee}", "auditee."+f.auditeeUnit, "{item}", f.item,
		"{answer version}", f.answerVer, "{opening version}", f.openingVer, "{next day}", f.nextDay, "{auditee unit}", f.auditeeUnit,
		"{workday ahead}", f.workdayAhead).Replace(s)
}

// send makes the row's request as one caller, with that caller's CSRF
// token for a form.
func (r relRow) send(f *relFixture, c *webtest.Client, png []byte) (*http.Response, []byte) {
	path := r.path(f)
	switch {
	case r.file != "":
		extra := map[string]string{"csrf": c.CSRF}
		for k := range r.form {
			extra[k] = f.fill(r.form.Get(k))
		}
		name, content := "anh.png", png
		if strings.Contains(r.route, "/procedures/") {
			name, content = "ds.csv", []byte("unit,code,name\n"+f.auditeeUnit+",1.004120,Thủ tục\n")
		}
		return c.Upload(path, r.file, name, content, extra)
	case r.form != nil:
		v := url.Values{}
		for k := range r.form {
			v.Set(k, f.fill(r.form.Get(k)))
		}
		return c.Form(path, v)
	case r.json != nil:
		body := map[string]any{}
		for k, v := range r.json.(map[string]any) {
			if s, ok := v.(string); ok {
				v = f.fill(s)
				if strings.HasSuffix(s, "version}") {
					v = json.Number(v.(string)) // a version is a number in JSON
				}
			}
			body[k] = v
		}
		return c.Do(r.method, path, body)
	}
	return c.Do(r.method, path, nil)
}

// TestPagesByUnitRelationship opens every page about one audit,
// nonconformity or unit, with its printable forms and its API, as each
// relationship of caller to the record, and posts each of its forms as
// each refused caller (with that caller's own valid CSRF token): what the
// rules of CONTRACT.md allow must open, what they refuse must answer 403 or
// 404 and change nothing in the database.
func TestPagesByUnitRelationship(t *testing.T) {
	a := demoApp(t)
	fs := &relFixtures{a: a, fixtures: map[string]*relFixture{}, browsers: map[string]*webtest.Client{}}
	pngFile := tinyPNG(t)
	rows := relationRows()
	// The reads before the writes, so that the database is the demo's when
	// each read is made.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].method == http.MethodGet && rows[j].method != http.MethodGet })
	for _, r := range rows {
		fs.get(t, r.fixture) // every sign-in (which writes) before the first snapshot
	}
	// Refused callers first, so that nothing an allowed caller does changes
	// what a refused one meets. Each write's snapshot after is the next
	// one's before.
	var before map[string]string
	for _, refusedPass := range []bool{true, false} {
		for _, r := range rows {
			write := r.method != http.MethodGet
			if write && !refusedPass {
				continue // allowed writes are the features' own tests
			}
			f := fs.get(t, r.fixture)
			if r.rule == "" || (auditRules[r.rule] == rmay{} && !hasUnitRule(r.rule)) {
				t.Fatalf("%s %s: unknown rule %q", r.method, r.route, r.rule)
			}
			if write && before == nil {
				before = fingerprint(t, a)
			}
			for who := range relations {
				allowed := r.may(f, who)
				if allowed == refusedPass {
					continue
				}
				resp, body := r.send(f, f.clients[who], pngFile)
				refused := resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound
				what := fmt.Sprintf("%s %s (%s, %s) by %s", r.method, r.path(f), r.fixture, r.rule, relationNames[who])
				switch {
				case allowed && resp.StatusCode != http.StatusOK:
					t.Errorf("%s: %d %.200s, but the rules allow it", what, resp.StatusCode, body)
				case !allowed && !refused:
					t.Errorf("%s: %d %.200s, but the rules refuse it (403 or 404)", what, resp.StatusCode, body)
				case r.answers && allowed:
					checkAnswers(t, what, f, who, string(body))
				}
			}
			if write {
				after := fingerprint(t, a)
				if changed := changedTables(before, after); len(changed) > 0 {
					t.Errorf("%s %s (%s): refused callers changed %v", r.method, r.route, r.fixture, changed)
				}
				before = after
			}
		}
	}
}

func hasUnitRule(name string) bool { _, ok := unitRules[name]; return ok }

// unwatched are the tables a refused request may write: sessions and
// tokens (signing in, last seen) and the throttle.
var unwatched = []string{"sessions", "api_tokens", "users", "upload_ops", "schema_migrations"}

// fingerprint hashes every table's rows (blobs by their rows' count only,
// their metadata being in the tables that point at them).
func fingerprint(t *testing.T, a *webtest.App) map[string]string {
	t.Helper()
	rows, err := a.DB.R.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		if slices.Contains(unwatched, table) {
			continue
		}
		q := `SELECT * FROM "` + table + `"`
		if strings.HasSuffix(table, "_blobs") {
			q = `SELECT COUNT(*) FROM "` + table + `"`
		}
		out[table] = hashRows(t, a, q)
	}
	return out
}

func hashRows(t *testing.T, a *webtest.App, q string) string {
	t.Helper()
	rows, err := a.DB.R.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch v := v.(type) {
			case nil:
				h.Write([]byte{0})
			case []byte:
				h.Write(v)
			case string:
				h.Write([]byte(v))
			case int64:
				h.Write(strconv.AppendInt(nil, v, 10))
			default:
				fmt.Fprint(h, v)
			}
			h.Write([]byte{1})
		}
		h.Write([]byte{2})
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func changedTables(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// tinyPNG is a valid 2×2 photo, so that an upload let through would be
// stored.
func tinyPNG(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// answerNotes returns the start of each answer note of an audit that a page
// or JSON would show unchanged (no character any escaping touches).
func answerNotes(t *testing.T, a *webtest.App, audit int64) []string {
	t.Helper()
	rows, err := a.DB.R.Query(`SELECT note FROM answers WHERE audit_id = ? AND note <> ''`, audit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var note string
		if err := rows.Scan(&note); err != nil {
			t.Fatal(err)
		}
		if r := []rune(note); len(r) > 40 {
			note = string(r[:40])
		}
		if len(note) >= 8 && !strings.ContainsAny(note, "<>&'\"\\\n\r\t+=") {
			out = append(out, note)
		}
	}
	return out
}

// checkAnswers checks what an allowed caller reads: before submission the
// audited unit sees none of the audit's answers; the team sees them (which
// shows the check can fail).
func checkAnswers(t *testing.T, what string, f *relFixture, who int, body string) {
	t.Helper()
	if len(f.notes) == 0 {
		t.Errorf("%s: the demo audit has no answer notes to look for", what)
		return
	}
	shown := 0
	for _, n := range f.notes {
		if strings.Contains(body, n) {
			shown++
		}
	}
	switch {
	case who == asAuditee && shown > 0:
		t.Errorf("%s: shows %d of the audit's answers before submission; the audited unit may see plan and team only", what, shown)
	case who == asTeam && shown == 0:
		t.Errorf("%s: shows none of the audit's %d answers to its team", what, len(f.notes))
	}
}

// workdayAhead is the second working day after today: a day the audited
// unit may propose for an audit of the demo's current round.
func workdayAhead(t *testing.T, a *webtest.App) string {
	t.Helper()
	cal, err := audit.LoadCalendar(context.Background(), a.DB.R)
	if err != nil {
		t.Fatal(err)
	}
	return cal.AddWorkdays(i18n.Day(a.DB.Now()), 2)
}
