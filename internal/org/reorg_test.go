package org_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// reorgApp is the units API and pages with the change tables (people follow
// mergers), seven units and a person in each of three of them.
func reorgApp(t *testing.T) *webtest.App {
	t.Helper()
	a := webtest.New(t, func(s *web.Server, r *web.Router, d *db.DB) { org.MountManage(s, r, &org.Store{DB: d}) }, func(s *web.Server, r *web.Router, d *db.DB) {
		org.MountChanges(s, r, &org.Store{DB: d}, auth.FollowMerger)
	})
	for _, u := range [][2]string{{"H1", "Xã Hiệp An"}, {"H2", "Xã Liên Hiệp"}, {"H3", "Xã Hiệp Thạnh"},
		{"T1", "Thị trấn Liên Nghĩa"}, {"T2", "Xã Phú Hội"}, {"N1", "Xã Ninh Gia"}, {"B1", "Xã Bình Thạnh"}} {
		a.Unit(u[0], u[1], "Cụm 1")
	}
	a.User("office", role.Office, "")
	for _, u := range []string{"H1", "H2", "T2"} {
		a.User("auditee."+u, role.Auditee, u)
	}
	a.User("auditor.H1", role.Auditor, "H1")
	return a
}

func uploadChanges(t *testing.T, c *webtest.Client, table string) (*http.Response, []byte) {
	t.Helper()
	return c.Upload("/api/v1/units/changes", "file", "changes.csv", []byte(table), nil)
}

func (s snapshot) equal(o snapshot) bool { return s == o }

// snapshot is what a failed table must leave untouched.
type snapshot struct{ live, retired, changes, events, movedUsers int }

