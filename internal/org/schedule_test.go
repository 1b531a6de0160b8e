package org_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// inDays is the day n days from today in Vietnam, yyyy-mm-dd.
func inDays(n int) string { return time.Now().In(i18n.Zone).AddDate(0, 0, n).Format(time.DateOnly) }

// dmyOf writes yyyy-mm-dd as a change table does, dd/mm/yyyy.
func dmyOf(day string) string {
	t, _ := time.Parse(time.DateOnly, day)
	return t.Format("02/01/2006")
}

// vnMidnight is the first instant of day in Vietnam.
func vnMidnight(day string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, day, i18n.Zone)
	return t
}

// applyDueAt runs the scheduled changes as the server would at instant at,
// then puts the clock back.
func applyDueAt(t *testing.T, a *webtest.App, at time.Time) org.DueOutcome {
	t.Helper()
	a.DB.Now = func() time.Time { return at.UTC() }
	defer func() { a.DB.Now = func() time.Time { return time.Now().UTC() } }()
	out, err := (&org.Reorg{DB: a.DB, Followers: []org.Follower{auth.FollowMerger}}).ApplyDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func schedules(t *testing.T, c *webtest.Client) []org.Scheduled {
	t.Helper()
	resp, body := c.Do(http.MethodGet, "/api/v1/units/changes/scheduled", nil)
	var out []org.Scheduled
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &out) != nil {
		t.Fatalf("schedules: %d %s", resp.StatusCode, body)
	}
	return out
}

func countOf(t *testing.T, a *webtest.App, query string, args ...any) int {
	t.Helper()
	var n int
	if err := a.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantField asserts a 422 naming key with a message containing want.
func wantField(t *testing.T, what string, resp *http.Response, body []byte, key, want string) {
	t.Helper()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("%s: %d %s, want 422", what, resp.StatusCode, body)
		return
	}
	got, _ := webtest.DecodeError(t, body).Error.Fields[key].(string)
	if !strings.Contains(got, want) {
		t.Errorf("%s: %s = %q, want it to mention %q", what, key, got, want)
	}
}

