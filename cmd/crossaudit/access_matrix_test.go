package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The six kinds of caller of CONTRACT.md's "Who may do what" table, for one
// audit of the demo.
const (
	asAdmin = iota
	asOffice
	asTeam         // an auditor of the audit's team
	asOtherAuditor // an auditor of a unit not on the team
	asAuditee      // an auditee of the audited unit
	asOtherAuditee // an auditee of another unit
	callers
)

var callerNames = [callers]string{"admin", "office", "team auditor", "other auditor", "auditee of the audited unit", "other auditee"}

// may is one row of the table: which callers are allowed.
type may [callers]bool

// matrixRow is one action: the request and who may make it. Allowed
// requests are built so that they change nothing (a stale version, an
// invalid body) or change only what the row is about; the test asserts
// only that an allowed caller gets past authorisation and that a refused
// one gets 403 or 404 and nothing else.
type matrixRow struct {
	what   string
	about  string // the state of the demo audit the row is about
	method string
	path   string // %d is the audit's id
	body   any
	may    may
}

// TestWhoMayDoWhat checks every row of CONTRACT.md's table that the
// application has so far, for every kind of caller, through the API.
func TestWhoMayDoWhat(t *testing.T) {
	a := demoApp(t)
	rows := []matrixRow{
		{"read a submitted audit", "submitted", http.MethodGet, "/api/v1/audits/%d", nil,
			may{true, true, true, false, true, false}},
		{"answer an item", "in_progress", http.MethodPut, "/api/v1/audits/%d/answers/C01",
			map[string]any{"result": "conform", "note": "", "version": 999999},
			may{false, false, true, false, false, false}},
		{"submit an audit", "in_progress", http.MethodPost, "/api/v1/audits/%d/submit", map[string]any{},
			may{false, false, true, false, false, false}},
		{"list units", "", http.MethodGet, "/api/v1/units", nil,
			may{true, true, true, true, false, false}},
		{"create a unit", "", http.MethodPost, "/api/v1/units", map[string]any{"code": ""},
			may{true, true, false, false, false, false}},
		{"create a user", "", http.MethodPost, "/api/v1/users", map[string]any{"username": ""},
			may{true, true, false, false, false, false}},
		{"list checklists", "", http.MethodGet, "/api/v1/checklists", nil,
			may{true, true, true, true, false, false}},
		{"list programmes", "", http.MethodGet, "/api/v1/programmes", nil,
			may{true, true, true, true, false, false}},
		{"create a programme", "", http.MethodPost, "/api/v1/programmes", map[string]any{"name": ""},
			may{true, true, false, false, false, false}},
		{"read the rotation settings", "", http.MethodGet, "/api/v1/settings/rotation", nil,
			may{true, true, false, false, false, false}},
		{"change the rotation settings", "", http.MethodPut, "/api/v1/settings/rotation", map[string]any{"history_years": -1},
			may{true, true, false, false, false, false}},
	}
	rows = append(rows, []matrixRow{
		{"write a nonconformity's root cause", "nc_open", http.MethodPatch, "/api/v1/nonconformities/{nc}",
			map[string]any{"root_cause": "Chưa phân công người theo dõi hạn giải quyết"},
			may{true, true, false, false, true, false}},
		{"add a corrective action", "nc_open", http.MethodPost, "/api/v1/nonconformities/{nc}/actions",
			map[string]any{"description": "", "owner": "", "due_date": ""},
			may{true, true, false, false, true, false}},
		{"correct a nonconformity's grade", "nc_open", http.MethodPatch, "/api/v1/nonconformities/{nc}",
			map[string]any{"grade": "major"},
			may{true, true, true, false, false, false}},
		{"accept a corrective-action plan", "nc_plan_submitted", http.MethodPost, "/api/v1/nonconformities/{nc}/transition",
			map[string]any{"to": "plan_accepted", "note": ""},
			may{true, true, true, false, false, false}},
		{"read the dashboard", "", http.MethodGet, "/api/v1/dashboard?programme=1", nil,
			may{true, true, false, false, false, false}},
		{"print a corrective-action request", "nc_open", http.MethodGet, "/api/v1/nonconformities/{nc}/request.pdf", nil,
			may{true, true, true, false, true, false}},
		{"print the corrective-action register", "", http.MethodGet, "/api/v1/programmes/1/actions.pdf", nil,
			may{true, true, false, false, false, false}},
		{"print the closing-meeting minutes", "submitted", http.MethodGet, "/api/v1/audits/%d/minutes.pdf", nil,
			may{true, true, true, false, true, false}},
		{"print the blank checklist", "", http.MethodGet, "/api/v1/checklists/1/blank.pdf", nil,
			may{true, true, true, true, false, false}},
		{"download the audit report", "submitted", http.MethodGet, "/api/v1/audits/%d/report.pdf", nil,
			may{true, true, true, false, true, false}},
		{"download the audit report for Word", "submitted", http.MethodGet, "/api/v1/audits/%d/report.docx", nil,
			may{true, true, true, false, true, false}},
		// Last: issuing locks the audit the rows above are about.
		{"issue the report", "submitted", http.MethodPost, "/api/v1/audits/%d/issue", nil,
			may{true, true, true, false, false, false}},
	}...)

	fixtures := map[string]matrixFixture{}
	for _, row := range rows {
		about := row.about
		if about == "" {
			about = "in_progress"
		}
		f, ok := fixtures[about]
		if !ok {
			f = matrixCallers(t, a, about)
			fixtures[about] = f
		}
		path := row.path
		if strings.Contains(path, "%d") {
			path = fmt.Sprintf(path, f.audit)
		}
		path = strings.ReplaceAll(path, "{nc}", fmt.Sprint(f.nc))
		// The refused callers go first: an allowed one may change the
		// record (accept the plan, issue the report) and so change what
		// the next caller meets.
		order := make([]int, 0, callers)
		for who := range callers {
			if !row.may[who] {
				order = append(order, who)
			}
		}
		for who := range callers {
			if row.may[who] {
				order = append(order, who)
			}
		}
		for _, who := range order {
			resp, body := f.clients[who].Do(row.method, path, row.body)
			refused := resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound
			switch {
			case row.may[who] && (refused || resp.StatusCode == http.StatusUnauthorized):
				t.Errorf("%s by %s: %d %s, but the table allows it", row.what, callerNames[who], resp.StatusCode, body)
			case !row.may[who] && !refused:
				t.Errorf("%s by %s: %d, but the table refuses it (403 or 404)", row.what, callerNames[who], resp.StatusCode)
			}
		}
	}
}