func snap(t *testing.T, a *webtest.App) snapshot {
	t.Helper()
	var s snapshot
	q := func(query string, dst *int) {
		if err := a.DB.R.QueryRow(query).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT COUNT(*) FROM units WHERE retired_at IS NULL`, &s.live)
	q(`SELECT COUNT(*) FROM units WHERE retired_at IS NOT NULL`, &s.retired)
	q(`SELECT COUNT(*) FROM unit_changes`, &s.changes)
	q(`SELECT COUNT(*) FROM events`, &s.events)
	q(`SELECT COUNT(*) FROM users u JOIN units un ON un.id = u.unit_id WHERE un.code <> substr(u.username, instr(u.username, '.') + 1)`, &s.movedUsers)
	return s
}

func TestBadChangeTableIsReportedWholeAndChangesNothing(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	before := snap(t, a)
	table := "old_code,new_code,new_name,effective_date\n" +
		"H1,H3,Xã Hiệp Thạnh,01/07/2025\n" + // 2: fine on its own
		"ZZ,H3,Xã Hiệp Thạnh,01/07/2025\n" + // 3: unknown old code
		"T1,T2,Xã Đức Trọng,01/07/2025\n" + // 4: a cycle with line 5
		"T2,T1,Xã Đức Trọng,01/07/2025\n" + // 5
		"H2,N1,Xã Khác Tên,01/07/2025\n" + // 6: N1 is live under another name
		"B1,H3,Xã Hiệp Thạnh,31/02/2025\n" + // 7: no such day
		"H3,H3,Xã Hiệp Thạnh,01/07/2099\n" + // 8: in the future
		"H1,H3,Xã Hiệp Thạnh,01/07/2025\n" // 9: the same as line 2
	resp, body := uploadChanges(t, office, table)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad table: %d %s", resp.StatusCode, body)
	}
	e := webtest.DecodeError(t, body)
	for key, want := range map[string]string{
		"row:3:old_code":       "ZZ",
		"row:4:new_code":       "T1 → T2 → T1",
		"row:5:new_code":       "T2 → T1 → T2",
		"row:6:new_code":       "Xã Ninh Gia",
		"row:7:effective_date": "31/02/2025",
		"row:8:effective_date": "01/07/2099",
		"row:9:old_code":       "dòng 2",
	} {
		got, _ := e.Error.Fields[key].(string)
		if !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to mention %q", key, got, want)
		}
	}
	if e.Error.Code != "invalid_changes" || len(e.Error.Fields) != 7 {
		t.Errorf("code %q, %d problems: %v", e.Error.Code, len(e.Error.Fields), e.Error.Fields)
	}
	if after := snap(t, a); !after.equal(before) {
		t.Errorf("a bad table changed something: %+v → %+v", before, after)
	}
	for name, tc := range map[string]struct {
		table, key string
	}{
		"no rows":                      {"old_code,new_code,new_name,effective_date\n", "file"},
		"missing column":               {"old_code,new_code,effective_date\nH1,H3,01/07/2025\n", "row:1:new_name"},
		"new unit without a name":      {"old_code,new_code,new_name,effective_date\nH1,X9,,01/07/2025\n", "row:2:new_name"},
		"retire into a retired line":   {"old_code,new_code,new_name,effective_date\nH1,,,01/07/2025\nH2,H1,,01/07/2025\n", "row:3:new_code"},
		"dates differ within a merger": {"old_code,new_code,new_name,effective_date\nH1,H3,,01/07/2025\nH2,H3,,02/07/2025\n", "row:3:effective_date"},
	} {
		resp, body := uploadChanges(t, office, tc.table)
		if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields[tc.key] == nil {
			t.Errorf("%s: %d %s, want 422 naming %s", name, resp.StatusCode, body, tc.key)
		}
	}
	if after := snap(t, a); !after.equal(before) {
		t.Errorf("bad tables changed something: %+v → %+v", before, after)
	}
}

func TestSplitIsRefusedWithItsReason(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	resp, body := uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nH1,H2,,01/07/2025\nH1,H3,,01/07/2025\n")
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("split: %d %s", resp.StatusCode, body)
	}
	e := webtest.DecodeError(t, body)
	for _, key := range []string{"row:2:old_code", "row:3:old_code"} {
		got, _ := e.Error.Fields[key].(string)
		if !strings.Contains(got, "chia tách") || !strings.Contains(got, "2, 3") || !strings.Contains(got, "lịch sử") {
			t.Errorf("%s = %q, want the split named with its lines and reason", key, got)
		}
	}
}

func TestMergeRenameAndRetireApplyWithHistoryAndPeople(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	table := "old_code,new_code,new_name,effective_date\n" +
		"H1,H3,Xã Hiệp Thạnh,01/07/2025\n" +
		"H2,H3,Xã Hiệp Thạnh,01/07/2025\n" +
		"H3,H3,Xã Hiệp Thạnh,01/07/2025\n" +
		"T1,T1,Xã Đức Trọng,2025-07-01\n" +
		"T2,T1,,01/07/2025\n" +
		"N1,NEW,Xã Ninh Gia Mới,45839\n" + // a spreadsheet's day number: 1 July 2025
		"B1,,,01/07/2025\n"
	resp, body := uploadChanges(t, office, table)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("apply: %d %s", resp.StatusCode, body)
	}
	var res org.Result
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	if res.Applied != 7 || strings.Join(res.Created, ",") != "NEW" || len(res.Retired) != 5 || res.Follow[org.FollowUsersMoved] != 4 {
		t.Errorf("result %+v", res)
	}
	var live []org.Unit
	_, body = office.Do(http.MethodGet, "/api/v1/units", nil)
	json.Unmarshal(body, &live)
	var names []string
	for _, u := range live {
		names = append(names, u.Code+" "+u.Name+" "+u.Kind)
	}
	if got := strings.Join(names, "; "); got != "H3 Xã Hiệp Thạnh commune; NEW Xã Ninh Gia Mới commune; T1 Xã Đức Trọng commune" {
		t.Errorf("live units: %s", got)
	}
	var all []org.Unit
	_, body = office.Do(http.MethodGet, "/api/v1/units?all=1", nil)
	json.Unmarshal(body, &all)
	succ := map[string]string{}
	for _, u := range all {
		if u.Retired {
			succ[u.Code] = u.Successor
		}
	}
	if want := map[string]string{"H1": "H3", "H2": "H3", "T2": "T1", "N1": "NEW", "B1": ""}; len(succ) != len(want) || succ["H1"] != "H3" ||
		succ["H2"] != "H3" || succ["T2"] != "T1" || succ["N1"] != "NEW" || succ["B1"] != "" {
		t.Errorf("retired units and successors %v, want %v", succ, want)
	}
	// People follow, and the successor's people read the merged units' records.
	u, err := a.Auth.UserByUsername(context.Background(), "auditee.H1")
	if err != nil || u.UnitCode != "H3" || !u.InUnit("H1") || !u.InUnit("H2") || !u.InUnit("H3") || u.InUnit("T2") {
		t.Errorf("auditee.H1 after the merger: %+v %v", u, err)
	}
	if got := strings.Join(u.UnitCodes(), ","); got != "H3,H1,H2" {
		t.Errorf("unit codes %s", got)
	}
	// The trail holds each change; merged units are read-only.
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM events WHERE (entity = 'unit' AND action IN ('merge', 'rename', 'retire'))
		OR (entity = 'user' AND action = 'follow_merger') OR entity = 'unit_changes'`).Scan(&n)
	if n != 5+1+4+1 {
		t.Errorf("%d trail entries, want 11", n)
	}
	if resp, body := office.Do(http.MethodPatch, "/api/v1/units/H1", map[string]string{"name": "X"}); resp.StatusCode != http.StatusConflict ||
		webtest.DecodeError(t, body).Error.Code != "unit_retired" {
		t.Errorf("edit a merged unit: %d %s", resp.StatusCode, body)
	}
	if resp, _ := office.Do(http.MethodPost, "/api/v1/users", map[string]string{"username": "late.H1", "password": "correct horse battery", "role": "auditee", "unit": "H1"}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a person put into a merged unit: %d", resp.StatusCode)
	}
	// A later table may not take effect before the recorded one.
	resp, body = uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nH3,H3,Xã Hiệp Thạnh Mới,01/01/2025\n")
	if got, _ := webtest.DecodeError(t, body).Error.Fields["row:2:effective_date"].(string); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "01/07/2025") {
		t.Errorf("an earlier change: %d %s", resp.StatusCode, body)
	}
	resp, body = uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nH1,T1,,01/08/2025\nH3,T1,,01/08/2025\n")
	e := webtest.DecodeError(t, body)
	if got, _ := e.Error.Fields["row:2:old_code"].(string); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "H3") {
		t.Errorf("a merged unit merged again: %d %s", resp.StatusCode, body)
	}
	_, page := a.Login("office", webtest.Password).Page("/units?all=1")
	if !strings.Contains(page, "Đã giải thể") || !strings.Contains(page, "Đã sáp nhập") || strings.Contains(page, `href="/units/H1/edit"`) ||
		!strings.Contains(page, `href="/units/H3/edit"`) {
		t.Error("the units page does not mark merged and dissolved units read-only")
	}
	// The history of changes.
	var hist []org.RecordedChange
	_, body = office.Do(http.MethodGet, "/api/v1/units/changes", nil)
	if json.Unmarshal(body, &hist); len(hist) != 7 || hist[0].Kind != org.ChangeMerge || hist[0].NewCode != "H3" || hist[3].Kind != org.ChangeRename ||
		hist[6].Kind != org.ChangeRetire || hist[5].Effective != "2025-07-01" {
		t.Errorf("history %+v", hist)
	}
}

