package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/mail"
	"github.com/crossaudit/crossaudit/internal/mail/mailtest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The plan is due the settings' working days after submission, in
// Vietnam's calendar.
func TestNCPlanDueFollowsTheSettings(t *testing.T) {
	e := newNCEnv(t)
	s, err := findings.LoadNCSettings(context.Background(), e.app.DB.R)
	if err != nil {
		t.Fatal(err)
	}
	if s.PlanDays != 15 || s.ReminderDays != 3 || s.EffectivenessDays != 30 || s.Holidays["2026-09-02"] != "Quốc khánh" || s.Workdays["2025-04-26"] == "" {
		t.Errorf("defaults %+v", s)
	}
	today := time.Now().In(i18n.Zone).Format(time.DateOnly)
	d := e.detail(t, e.nc)
	if want := s.Calendar().AddWorkdays(today, 15); d.PlanDue == nil || *d.PlanDue != want {
		t.Errorf("plan due %v, want %s", d.PlanDue, want)
	}
	// Only the admin changes the settings; bad values change nothing.
	admin := e.app.Token("admin", webtest.Password)
	expect(t, e.office, http.MethodPut, "/api/v1/settings/nonconformities", map[string]any{"plan_days": 10}, 403)
	for _, bad := range []map[string]any{{"plan_days": 0}, {"reminder_days": -1}, {"holidays": map[string]string{"30/04/2026": "x"}},
		{"holidays": map[string]string{"2026-05-02": "x"}, "workdays": map[string]string{"2026-05-02": "y"}}, {"mailboxes": map[string]string{"A": "không phải thư"}},
		{"mailboxes": map[string]string{"ZZ": "a@b.vn"}}} {
		expect(t, admin, http.MethodPut, "/api/v1/settings/nonconformities", bad, 422)
	}
	if got, _ := findings.LoadNCSettings(context.Background(), e.app.DB.R); got.PlanDays != 15 || len(got.Holidays) != len(s.Holidays) {
		t.Errorf("bad settings changed something: %+v", got)
	}
	b := expect(t, admin, http.MethodPut, "/api/v1/settings/nonconformities", map[string]any{"plan_days": 10, "mailboxes": map[string]string{"A": "iso@a.gov.vn"}}, 200)
	if !strings.Contains(string(b), `"plan_days":10`) || !strings.Contains(string(b), `"2026-09-02":"Quốc khánh"`) {
		t.Errorf("saved settings %s", b)
	}
}

