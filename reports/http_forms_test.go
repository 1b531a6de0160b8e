package reports_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// demoNC is the demo's nonconformity with the most corrective actions: its
// id, first action and clause, its audited and auditing units' codes, and
// a unit that is neither.
type demoNC struct {
	ID                          int64
	Action, Clause, RootCause   string
	Auditee, Auditor, OtherUnit string
}

// The request form of a nonconformity goes to whoever may see it: staff,
// the audited unit, the auditing unit; others get 404 as if it did not
// exist, and it carries the unit's actions.
func TestCARequestEndpoint(t *testing.T) {
	a := demoApp(t)
	var nc demoNC
	err := a.DB.R.QueryRow(`SELECT f.id, bu.code, au.code, f.root_cause, f.clause, COALESCE((SELECT description FROM nc_actions x WHERE x.finding_id = f.id ORDER BY x.id LIMIT 1), '')
		FROM findings f JOIN audits au_a ON au_a.id = f.audit_id JOIN units au ON au.id = au_a.auditor_unit_id JOIN units bu ON bu.id = au_a.auditee_unit_id
		WHERE f.grade IN ('minor', 'major')
		ORDER BY (SELECT COUNT(*) FROM nc_actions x WHERE x.finding_id = f.id) DESC, f.id LIMIT 1`).
		Scan(&nc.ID, &nc.Auditee, &nc.Auditor, &nc.RootCause, &nc.Clause, &nc.Action)
	if err != nil {
		t.Fatal(err)
	}
	if nc.Action == "" {
		t.Fatal("the demo has no nonconformity with a corrective action")
	}
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE code NOT IN (?, ?) ORDER BY code LIMIT 1`, nc.Auditee, nc.Auditor).Scan(&nc.OtherUnit); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/nonconformities/" + strconv.FormatInt(nc.ID, 10) + "/request.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{
		{"office", 200}, {"admin", 200}, {"auditee." + nc.Auditee, 200}, {"auditor." + nc.Auditor, 200},
		{"auditee." + nc.OtherUnit, 404}, {"auditor." + nc.OtherUnit, 404}, {"auditor." + nc.Auditee, 404},
	} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.want != 200 {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("%s: served as %s", tc.who, ct)
		}
		if tc.who == "office" {
			txt := pdftest.Text(t, body)
			for _, w := range []string{"PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC", strings.Join(strings.Fields(nc.Action), " "), nc.Clause} {
				if !strings.Contains(txt, w) {
					t.Errorf("the form lacks %q", w)
				}
			}
		}
	}
	resp, body := a.Anonymous().Do(http.MethodGet, path, nil)
	wantStatus(t, "anonymous", resp, body, 401)
	for _, bad := range []string{"/api/v1/nonconformities/999999/request.pdf", "/api/v1/nonconformities/abc/request.pdf", "/api/v1/nonconformities/-1/request.pdf"} {
		resp, body := a.Token("office", demo.Password).Do(http.MethodGet, bad, nil)
		wantStatus(t, bad, resp, body, 404)
	}
}

// The corrective-action register of a programme is the office's: it lists
// the programme's nonconformities with their actions.
func TestActionRegisterEndpoint(t *testing.T) {
	a := demoApp(t)
	var programme int64
	var auditee, action string
	err := a.DB.R.QueryRow(`SELECT r.programme_id, bu.code, x.description FROM nc_actions x JOIN findings f ON f.id = x.finding_id
		JOIN audits au ON au.id = f.audit_id JOIN rounds r ON r.id = au.round_id JOIN units bu ON bu.id = au.auditee_unit_id
		ORDER BY x.id LIMIT 1`).Scan(&programme, &auditee, &action)
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/programmes/" + strconv.FormatInt(programme, 10) + "/actions.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{{"office", 200}, {"admin", 200}, {"auditee." + auditee, 403}, {"auditor." + auditee, 403}} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.who == "office" {
			txt := pdftest.Text(t, body)
			for _, w := range []string{"SỔ THEO DÕI HÀNH ĐỘNG KHẮC PHỤC", strings.Join(strings.Fields(action), " ")} {
				if !strings.Contains(txt, w) {
					t.Errorf("the register lacks %q", w)
				}
			}
		}
	}
	for _, bad := range []string{"/api/v1/programmes/999999/actions.pdf", "/api/v1/programmes/x/actions.pdf"} {
		resp, body := a.Token("office", demo.Password).Do(http.MethodGet, bad, nil)
		wantStatus(t, bad, resp, body, 404)
	}
}

// An audit's closing-meeting minutes go to whoever may see its findings:
// the audited unit only once the audit is submitted.
func TestMinutesEndpoint(t *testing.T) {
	a := demoApp(t)
	ids, auditors, auditees := submitted(t, a)
	var lead string
	if err := a.DB.R.QueryRow(`SELECT u.username FROM audit_team t JOIN users u ON u.id = t.user_id WHERE t.audit_id = ? AND t.role = 'lead'`, ids[0]).Scan(&lead); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/audits/" + jsonNum(ids[0]) + "/minutes.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{{"office", 200}, {lead, 200}, {"auditee." + auditees[0], 200}, {"auditee." + auditors[0], 404}, {"auditor." + auditees[0], 404}} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.who == "office" {
			txt := pdftest.Text(t, body)
			if !strings.Contains(txt, "BIÊN BẢN") || !strings.Contains(txt, "III. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ") {
				t.Errorf("the minutes read:\n%s", txt)
			}
		}
	}
	var running int64
	var runningAuditee string
	err := a.DB.R.QueryRow(`SELECT a.id, u.code FROM audits a JOIN units u ON u.id = a.auditee_unit_id WHERE a.status = 'in_progress' ORDER BY a.id LIMIT 1`).Scan(&running, &runningAuditee)
	if err != nil {
		t.Fatal(err)
	}
	running404 := "/api/v1/audits/" + jsonNum(running) + "/minutes.pdf"
	resp, body := a.Token("auditee."+runningAuditee, demo.Password).Do(http.MethodGet, running404, nil)
	wantStatus(t, "the audited unit before submission", resp, body, 404)
	resp, body = a.Token("office", demo.Password).Do(http.MethodGet, running404, nil)
	wantStatus(t, "office, audit in progress", resp, body, 200)
	resp, body = a.Token("office", demo.Password).Do(http.MethodGet, "/api/v1/audits/999999/minutes.pdf", nil)
	wantStatus(t, "unknown audit", resp, body, 404)
}

// The blank checklist is for staff and auditors: the latest published
// version, or the one asked for.
func TestBlankChecklistEndpoint(t *testing.T) {
	a := demoApp(t)
	var checklist int64
	var number int
	var unit string
	if err := a.DB.R.QueryRow(`SELECT checklist_id, MAX(number) FROM checklist_versions WHERE status = 'published' GROUP BY checklist_id ORDER BY checklist_id LIMIT 1`).
		Scan(&checklist, &number); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.R.QueryRow(`SELECT code FROM units ORDER BY code LIMIT 1`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/checklists/" + strconv.FormatInt(checklist, 10) + "/blank.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{{"office", 200}, {"admin", 200}, {"auditor." + unit, 200}, {"auditee." + unit, 403}} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.who == "office" {
			txt := pdftest.Text(t, body)
			if !strings.Contains(txt, "DANH MỤC KIỂM TRA ĐÁNH GIÁ NỘI BỘ") || !strings.Contains(txt, "phiên bản "+strconv.Itoa(number)) {
				t.Errorf("the checklist reads:\n%.600s", txt)
			}
		}
	}
	office := a.Token("office", demo.Password)
	for _, tc := range []struct {
		path string
		want int
	}{{path + "?version=" + strconv.Itoa(number), 200}, {path + "?version=99", 404}, {path + "?version=abc", 422},
		{"/api/v1/checklists/999999/blank.pdf", 404}, {"/api/v1/checklists/x/blank.pdf", 404}} {
		resp, body := office.Do(http.MethodGet, tc.path, nil)
		wantStatus(t, tc.path, resp, body, tc.want)
	}
}

// The reports page links the register and the minutes, the nonconformity's
// page its request form.
func TestFormLinks(t *testing.T) {
	a := demoApp(t)
	office := a.Login("office", demo.Password)
	status, page := office.Page("/reports")
	if status != 200 || !strings.Contains(page, "/actions.pdf") || !strings.Contains(page, "/minutes.pdf") {
		t.Errorf("reports page %d lacks the register or the minutes", status)
	}
	var id int64
	if err := a.DB.R.QueryRow(`SELECT id FROM findings WHERE grade IN ('minor', 'major') ORDER BY id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	ref := "/api/v1/nonconformities/" + strconv.FormatInt(id, 10) + "/request.pdf"
	if status, page := office.Page("/nonconformities/" + strconv.FormatInt(id, 10)); status != 200 || !strings.Contains(page, ref) {
		t.Errorf("nonconformity page %d lacks %s", status, ref)
	}
}