func TestLineageFollowsChainsOfMergers(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	for _, table := range []string{
		"old_code,new_code,new_name,effective_date\nH1,H2,,01/07/2025\nT2,T1,,01/07/2025\n",
		"old_code,new_code,new_name,effective_date\nH2,H3,,01/08/2025\nB1,,,01/08/2025\n",
	} {
		if resp, body := uploadChanges(t, office, table); resp.StatusCode != http.StatusCreated {
			t.Fatalf("apply: %d %s", resp.StatusCode, body)
		}
	}
	lin, err := (&org.Store{DB: a.DB}).Lineage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"H1": "H3", "H2": "H3", "H3": "H3", "T2": "T1", "B1": "B1", "ZZ": "ZZ"} {
		if got := lin.Current(code); got != want {
			t.Errorf("Current(%s) = %s, want %s", code, got, want)
		}
	}
	if got := strings.Join(lin.Family("H3"), ","); got != "H3,H1,H2" {
		t.Errorf("Family(H3) = %s", got)
	}
	if !lin.Merged("H3") || !lin.Merged("T1") || lin.Merged("N1") || lin.Live("H1") || !lin.Live("H3") || lin.Live("B1") {
		t.Error("Merged or Live wrong")
	}
	var n int
	a.DB.R.QueryRow(`SELECT COUNT(*) FROM unit_successions us JOIN units u ON u.id = us.unit_id JOIN units c ON c.id = us.current_id
		WHERE c.code = 'H3'`).Scan(&n)
	if n != 3 {
		t.Errorf("unit_successions maps %d units onto H3, want 3", n)
	}
}

