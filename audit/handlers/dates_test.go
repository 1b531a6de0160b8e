package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// programmeIn creates a programme of the env's units with one round over
// the window from..to and previews its round 1.
func (e *env) programmeIn(t *testing.T, from, to string) audit.Programme {
	t.Helper()
	resp, body := e.office.Do(http.MethodPost, "/api/v1/programmes", map[string]any{
		"name": "Chương trình đánh giá chéo", "year": 2026, "checklist_id": e.checklist, "units": e.units,
		"rounds": []map[string]string{{"starts_on": from, "ends_on": to}}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create programme: %d %s", resp.StatusCode, body)
	}
	var p audit.Programme
	decode(t, body, &p)
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "seed": 5})
	return p
}

// schedule is what confirming round 1 would create.
func (e *env) schedule(t *testing.T, id int64) []audit.PlannedAudit {
	t.Helper()
	resp, body := e.office.Do(http.MethodGet, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/schedule", id), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("schedule: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.PlannedAudit }
	decode(t, body, &out)
	if len(out.Audits) != 6 {
		t.Fatalf("%d audits in the schedule, want 6", len(out.Audits))
	}
	return out.Audits
}

func pairKey(a audit.PlannedAudit) string { return a.Auditor + "->" + a.Auditee }

// The office moves an audit's day in the round's preview: a day off or a
// day outside the window is refused naming that pair's day, and nothing is
// created; a working day inside the window is the confirmed audit's day,
// its team picked for that day.
func TestPreviewDateMovedAndConfirmed(t *testing.T) {
	e := newEnv(t)
	p := e.programmeIn(t, "2026-12-21", "2027-01-15")
	planned := e.schedule(t, p.ID)
	for _, a := range planned {
		if a.Day == "2027-01-01" || a.Day != a.Scheduled {
			t.Errorf("scheduled %+v", a)
		}
	}
	first := pairKey(planned[0])
	field := "dates[" + first + "]"
	confirm := fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID)
	for day, want := range map[string]string{
		"2027-01-01": "01/01/2027 là ngày nghỉ",      // Tết Dương lịch
		"2027-01-09": "09/01/2027 là ngày nghỉ",      // a Saturday
		"2027-01-20": "từ 21/12/2026 đến 15/01/2027", // after the window
		"31/02/2027": "Ngày không hợp lệ",
	} {
		resp, body := e.office.Do(http.MethodPost, confirm, map[string]any{"dates": map[string]string{first: day}})
		f, _ := webtest.DecodeError(t, body).Error.Fields[field].(string)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f, want) {
			t.Errorf("confirm with %s on %s: %d %s, want 422 naming %s with %q", first, day, resp.StatusCode, body, field, want)
		}
	}
	resp, body := e.office.Do(http.MethodPost, confirm, map[string]any{"dates": map[string]string{"A->A": "2027-01-05"}})
	if _, ok := webtest.DecodeError(t, body).Error.Fields["dates[A->A]"]; resp.StatusCode != http.StatusUnprocessableEntity || !ok {
		t.Errorf("a day for a pair not in the round: %d %s", resp.StatusCode, body)
	}
	if n := countArgs(t, e, `SELECT COUNT(*) FROM audits`); n != 0 {
		t.Fatalf("refused confirmations created %d audits", n)
	}
	moved := "2027-01-05"
	if planned[0].Day == moved {
		moved = "2027-01-06"
	}
	resp, body = e.office.Do(http.MethodPost, confirm, map[string]any{"dates": map[string]string{first: moved}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm with a moved day: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	for _, a := range out.Audits {
		key := a.AuditorUnit + "->" + a.AuditeeUnit
		switch {
		case key == first && a.PlannedDate != moved:
			t.Errorf("the moved audit %s is on %s, want %s", key, a.PlannedDate, moved)
		case key != first:
			for _, pa := range planned {
				if pairKey(pa) == key && pa.Day != a.PlannedDate {
					t.Errorf("audit %s moved from its scheduled %s to %s", key, pa.Day, a.PlannedDate)
				}
			}
		}
	}
	if n := countArgs(t, e, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = ? AND n.msg_key = 'notice.audit_planned' AND n.args LIKE ?`,
		"auditee."+planned[0].Auditee, "%"+i18n.ShowDay(moved)+"%"); n != 1 {
		t.Errorf("%d notices of the audit planned on %s, want the audited unit told the moved day", n, moved)
	}
}

// The confirmation page carries each audit's day as a field: a day moved
// onto a holiday is refused with the page shown again (422) holding what
// was typed and the reason beside it, in the user's language; a moved day
// is shown and confirmed.
func TestPreviewDatePage(t *testing.T) {
	e := newEnv(t)
	p := e.programmeIn(t, "2026-12-21", "2027-01-15")
	planned := e.schedule(t, p.ID)
	field := "dates[" + pairKey(planned[1]) + "]"
	path := fmt.Sprintf("/programmes/%d/rounds/1/confirm", p.ID)
	office := e.app.Login("office", webtest.Password)
	status, body := office.Page(path)
	if status != http.StatusOK || !strings.Contains(body, `name="`+html.EscapeString(field)+`"`) || !strings.Contains(body, `value="`+planned[1].Day+`"`) {
		t.Fatalf("the confirmation page has no day field %s with %s: %d", field, planned[1].Day, status)
	}
	resp, b := office.Form(path, url.Values{field: {"01/01/2027"}, "confirm": {"1"}})
	page := string(b)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "01/01/2027 là ngày nghỉ") || !strings.Contains(page, `value="01/01/2027"`) {
		t.Errorf("confirm with a holiday: %d, want 422 with the typed day and its reason", resp.StatusCode)
	}
	if n := countArgs(t, e, `SELECT COUNT(*) FROM audits`); n != 0 {
		t.Fatalf("a refused confirmation created %d audits", n)
	}
	office.Form("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	office.Page(path)
	if resp, b := office.Form(path, url.Values{field: {"2027-01-01"}, "confirm": {"1"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(b), "01/01/2027") || strings.Contains(string(b), "ngày nghỉ") {
		t.Errorf("in English: %d", resp.StatusCode)
	}
	office.Form("/lang", url.Values{"lang": {"vi"}, "next": {"/"}})
	office.Page(path)
	moved := "2027-01-07"
	if planned[1].Day == moved {
		moved = "2027-01-08"
	}
	resp, b = office.Form(path, url.Values{field: {moved}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `value="`+moved+`"`) || !strings.Contains(string(b), "(lịch đề xuất: "+i18n.ShowDay(planned[1].Day)+")") {
		t.Errorf("updating the days: %d, want the page with the moved day and the scheduled one", resp.StatusCode)
	}
	if resp, _ := office.Form(path, url.Values{field: {moved}, "confirm": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if n := countArgs(t, e, `SELECT COUNT(*) FROM audits a JOIN units x ON x.id = a.auditor_unit_id WHERE x.code = ? AND a.planned_date = ?`, planned[1].Auditor, moved); n != 1 {
		t.Errorf("the confirmed audit of %s is not on the moved day %s", planned[1].Auditor, moved)
	}
}

// proposalEnv is a confirmed round whose window runs from before today to
// two months ahead, and one of its audits.
type proposalEnv struct {
	*env
	audit           audit.AuditSummary
	cal             audit.Calendar
	today, stranger string
}

func newProposalEnv(t *testing.T) *proposalEnv {
	t.Helper()
	e := newEnv(t)
	today := i18n.Day(e.app.DB.Now())
	p := e.programmeIn(t, audit.AddDays(today, -3), audit.AddDays(today, 60))
	resp, body := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d %s", resp.StatusCode, body)
	}
	var out struct{ Audits []audit.AuditSummary }
	decode(t, body, &out)
	cal, err := audit.LoadCalendar(context.Background(), e.app.DB.R)
	if err != nil {
		t.Fatal(err)
	}
	pe := &proposalEnv{env: e, audit: out.Audits[0], cal: cal, today: today}
	for _, u := range e.units {
		if u != pe.audit.AuditorUnit && u != pe.audit.AuditeeUnit {
			pe.stranger = u
			break
		}
	}
	return pe
}

// workday is the n-th working day after today that is not the audit's day.
func (pe *proposalEnv) workday(n int) string {
	day := pe.cal.AddWorkdays(pe.today, n)
	if day == pe.planned() {
		day = pe.cal.AddWorkdays(day, 1)
	}
	return day
}

func (pe *proposalEnv) planned() string {
	var day string
	pe.app.DB.R.QueryRow(`SELECT planned_date FROM audits WHERE id = ?`, pe.audit.ID).Scan(&day)
	return day
}

func (pe *proposalEnv) weekend() string {
	for d := audit.AddDays(pe.today, 1); ; d = audit.AddDays(d, 1) {
		if !pe.cal.IsWorkday(d) {
			return d
		}
	}
}

// The audited unit proposes another day with a reason; bad input is
// refused naming the field; nobody else may propose, and another unit's
// auditee cannot even see the proposals. The office declines (the audit
// keeps its day, the proposer is told why) and accepts a second proposal
// (the audit moves, the trail records it, both sides are told).
func TestDateProposalAPI(t *testing.T) {
	pe := newProposalEnv(t)
	base := fmt.Sprintf("/api/v1/audits/%d/date-proposals", pe.audit.ID)
	auditee := pe.app.Token("auditee."+pe.audit.AuditeeUnit, webtest.Password)
	day := pe.workday(3)
	bad := []struct {
		date, reason, field, want string
	}{
		{day, "  ", "reason", "Bắt buộc nhập"},
		{"", "Xã bận họp", "date", "Bắt buộc nhập"},
		{"30/02/2027", "Xã bận họp", "date", "Ngày không hợp lệ"},
		{audit.AddDays(pe.today, -1), "Xã bận họp", "date", "đã qua"},
		{pe.today, "Xã bận họp", "date", "đã qua"},
		{pe.weekend(), "Xã bận họp", "date", "ngày nghỉ"},
		{pe.cal.AddWorkdays(audit.AddDays(pe.today, 60), 1), "Xã bận họp", "date", "thời gian của đợt"},
	}
	for _, c := range bad {
		resp, body := auditee.Do(http.MethodPost, base, map[string]string{"date": c.date, "reason": c.reason})
		if f, _ := webtest.DecodeError(t, body).Error.Fields[c.field].(string); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f, c.want) {
			t.Errorf("propose %q %q: %d %s, want 422 naming %s with %q", c.date, c.reason, resp.StatusCode, body, c.field, c.want)
		}
	}
	proposal := map[string]string{"date": day, "reason": "Trùng lịch tiếp công dân định kỳ của Chủ tịch UBND xã."}
	for who, want := range map[string]int{"auditee." + pe.stranger: http.StatusNotFound, "auditor." + pe.stranger: http.StatusForbidden,
		"auditor." + pe.audit.AuditorUnit: http.StatusForbidden, "office": http.StatusForbidden} {
		if resp, body := pe.app.Token(who, webtest.Password).Do(http.MethodPost, base, proposal); resp.StatusCode != want {
			t.Errorf("%s proposes: %d %s, want %d", who, resp.StatusCode, body, want)
		}
	}
	if n := countArgs(t, pe.env, `SELECT COUNT(*) FROM date_proposals`); n != 0 {
		t.Fatalf("%d proposals after refusals", n)
	}
	resp, body := auditee.Do(http.MethodPost, base, proposal)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("propose: %d %s", resp.StatusCode, body)
	}
	var dp audit.DateProposal
	decode(t, body, &dp)
	if dp.Status != audit.ProposalPending || dp.Date != day || dp.FromDate != pe.audit.PlannedDate {
		t.Errorf("proposal %+v", dp)
	}
	if resp, body := auditee.Do(http.MethodPost, base, map[string]string{"date": pe.workday(4), "reason": "Đề xuất khác"}); resp.StatusCode != http.StatusConflict {
		t.Errorf("a second proposal while one waits: %d %s", resp.StatusCode, body)
	}
	if resp, _ := pe.app.Token("auditee."+pe.stranger, webtest.Password).Do(http.MethodGet, base, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's auditee lists the proposals: %d", resp.StatusCode)
	}
	if resp, body := pe.office.Do(http.MethodGet, "/api/v1/date-proposals", nil); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"date":"`+day+`"`) {
		t.Errorf("the office's waiting proposals: %d %s", resp.StatusCode, body)
	}
	pid := fmt.Sprintf("%s/%d", base, dp.ID)
	if resp, _ := auditee.Do(http.MethodPost, pid+"/accept", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the auditee accepts its own proposal: %d", resp.StatusCode)
	}
	resp, body = pe.office.Do(http.MethodPost, pid+"/decline", map[string]string{"reason": ""})
	if _, ok := webtest.DecodeError(t, body).Error.Fields["reason"]; resp.StatusCode != http.StatusUnprocessableEntity || !ok {
		t.Errorf("decline without a reason: %d %s", resp.StatusCode, body)
	}
	why := "Đoàn đánh giá đã bố trí lịch, đề nghị xã giữ nguyên."
	if resp, body := pe.office.Do(http.MethodPost, pid+"/decline", map[string]string{"reason": why}); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"declined"`) {
		t.Fatalf("decline: %d %s", resp.StatusCode, body)
	}
	if got := pe.planned(); got != pe.audit.PlannedDate {
		t.Errorf("a declined proposal moved the audit to %s", got)
	}
	if n := countArgs(t, pe.env, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = ? AND n.msg_key = 'dates.notice.declined' AND n.args LIKE ?`,
		"auditee."+pe.audit.AuditeeUnit, "%giữ nguyên%"); n != 1 {
		t.Errorf("the proposer has %d notices of the decline with its reason, want 1", n)
	}
	if resp, _ := pe.office.Do(http.MethodPost, pid+"/accept", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("accepting a declined proposal: %d", resp.StatusCode)
	}
	_, body = auditee.Do(http.MethodGet, base, nil)
	if !strings.Contains(string(body), why) {
		t.Errorf("the proposer does not see the answer: %s", body)
	}

	// A second proposal, accepted.
	day = pe.workday(5)
	resp, body = auditee.Do(http.MethodPost, base, map[string]string{"date": day, "reason": "Xã tổ chức Đại hội Đoàn thanh niên."})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("propose again: %d %s", resp.StatusCode, body)
	}
	decode(t, body, &dp)
	if resp, body := pe.office.Do(http.MethodPost, fmt.Sprintf("%s/%d/accept", base, dp.ID), nil); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"accepted"`) {
		t.Fatalf("accept: %d %s", resp.StatusCode, body)
	}
	if got := pe.planned(); got != day {
		t.Errorf("accepted, the audit is on %s, want %s", got, day)
	}
	for user, key := range map[string]string{"auditee." + pe.audit.AuditeeUnit: "dates.notice.accepted", "auditor." + pe.audit.AuditorUnit: "dates.notice.moved"} {
		if n := countArgs(t, pe.env, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = ? AND n.msg_key = ?`, user, key); n != 1 {
			t.Errorf("%s has %d notices %s, want 1", user, n, key)
		}
	}
	if n := countArgs(t, pe.env, `SELECT COUNT(*) FROM events WHERE entity = 'audit' AND entity_id = ? AND action = 'accept_date_proposal' AND summary LIKE ?`,
		fmt.Sprint(pe.audit.ID), "%"+day+"%"); n != 1 {
		t.Errorf("the trail has %d records of the accepted move", n)
	}
	if resp, body := auditee.Do(http.MethodPost, base, map[string]string{"date": day, "reason": "Xã bận họp"}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(body), "đã dự kiến") {
		t.Errorf("the day already planned proposed: %d %s", resp.StatusCode, body)
	}
	if resp, body := pe.office.Do(http.MethodGet, "/api/v1/date-proposals", nil); strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("waiting proposals after the answers: %d %s", resp.StatusCode, body)
	}
}