func TestFutureTableIsScheduledThenAppliedOnceOnItsDay(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	day := inDays(3)
	before := snap(t, a)
	resp, body := uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nH1,H3,,"+dmyOf(day)+"\nH2,H3,,"+dmyOf(day)+"\n")
	var res org.Result
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(body, &res) != nil || res.Scheduled == 0 || res.ScheduledFor != day || res.Applied != 0 {
		t.Fatalf("a future table: %d %s, want 202 scheduled for %s", resp.StatusCode, body, day)
	}
	if after := snap(t, a); after.live != before.live || after.retired != before.retired || after.changes != before.changes || after.movedUsers != before.movedUsers {
		t.Errorf("scheduling changed the units: %+v → %+v", before, after)
	}
	list := schedules(t, office)
	if len(list) != 1 || list[0].Status != org.ScheduleWaiting || list[0].Effective != day || len(list[0].Changes) != 2 || list[0].Changes[1].NewName != "Xã Hiệp Thạnh" {
		t.Fatalf("schedules %+v", list)
	}
	id := list[0].ID
	c := a.Login("office", webtest.Password)
	_, page := c.Page("/units/changes")
	for _, want := range []string{"Thay đổi đã hẹn", fmt.Sprintf("Lịch số %d: hiệu lực từ %s", id, dmyOf(day)), "Đã hẹn",
		fmt.Sprintf(`action="/units/changes/scheduled/%d/cancel"`, id), "Xã Liên Hiệp"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not show %q", want)
		}
	}

	// New tables are checked against it.
	header := "old_code,new_code,new_name,effective_date\n"
	resp, body = uploadChanges(t, office, header+"H1,,,"+dmyOf(inDays(0))+"\n")
	wantField(t, "a change before the scheduled one", resp, body, "row:2:effective_date", dmyOf(day))
	resp, body = uploadChanges(t, office, header+"H3,H1,,"+dmyOf(day)+"\n")
	wantField(t, "a cycle with the scheduled merger", resp, body, "row:2:new_code", "H3 → H1 → H3")
	resp, body = uploadChanges(t, office, header+"T2,H2,,"+dmyOf(inDays(5))+"\n")
	wantField(t, "into a unit merged by then", resp, body, "row:2:new_code", dmyOf(day))
	resp, body = uploadChanges(t, office, header+"T2,T1,,"+dmyOf(inDays(4))+"\nB1,,,"+dmyOf(inDays(0))+"\n")
	wantField(t, "a table mixing today and later", resp, body, "row:2:effective_date", "dòng 3")
	resp, body = uploadChanges(t, office, header+"T2,T1,,"+dmyOf(inDays(4))+"\nB1,,,"+dmyOf(inDays(6))+"\n")
	wantField(t, "a table with two later dates", resp, body, "row:3:effective_date", dmyOf(inDays(4)))
	if n := len(schedules(t, office)); n != 1 {
		t.Errorf("refused tables were scheduled: %d schedules", n)
	}

	// The last second of the day before, in Vietnam: nothing yet. From
	// midnight in Vietnam (17:00 UTC the day before): applied, once.
	if out := applyDueAt(t, a, vnMidnight(day).Add(-time.Second)); out.Applied != 0 {
		t.Fatalf("applied the day before: %+v", out)
	}
	if out := applyDueAt(t, a, vnMidnight(day)); out.Applied != 1 || out.Failed != 0 {
		t.Fatalf("on its day: %+v, want 1 applied", out)
	}
	for range 2 {
		if out := applyDueAt(t, a, vnMidnight(day).Add(5*time.Hour)); out.Applied != 0 {
			t.Errorf("applied again: %+v", out)
		}
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM unit_change_batches`); n != 1 {
		t.Errorf("%d batches, want 1", n)
	}
	lin, err := (&org.Store{DB: a.DB}).Lineage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if lin.Current("H1") != "H3" || lin.Current("H2") != "H3" || !lin.Live("H3") {
		t.Error("H1 and H2 are not merged into H3")
	}
	if u, err := a.Auth.UserByUsername(context.Background(), "auditee.H1"); err != nil || u.UnitCode != "H3" {
		t.Errorf("auditee.H1 did not follow the merger: %+v %v", u, err)
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM unit_changes WHERE effective_on = ?`, day); n != 2 {
		t.Errorf("%d changes recorded with the effective date %s, want 2", n, day)
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM events WHERE (entity = 'unit' AND action = 'merge') OR (entity = 'user' AND action = 'follow_merger')
		OR (entity = 'unit_change_schedule' AND action = 'apply_scheduled')`); n != 2+3+1 {
		t.Errorf("%d trail entries for the applied schedule, want 6", n)
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = 'office' AND n.msg_key = 'reorg.notice_schedule_applied'`); n != 1 {
		t.Errorf("the office got %d notices of the applied schedule, want 1", n)
	}
	if list = schedules(t, office); list[0].Status != org.ScheduleApplied || list[0].Batch == 0 || list[0].ClosedAt == nil {
		t.Errorf("after its day: %+v", list[0])
	}
	if _, page = c.Page("/units/changes"); !strings.Contains(page, `<span class="badge">Đã áp dụng</span>`) || strings.Contains(page, "/cancel") {
		t.Error("the page does not show the schedule applied")
	}
}