func TestChangesPageChecksThenApplies(t *testing.T) {
	a := reorgApp(t)
	c := a.Login("office", webtest.Password)
	status, page := c.Page("/units/changes")
	if status != http.StatusOK || !strings.Contains(page, "/units/changes/sample.csv") || !strings.Contains(page, "Bảng mẫu không áp dụng được") {
		t.Errorf("page: %d", status)
	}
	resp, body := c.Do(http.MethodGet, "/units/changes/sample.csv", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "old_code,new_code,new_name,effective_date\n24961,24967,Xã Hiệp Thạnh") {
		t.Errorf("sample: %d %.60s", resp.StatusCode, body)
	}
	table := []byte("old_code,new_code,new_name,effective_date\nH1,H3,,01/07/2025\nH2,H3,,01/07/2025\n")
	resp, body = c.Upload("/units/changes", "file", "t.csv", table, map[string]string{"csrf": c.CSRF, "action": "check"})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Bảng hợp lệ: 2 dòng") {
		t.Errorf("check: %d", resp.StatusCode)
	}
	if n := snap(t, a).retired; n != 0 {
		t.Fatalf("a check retired %d units", n)
	}
	resp, body = c.Upload("/units/changes", "file", "t.csv", []byte("old_code,new_code,new_name,effective_date\nZZ,H3,,01/07/2025\n"),
		map[string]string{"csrf": c.CSRF, "action": "apply"})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Dòng 2, cột old_code:") {
		t.Errorf("bad table on the page: %d", resp.StatusCode)
	}
	table64 := confirmApply(t, a, c, table)
	resp, _ = c.Form("/units/changes", url.Values{"action": {"apply"}, "confirm": {"1"}, "filename": {"t.csv"}, "table": {table64}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", resp.StatusCode)
	}
	_, page = c.Page("/units/changes")
	if !strings.Contains(page, "Đã áp dụng 2 dòng thay đổi: 2 đơn vị sáp nhập hoặc giải thể, 0 đơn vị mới; 3 người dùng") ||
		!strings.Contains(page, "Sáp nhập vào") {
		t.Error("no summary or history after applying")
	}
	english(t, c)
	if _, page = c.Page("/units/changes"); !strings.Contains(page, "Changes applied") || !strings.Contains(page, "Merged into") {
		t.Error("the page in English")
	}
	auditor := a.Login("auditor.H1", webtest.Password)
	if status, _ := auditor.Page("/units/changes"); status != http.StatusForbidden {
		t.Errorf("auditor: %d, want 403", status)
	}
	if resp, _ := a.Token("auditor.H1", webtest.Password).Upload("/api/v1/units/changes", "file", "t.csv", table, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("auditor API: %d, want 403", resp.StatusCode)
	}
}

// TestChangeTableFromASpreadsheet reads an XLSX whose dates are date cells
// in the locale's short format, day numbers or text.
func TestChangeTableFromASpreadsheet(t *testing.T) {
	a := reorgApp(t)
	office := a.Token("office", webtest.Password)
	f := excelize.NewFile()
	defer f.Close()
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{"old_code", "new_code", "new_name", "effective_date"},
		{"H1", "H3", "Xã Hiệp Thạnh", time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
		{"H2", "H3", "Xã Hiệp Thạnh", 45839},
		{"H3", "H3", "Xã Hiệp Thạnh", "01/07/2025"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	f.SetCellStyle("Sheet1", "D2", "D2", short)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	resp, body := office.Upload("/api/v1/units/changes", "file", "changes.xlsx", buf.Bytes(), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, body)
	}
	var hist []org.RecordedChange
	_, body = office.Do(http.MethodGet, "/api/v1/units/changes", nil)
	json.Unmarshal(body, &hist)
	for _, c := range hist {
		if c.Effective != "2025-07-01" {
			t.Errorf("line %d took effect %s, want 2025-07-01", c.Line, c.Effective)
		}
	}
	if len(hist) != 3 {
		t.Errorf("%d changes recorded", len(hist))
	}
	// In a CSV, day-month order is the only reading: 07-01-25 is refused.
	resp, body = uploadChanges(t, office, "old_code,new_code,new_name,effective_date\nT2,T1,,07-01-25\n")
	if resp.StatusCode != http.StatusUnprocessableEntity || webtest.DecodeError(t, body).Error.Fields["row:2:effective_date"] == nil {
		t.Errorf("an ambiguous date in a CSV: %d %s", resp.StatusCode, body)
	}
}