// The plan page: the audited unit proposes with a form that comes back
// with what was typed when refused; the office sees the proposal on its
// home page and the programme page, and declines it (refused without a
// reason) or accepts it from the plan page.
func TestDateProposalPages(t *testing.T) {
	pe := newProposalEnv(t)
	plan := fmt.Sprintf("/audits/%d/plan", pe.audit.ID)
	form := fmt.Sprintf("/audits/%d/date-proposals", pe.audit.ID)
	auditee := pe.app.Login("auditee."+pe.audit.AuditeeUnit, webtest.Password)
	status, body := auditee.Page(plan)
	if status != http.StatusOK || !strings.Contains(body, `action="`+form+`"`) {
		t.Fatalf("the audited unit's plan page has no proposal form: %d", status)
	}
	weekend := pe.weekend()
	resp, b := auditee.Form(form, url.Values{"date": {weekend}, "reason": {"Trùng lịch họp HĐND xã"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "là ngày nghỉ") || !strings.Contains(string(b), "Trùng lịch họp HĐND xã") ||
		!strings.Contains(string(b), `value="`+weekend+`"`) {
		t.Errorf("a weekend proposed: %d, want 422 with what was typed", resp.StatusCode)
	}
	day := pe.workday(2)
	if resp, _ := auditee.Form(form, url.Values{"date": {i18n.ShowDay(day)}, "reason": {"Trùng lịch họp HĐND xã"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	_, body = auditee.Page(plan)
	if !strings.Contains(body, "Chờ trả lời") || strings.Contains(body, `action="`+form+`"`) {
		t.Error("the proposer does not see its proposal waiting, or may propose again")
	}
	if status, _ := pe.app.Login("auditee."+pe.stranger, webtest.Password).Page(plan); status != http.StatusNotFound {
		t.Errorf("another unit's auditee opens the plan: %d", status)
	}
	office := pe.app.Login("office", webtest.Password)
	want := "Xã " + pe.audit.AuditeeUnit + " đề xuất đổi ngày " + i18n.ShowDay(pe.audit.PlannedDate) + " sang " + i18n.ShowDay(day)
	for _, path := range []string{"/", fmt.Sprintf("/programmes/%d", pe.audit.ProgrammeID)} {
		if _, body := office.Page(path); !strings.Contains(body, want) {
			t.Errorf("%s does not show the waiting proposal %q", path, want)
		}
	}
	_, body = office.Page(plan)
	var pid int64
	pe.app.DB.R.QueryRow(`SELECT id FROM date_proposals WHERE audit_id = ?`, pe.audit.ID).Scan(&pid)
	decline := fmt.Sprintf("%s/%d/decline", form, pid)
	if !strings.Contains(body, `action="`+decline+`"`) {
		t.Fatal("the office's plan page has no decline form")
	}
	if resp, b := office.Form(decline, url.Values{"reason": {" "}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Bắt buộc nhập") {
		t.Errorf("decline without a reason: %d", resp.StatusCode)
	}
	if resp, _ := office.Form(fmt.Sprintf("%s/%d/accept", form, pid), url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	if got := pe.planned(); got != day {
		t.Errorf("accepted from the page, the audit is on %s, want %s", got, day)
	}
	if _, body := office.Page("/"); strings.Contains(body, want) {
		t.Error("the home page still shows the answered proposal")
	}
}

// countArgs is count with the query's arguments.
func countArgs(t *testing.T, e *env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