// matrixFixture is a demo audit in some state and a client for each kind
// of caller of it.
type matrixFixture struct {
	audit   int64
	nc      int64 // a nonconformity of the audit, for the rows about one
	clients [callers]*webtest.Client
}

// fixtureStates says, for each fixture a row may be about, which demo
// audit and nonconformity to take.
var fixtureStates = map[string]string{
	"planned":           "a.status = 'planned'",
	"date_proposal":     "a.status = 'planned' AND EXISTS (SELECT 1 FROM date_proposals x WHERE x.audit_id = a.id AND x.status = 'pending')",
	"in_progress":       "a.status = 'in_progress'",
	"submitted":         "a.status = 'submitted'",
	"nc_open":           "a.status = 'submitted' AND f.status = 'open'",
	"nc_plan_submitted": "a.status IN ('submitted', 'issued') AND f.status = 'plan_submitted'",
	"issued":            "a.status = 'issued'",
	"attached":          "a.status = 'in_progress' AND EXISTS (SELECT 1 FROM attachments x WHERE x.audit_id = a.id)",
	"nc_cause_analysed": "a.status IN ('submitted', 'issued') AND f.status = 'cause_analysed'",
	"nc_plan_accepted":  "a.status IN ('submitted', 'issued') AND f.status = 'plan_accepted' AND EXISTS (SELECT 1 FROM nc_actions x WHERE x.finding_id = f.id AND x.done_at IS NULL)",
	"nc_implemented":    "a.status IN ('submitted', 'issued') AND f.status = 'implemented'",
	"nc_closed":         "a.status = 'issued' AND f.status = 'closed'",
	"nc_with_evidence":  "a.status IN ('submitted', 'issued') AND EXISTS (SELECT 1 FROM nc_evidence x WHERE x.finding_id = f.id)",
}

// demoAudit is a demo audit in some state, a nonconformity of it (0 when
// the state names none), its two units, the login of its team's lead and a
// live unit unrelated to it.
type demoAudit struct {
	audit, nc                int64
	auditorUnit, auditeeUnit string
	lead, other              string
}

// findDemoAudit finds the first demo audit (and nonconformity) in the given
// state of fixtureStates.
func findDemoAudit(t *testing.T, a *webtest.App, state string) demoAudit {
	t.Helper()
	where, ok := fixtureStates[state]
	if !ok {
		t.Fatalf("no fixture %q", state)
	}
	var d demoAudit
	err := a.DB.R.QueryRow(`
		SELECT a.id, COALESCE(f.id, 0), ur.code, ue.code, u.username
		FROM audits a JOIN units ur ON ur.id = a.auditor_unit_id JOIN units ue ON ue.id = a.auditee_unit_id
		JOIN audit_team m ON m.audit_id = a.id AND m.role = 'lead' JOIN users u ON u.id = m.user_id
		LEFT JOIN findings f ON f.audit_id = a.id AND f.grade IN ('minor', 'major')
		WHERE `+where+` ORDER BY a.id, f.id LIMIT 1`).Scan(&d.audit, &d.nc, &d.auditorUnit, &d.auditeeUnit, &d.lead)
	if err != nil {
		t.Fatalf("no demo audit for %s: %v", state, err)
	}
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE code NOT IN (?, ?) AND successor_id IS NULL ORDER BY code LIMIT 1`, d.auditorUnit, d.auditeeUnit).Scan(&d.other); err != nil {
		t.Fatal(err)
	}
	return d
}

// matrixCallers finds a demo audit (and nonconformity) in the given state
// and a client for each kind of caller of it; the team's caller is its
// lead, who may do everything the table gives the team.
func matrixCallers(t *testing.T, a *webtest.App, state string) matrixFixture {
	t.Helper()
	d := findDemoAudit(t, a, state)
	f := matrixFixture{audit: d.audit, nc: d.nc}
	c := &f.clients
	c[asAdmin] = a.Token("admin", demo.Password)
	c[asOffice] = a.Token("office", demo.Password)
	c[asTeam] = a.Token(d.lead, demo.Password)
	c[asOtherAuditor] = a.Token("auditor."+d.other, demo.Password)
	c[asAuditee] = a.Token("auditee."+d.auditeeUnit, demo.Password)
	c[asOtherAuditee] = a.Token("auditee."+d.other, demo.Password)
	return f
}
