package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// An audit still planned the day after its planned day is late: the
// dashboard's late_audits holds it (CONTRACT.md), and the office sees it on
// its home page and on the programme page; on its own day it is not late.
func TestLateAuditsAreFlaggedTheDayAfter(t *testing.T) {
	a := demoApp(t)
	var id, programme int64
	var day, auditor, auditee string
	err := a.DB.R.QueryRow(`SELECT a.id, r.programme_id, a.planned_date, au.code, bu.code FROM audits a
		JOIN rounds r ON r.id = a.round_id JOIN units au ON au.id = a.auditor_unit_id JOIN units bu ON bu.id = a.auditee_unit_id
		WHERE a.status = 'planned' ORDER BY a.planned_date DESC, a.id LIMIT 1`).Scan(&id, &programme, &day, &auditor, &auditee)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d string, hour int) {
		t0, err := time.ParseInLocation(time.DateOnly, d, i18n.Zone)
		if err != nil {
			t.Fatal(err)
		}
		now := t0.Add(time.Duration(hour) * time.Hour)
		a.DB.Now = func() time.Time { return now }
	}
	office := a.Login("office", demo.Password)
	late := func() []audit.LateAudit {
		t.Helper()
		resp, body := office.Do(http.MethodGet, fmt.Sprintf("/api/v1/dashboard?programme=%d", programme), nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: %d %s", resp.StatusCode, body)
		}
		var d struct {
			LateAudits []audit.LateAudit `json:"late_audits"`
		}
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		return d.LateAudits
	}
	has := func(list []audit.LateAudit) *audit.LateAudit {
		for i := range list {
			if list[i].AuditID == id {
				return &list[i]
			}
		}
		return nil
	}

	at(day, 23) // late in the evening of its own day: not late yet
	if l := has(late()); l != nil {
		t.Errorf("audit %d is late on its own day %s", id, day)
	}
	at(audit.AddDays(day, 1), 7)
	l := has(late())
	if l == nil {
		t.Fatalf("audit %d planned on %s is not in late_audits the day after", id, day)
	}
	if l.PlannedOn != day || l.Auditor != auditor || l.Auditee != auditee || l.DaysLate != 1 {
		t.Errorf("late audit %+v, want planned_on %s, %s → %s, 1 day late", *l, day, auditor, auditee)
	}
	link := fmt.Sprintf(`href="/audits/%d/plan"`, id)
	_, home := office.Page("/")
	if !strings.Contains(home, "Cuộc đánh giá trễ lịch") || !strings.Contains(home, link) {
		t.Error("the office's home page does not flag the late audit")
	}
	_, page := office.Page(fmt.Sprintf("/programmes/%d", programme))
	if !strings.Contains(page, `id="late-audits"`) || !strings.Contains(page, link) {
		t.Error("the programme page does not flag the late audit")
	}
	_, dash := office.Page(fmt.Sprintf("/dashboard?programme=%d", programme))
	if !strings.Contains(dash, `data-late-audit="`+fmt.Sprint(id)+`"`) || !strings.Contains(dash, "trễ 1 ngày") {
		t.Error("the dashboard does not flag the late audit")
	}
	// Once its results are in it is not late any more.
	if _, err := a.DB.W.Exec(`UPDATE audits SET status = 'submitted' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if l := has(late()); l != nil {
		t.Error("a submitted audit is still late")
	}
}