// A new nonconformity on the same item as an open or recently closed one
// of the same unit is marked as its repeat; an old closed one is not
// repeated, nor another item.
func TestNCRepeatFindings(t *testing.T) {
	e := newNCEnv(t)
	// The major on C24 was closed long ago; the minor on C10 is open.
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET status = 'closed', closed_at = '2020-01-01T00:00:00Z' WHERE id = ?`, e.major); err != nil {
		t.Fatal(err)
	}
	// The next round: whoever audits the same unit finds C10, C24 and C30
	// again.
	p := e.office
	expect(t, p, http.MethodPost, "/api/v1/programmes/1/rounds", map[string]any{"seed": 3, "clusters": "any", "starts_on": "2026-09-01", "ends_on": "2026-09-30"}, 201)
	b := expect(t, p, http.MethodPost, "/api/v1/programmes/1/rounds/2/confirm", nil, 200)
	var out struct{ Audits []audit.AuditSummary }
	mustDecode(t, b, &out)
	for _, a := range out.Audits {
		if a.AuditeeUnit == e.auditee {
			e.auditID = a.ID
			e.lead = e.app.Token("auditor."+a.AuditorUnit, webtest.Password)
		}
	}
	ids := e.submitAudit(t, map[string]map[string]any{
		"C10": {"result": "major", "note": "Vẫn chưa nhận diện rủi ro"},
		"C24": {"result": "minor", "note": "2/20 hồ sơ trễ hạn"},
		"C30": {"result": "minor", "note": "Thiếu sổ theo dõi"},
	})
	for item, want := range map[string]*int64{"C10": &e.nc, "C24": nil, "C30": nil} {
		d := e.detail(t, ids[item])
		if fmt.Sprint(d.RepeatOf) != fmt.Sprint(want) && (want == nil || d.RepeatOf == nil || *d.RepeatOf != *want) {
			t.Errorf("%s: repeat of %v, want %v", item, d.RepeatOf, want)
		}
	}
	if got := e.register(t, e.office, fmt.Sprintf("?auditee=%s&round=2", e.auditee)); len(got) != 3 {
		t.Errorf("round 2: %+v", got)
	}
}

// Reminders go to the unit's inbox, and by e-mail when its mailbox is set,
// the settings' working days before a due date; overdue items are
// announced to the unit and the office; running again sends nothing twice.
func TestNCReminders(t *testing.T) {
	e := newNCEnv(t)
	srv := mailtest.Start(t)
	admin := e.app.Token("admin", webtest.Password)
	expect(t, admin, http.MethodPut, "/api/v1/settings/nonconformities", map[string]any{"mailboxes": map[string]string{e.auditee: "iso@" + strings.ToLower(e.auditee) + ".gov.vn"}}, 200)
	s, _ := findings.LoadNCSettings(context.Background(), e.app.DB.R)
	today := time.Now().In(i18n.Zone).Format(time.DateOnly)
	soon := s.Calendar().AddWorkdays(today, 2)
	late := s.Calendar().AddWorkdays(today, 4)
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET plan_due = CASE id WHEN ? THEN ? ELSE ? END`, e.nc, soon, late); err != nil {
		t.Fatal(err)
	}
	r := &findings.Reminders{Findings: e.st, Mail: mail.Config{Addr: srv.Addr, From: "crossaudit@ductrong.gov.vn"}}
	n, err := r.RunOnce(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("first run: %d %v", n, err)
	}
	notices := func(user string) int {
		return e.count(t, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = ? AND n.msg_key LIKE 'ca.notice.%'`, user)
	}
	if notices("auditee."+e.auditee) != 1 || notices("office") != 0 {
		t.Errorf("reminder notices: unit %d, office %d", notices("auditee."+e.auditee), notices("office"))
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "iso@"+strings.ToLower(e.auditee)+".gov.vn" || !strings.Contains(msgs[0].Subject, "sắp đến hạn kế hoạch khắc phục") ||
		!strings.Contains(msgs[0].Body, fmt.Sprintf("/nonconformities/%d", e.nc)) {
		t.Errorf("mail %+v", msgs)
	}
	if n, err := r.RunOnce(context.Background()); err != nil || n != 0 {
		t.Errorf("second run: %d %v", n, err)
	}
	// Overdue: to the unit and the office, flagged in the register.
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET plan_due = '2026-01-05' WHERE id = ?`, e.nc); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RunOnce(context.Background()); n != 1 {
		t.Errorf("overdue run: %d", n)
	}
	if notices("auditee."+e.auditee) != 2 || notices("office") != 1 || len(srv.Messages()) != 2 {
		t.Errorf("overdue notices: unit %d, office %d, mails %d", notices("auditee."+e.auditee), notices("office"), len(srv.Messages()))
	}
	if got := e.register(t, e.office, "?overdue=1"); len(got) != 1 || got[0].ID != e.nc {
		t.Errorf("overdue register %+v", got)
	}
	// An action due soon is reminded once too; without a mailbox, inbox only.
	expect(t, admin, http.MethodPut, "/api/v1/settings/nonconformities", map[string]any{"mailboxes": map[string]string{}}, 200)
	e.setNC(t, e.major, findings.NCCauseAnalysed, findings.NCPlanSubmitted)
	if _, err := e.app.DB.W.Exec(`UPDATE nc_actions SET due_date = ? WHERE finding_id = ?`, soon, e.major); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RunOnce(context.Background()); n != 1 || len(srv.Messages()) != 2 {
		t.Errorf("action reminder: %d sent, %d mails", n, len(srv.Messages()))
	}
	if n, _ := r.RunOnce(context.Background()); n != 0 {
		t.Errorf("action reminder again: %d", n)
	}
}

// The job that serve starts sends at once, then at each tick, and stops
// with its context.
func TestNCReminderJobRunsAtStart(t *testing.T) {
	e := newNCEnv(t)
	if _, err := e.app.DB.W.Exec(`UPDATE findings SET plan_due = '2026-01-05' WHERE id = ?`, e.nc); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { (&findings.Reminders{Findings: e.st}).Run(ctx, time.Hour); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for e.count(t, `SELECT COUNT(*) FROM nc_reminders WHERE finding_id = ? AND kind = 'overdue'`, e.nc) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no reminder at start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the job did not stop")
	}
}