func TestScheduledChangeIsCancellableUntilItsDay(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	table := "old_code,new_code,new_name,effective_date\nT2,T1,," + dmyOf(inDays(2)) + "\n"
	if resp, body := uploadChanges(t, office, table); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("schedule: %d %s", resp.StatusCode, body)
	}
	id := schedules(t, office)[0].ID
	cancel := fmt.Sprintf("/api/v1/units/changes/scheduled/%d/cancel", id)
	if resp, _ := a.Token("auditor.H1", webtest.Password).Do(http.MethodPost, cancel, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an auditor cancels: %d, want 403", resp.StatusCode)
	}
	c := a.Login("office", webtest.Password)
	forged := *c
	forged.CSRF = "" // the session cookie alone, as another site's form would send
	if resp, _ := forged.Form(fmt.Sprintf("/units/changes/scheduled/%d/cancel", id), url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cancel without the CSRF token: %d, want 403", resp.StatusCode)
	}
	if resp, _ := c.Form(fmt.Sprintf("/units/changes/scheduled/%d/cancel", id), url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel from the page: %d", resp.StatusCode)
	}
	if _, page := c.Page("/units/changes"); !strings.Contains(page, fmt.Sprintf("Đã huỷ lịch thay đổi số %d.", id)) || !strings.Contains(page, `<span class="badge">Đã huỷ</span>`) {
		t.Error("the page does not show the cancellation")
	}
	resp, body := office.Do(http.MethodPost, cancel, nil)
	if e := webtest.DecodeError(t, body); resp.StatusCode != http.StatusConflict || e.Error.Code != "schedule_closed" || e.Error.Allowed == nil {
		t.Errorf("cancel twice: %d %s", resp.StatusCode, body)
	}
	for _, path := range []string{"/api/v1/units/changes/scheduled/999/cancel", "/api/v1/units/changes/scheduled/x/cancel"} {
		if resp, _ := office.Do(http.MethodPost, path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	if out := applyDueAt(t, a, vnMidnight(inDays(2))); out.Applied != 0 {
		t.Errorf("a cancelled schedule was applied: %+v", out)
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM units WHERE code = 'T2' AND retired_at IS NULL`); n != 1 {
		t.Error("T2 was merged")
	}
	// Once cancelled, it no longer holds its units: the same table is
	// scheduled again, and cannot be cancelled once its day has come.
	if resp, body := uploadChanges(t, office, table); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("schedule again: %d %s", resp.StatusCode, body)
	}
	again := schedules(t, office)[0]
	a.DB.Now = func() time.Time { return vnMidnight(again.Effective).UTC() }
	err := (&org.Reorg{DB: a.DB}).Cancel(context.Background(), again.ID)
	a.DB.Now = func() time.Time { return time.Now().UTC() }
	if err == nil || !strings.Contains(err.Error(), "schedule_closed") {
		t.Errorf("cancel on its day: %v", err)
	}
	if out := applyDueAt(t, a, vnMidnight(again.Effective)); out.Applied != 1 {
		t.Errorf("on its day: %+v", out)
	}
}

func TestScheduledChangeThatNoLongerAppliesFailsWithItsReason(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	day := inDays(10)
	if resp, body := uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nH1,H3,Xã Hiệp Thạnh,"+dmyOf(day)+"\n"); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("schedule: %d %s", resp.StatusCode, body)
	}
	// Meanwhile the office renames the successor by hand.
	if resp, body := office.Do(http.MethodPatch, "/api/v1/units/H3", map[string]string{"name": "Xã Hiệp Thạnh Mới"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("rename: %d %s", resp.StatusCode, body)
	}
	before := snap(t, a)
	if out := applyDueAt(t, a, vnMidnight(day).Add(time.Hour)); out.Failed != 1 || out.Applied != 0 {
		t.Fatalf("on its day: %+v, want 1 failed", out)
	}
	if out := applyDueAt(t, a, vnMidnight(day).Add(2*time.Hour)); out.Failed != 0 {
		t.Errorf("failed twice: %+v", out)
	}
	if after := snap(t, a); after.live != before.live || after.retired != before.retired || after.changes != before.changes {
		t.Errorf("a failed schedule changed the units: %+v → %+v", before, after)
	}
	sc := schedules(t, office)[0]
	if sc.Status != org.ScheduleFailed || len(sc.Problems) != 1 || sc.Problems[0].Line != 2 || sc.Problems[0].Column != "new_code" {
		t.Fatalf("failed schedule %+v", sc)
	}
	if n := countOf(t, a, `SELECT COUNT(*) FROM notices n JOIN users u ON u.id = n.user_id WHERE u.username = 'office' AND n.msg_key = 'reorg.notice_schedule_failed'`); n != 1 {
		t.Errorf("the office got %d notices of the failure, want 1", n)
	}
	c := a.Login("office", webtest.Password)
	_, page := c.Page("/units/changes")
	for _, want := range []string{`<span class="badge">Không áp dụng được</span>`, "Dòng 2, cột new_code:", "Xã Hiệp Thạnh Mới"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	english(t, c)
	if _, page = c.Page("/units/changes"); !strings.Contains(page, "Could not be applied") || !strings.Contains(page, "Scheduled changes") {
		t.Error("the page in English")
	}
}
