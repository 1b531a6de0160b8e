package reports_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// queryID reads one id.
func queryID(t *testing.T, a *webtest.App, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := a.DB.R.QueryRow(q, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

// numberIn finds the "Số: N/SYMBOL" of a document's text.
func numberIn(t *testing.T, txt, symbol string) string {
	t.Helper()
	m := regexp.MustCompile(`Số: (\d+/` + regexp.QuoteMeta(symbol) + `)`).FindStringSubmatch(txt)
	if m == nil {
		t.Fatalf("no number /%s in:\n%.400s", symbol, txt)
	}
	return m[1]
}

// The plan of a confirmed round goes to those who read rounds and teams
// (admin, office, auditors; CONTRACT.md), names every team's lead, and
// prints the number and signing day of its registration; printing takes
// no number. A round in preview has no plan yet.
func TestRoundPlanEndpoint(t *testing.T) {
	a := demoApp(t)
	round := queryID(t, a, `SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year DESC, r.n LIMIT 1`)
	var number, signed string
	if err := a.DB.R.QueryRow(`SELECT number, signed_on FROM outgoing_documents WHERE kind = 'plan' AND subject_id = ?`, round).Scan(&number, &signed); err != nil {
		t.Fatalf("the demo's plan is not registered: %v", err)
	}
	numbered := queryID(t, a, `SELECT COUNT(*) FROM form_numbers`)
	var lead, unit string
	if err := a.DB.R.QueryRow(`SELECT u.display_name, bu.code FROM audits au JOIN audit_team t ON t.audit_id = au.id AND t.role = 'lead'
		JOIN users u ON u.id = t.user_id JOIN units bu ON bu.id = au.auditee_unit_id WHERE au.round_id = ? ORDER BY au.id LIMIT 1`, round).Scan(&lead, &unit); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/rounds/" + strconv.FormatInt(round, 10) + "/plan.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{{"office", 200}, {"admin", 200}, {"auditor." + unit, 200}, {"auditee." + unit, 403}, {"office", 200}} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.want != 200 {
			continue
		}
		txt := pdftest.Text(t, body)
		if !strings.Contains(txt, "KẾ HOẠCH") || !strings.Contains(txt, strings.Join(strings.Fields(lead), " ")) {
			t.Errorf("%s: the plan lacks its title or the lead %q:\n%.600s", tc.who, lead, txt)
		}
		if n := numberIn(t, txt, "KH-UBND"); n != number {
			t.Errorf("%s: printed as %s, registered as %s", tc.who, n, number)
		}
		if day := placeDay(signed); !strings.Contains(txt, day) || strings.Contains(txt, "DỰ THẢO") {
			t.Errorf("%s: the registered plan is not dated %q, or still a draft:\n%.600s", tc.who, day, txt)
		}
	}
	if n := queryID(t, a, `SELECT COUNT(*) FROM form_numbers`); n != numbered {
		t.Errorf("printing the plan took %d numbers", n-numbered)
	}
	resp, body := a.Anonymous().Do(http.MethodGet, path, nil)
	wantStatus(t, "anonymous", resp, body, 401)
	office := a.Token("office", demo.Password)
	var preview int64
	if err := a.DB.R.QueryRow(`SELECT id FROM rounds WHERE status <> 'confirmed' ORDER BY id LIMIT 1`).Scan(&preview); err == nil {
		resp, body := office.Do(http.MethodGet, "/api/v1/rounds/"+strconv.FormatInt(preview, 10)+"/plan.pdf", nil)
		wantStatus(t, "a round in preview", resp, body, 409)
		if !strings.Contains(string(body), `"confirmed"`) {
			t.Errorf("the 409 does not say which state is needed: %s", body)
		}
	}
	for _, bad := range []string{"/api/v1/rounds/999999/plan.pdf", "/api/v1/rounds/x/plan.pdf", "/api/v1/rounds/0/plan.pdf"} {
		resp, body := office.Do(http.MethodGet, bad, nil)
		wantStatus(t, bad, resp, body, 404)
	}
}

// The decision forming an audit's team goes to staff and to whoever may
// read the audit (its team; its audited unit, even before submission),
// 404 to others; it names the team and keeps its number on reprint.
func TestDecisionEndpoint(t *testing.T) {
	a := demoApp(t)
	var id int64
	var lead, leadName, auditor, auditee string
	err := a.DB.R.QueryRow(`SELECT au.id, u.username, u.display_name, xu.code, bu.code FROM audits au
		JOIN audit_team t ON t.audit_id = au.id AND t.role = 'lead' JOIN users u ON u.id = t.user_id
		JOIN units xu ON xu.id = au.auditor_unit_id JOIN units bu ON bu.id = au.auditee_unit_id
		WHERE au.status = 'planned' ORDER BY au.id LIMIT 1`).Scan(&id, &lead, &leadName, &auditor, &auditee)
	if err != nil {
		t.Fatal(err)
	}
	var other string
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE code NOT IN (?, ?) AND EXISTS (SELECT 1 FROM users WHERE username = 'auditee.' || units.code)
		AND EXISTS (SELECT 1 FROM users WHERE username = 'auditor.' || units.code) ORDER BY code LIMIT 1`, auditor, auditee).Scan(&other); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/audits/" + strconv.FormatInt(id, 10) + "/decision.pdf"
	for _, tc := range []struct {
		who  string
		want int
	}{{"office", 200}, {"admin", 200}, {lead, 200}, {"auditee." + auditee, 200}, {"auditee." + other, 404}, {"auditor." + other, 404}} {
		resp, body := a.Token(tc.who, demo.Password).Do(http.MethodGet, path, nil)
		wantStatus(t, tc.who, resp, body, tc.want)
		if tc.want != 200 {
			continue
		}
		txt := pdftest.Text(t, body)
		for _, w := range []string{"QUYẾT ĐỊNH", "Về việc thành lập Đoàn đánh giá nội bộ chéo tại", strings.Join(strings.Fields(leadName), " "), "Trưởng đoàn"} {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: the decision lacks %q", tc.who, w)
			}
		}
		// The demo's planned teams wait for their decision to be signed.
		if !strings.Contains(txt, "Số: /QĐ-UBND") || !strings.Contains(txt, "ngày tháng năm") {
			t.Errorf("%s: the unregistered decision is not a draft with a blank number and day:\n%.600s", tc.who, txt)
		}
	}
	resp, body := a.Anonymous().Do(http.MethodGet, path, nil)
	wantStatus(t, "anonymous", resp, body, 401)
	office := a.Token("office", demo.Password)
	if _, err := a.DB.W.Exec(`UPDATE audits SET status = 'cancelled', cancel_reason = 'test' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	resp, body = office.Do(http.MethodGet, path, nil)
	wantStatus(t, "a cancelled audit", resp, body, 409)
	for _, bad := range []string{"/api/v1/audits/999999/decision.pdf", "/api/v1/audits/x/decision.pdf"} {
		resp, body := office.Do(http.MethodGet, bad, nil)
		wantStatus(t, bad, resp, body, 404)
	}
}

// The closing-meeting minutes and a corrective-action request carry the
// numbers they took when the audit was submitted, whoever prints them and
// however often; printing takes none. The minutes are dated the day of
// the meeting.
func TestFormsNumberedAtSubmission(t *testing.T) {
	a := demoApp(t)
	ids, _, _ := submitted(t, a)
	nc := queryID(t, a, `SELECT id FROM findings WHERE grade IN ('minor', 'major') AND audit_id = ? ORDER BY id LIMIT 1`, ids[0])
	var minutes, request, day string
	if err := a.DB.R.QueryRow(`SELECT (SELECT number FROM form_numbers WHERE kind = 'minutes' AND subject_id = ?),
		(SELECT number FROM form_numbers WHERE kind = 'carequest' AND subject_id = ?), COALESCE(NULLIF(m.opening_date, ''), a.planned_date)
		FROM audits a LEFT JOIN audit_meetings m ON m.audit_id = a.id WHERE a.id = ?`, ids[0], nc, ids[0]).Scan(&minutes, &request, &day); err != nil {
		t.Fatalf("the submitted audit's records were not numbered: %v", err)
	}
	numbered := queryID(t, a, `SELECT COUNT(*) FROM form_numbers`)
	office := a.Token("office", demo.Password)
	for _, tc := range []struct{ path, symbol, want, date string }{
		{"/api/v1/audits/" + jsonNum(ids[0]) + "/minutes.pdf", "BB-ĐGNB", minutes, placeDay(day)},
		{"/api/v1/nonconformities/" + strconv.FormatInt(nc, 10) + "/request.pdf", "PYC-HĐKP", request, ""},
	} {
		for range 2 {
			resp, body := office.Do(http.MethodGet, tc.path, nil)
			wantStatus(t, tc.path, resp, body, 200)
			txt := pdftest.Text(t, body)
			if n := numberIn(t, txt, tc.symbol); n != tc.want {
				t.Errorf("%s: printed as %s, numbered %s at submission", tc.path, n, tc.want)
			}
			if !strings.Contains(txt, tc.date) {
				t.Errorf("%s: not dated %q:\n%.600s", tc.path, tc.date, txt)
			}
		}
	}
	if n := queryID(t, a, `SELECT COUNT(*) FROM form_numbers`); n != numbered {
		t.Errorf("printing took %d numbers", n-numbered)
	}
}

// placeDay is the date line a demo document prints for a day (yyyy-mm-dd).
func placeDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "unparsable day " + day
	}
	return "Đức Trọng, " + i18n.DateLong(i18n.VI, t)
}
