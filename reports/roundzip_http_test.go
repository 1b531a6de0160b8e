package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports"
)

// zipApp is the demo with the reports and the programme pages.
func zipApp(t *testing.T) *webtest.App {
	t.Helper()
	return webtest.NewOn(t, demotest.Open(t), func(s *web.Server, r *web.Router, d *db.DB) { mountWithAudits(s, r, d) })
}

// waitZip polls a job until it is no longer running.
func waitZip(t *testing.T, c *webtest.Client, id string) reports.ZipStatus {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, body := c.Do(http.MethodGet, "/api/v1/zips/"+id, nil)
		wantStatus(t, "poll", resp, body, 200)
		var s reports.ZipStatus
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatal(err)
		}
		if s.State != reports.ZipRunning {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the ZIP is still running: %+v", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The office downloads every issued report of last year's round as one
// ZIP, each entry byte for byte the stored issued PDF under a UTF-8
// Vietnamese name; this year's round adds its submitted audits as drafts.
// Only the office and the administrator may.
func TestRoundZipEndpoint(t *testing.T) {
	a := zipApp(t)
	office := a.Token("office", demo.Password)
	last := queryID(t, a, `SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year, r.n LIMIT 1`)
	stored := map[string][]byte{} // by number
	rows, err := a.DB.R.Query(`SELECT r.number, b.data FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id
		JOIN audits a ON a.id = r.audit_id WHERE a.round_id = ? AND r.revision = (SELECT MAX(revision) FROM issued_reports x WHERE x.audit_id = r.audit_id)`, last)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var b []byte
		if err := rows.Scan(&n, &b); err != nil {
			t.Fatal(err)
		}
		stored[strings.ReplaceAll(n, "/", "-")] = b
	}
	rows.Close()
	if len(stored) == 0 {
		t.Fatal("last year's round has no issued report")
	}

	path := "/api/v1/rounds/" + strconv.FormatInt(last, 10) + "/zip"
	resp, body := office.Do(http.MethodPost, path, nil)
	wantStatus(t, "start", resp, body, 202)
	var job reports.ZipStatus
	if err := json.Unmarshal(body, &job); err != nil || job.ID == "" || job.RoundID != last {
		t.Fatalf("job %s: %v", body, err)
	}
	done := waitZip(t, office, job.ID)
	if done.State != reports.ZipReady || done.Done != int64(len(stored)) || done.Total != int64(len(stored)) {
		t.Fatalf("finished as %+v, want %d reports", done, len(stored))
	}
	resp, body = office.Do(http.MethodGet, done.File, nil)
	wantStatus(t, "download", resp, body, 200)
	if ct := resp.Header.Get("Content-Type"); ct != "application/zip" {
		t.Errorf("served as %s", ct)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(stored) {
		t.Errorf("%d entries, want %d", len(zr.File), len(stored))
	}
	for _, f := range zr.File {
		if f.Flags&0x800 == 0 {
			t.Errorf("%s: no UTF-8 flag", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		number := strings.TrimSuffix(f.Name[strings.LastIndex(f.Name, " - ")+3:], ".pdf")
		if want, ok := stored[number]; !ok || !bytes.Equal(b, want) {
			t.Errorf("%s: %d bytes, not the stored issued report %s (%d bytes)", f.Name, len(b), number, len(want))
		}
		if !strings.Contains(f.Name, "Xã ") && !strings.Contains(f.Name, "Thị trấn ") && !strings.Contains(f.Name, "Phường ") {
			t.Errorf("%s: no Vietnamese unit name", f.Name)
		}
	}

	for _, who := range []string{"admin"} {
		resp, body := a.Token(who, demo.Password).Do(http.MethodGet, "/api/v1/zips/"+job.ID, nil)
		wantStatus(t, who, resp, body, 200)
	}
	var unit string
	if err := a.DB.R.QueryRow(`SELECT code FROM units ORDER BY code LIMIT 1`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"auditor." + unit, "auditee." + unit} {
		c := a.Token(who, demo.Password)
		for _, req := range [][2]string{{http.MethodPost, path}, {http.MethodGet, "/api/v1/zips/" + job.ID}, {http.MethodGet, done.File}} {
			resp, body := c.Do(req[0], req[1], nil)
			wantStatus(t, who+" "+req[1], resp, body, 403)
		}
	}
	for _, bad := range []struct {
		method, path string
		want         int
	}{{http.MethodGet, "/api/v1/zips/nope", 404}, {http.MethodGet, "/api/v1/zips/nope/file", 404},
		{http.MethodPost, "/api/v1/rounds/999999/zip", 404}, {http.MethodPost, "/api/v1/rounds/x/zip", 404}} {
		resp, body := office.Do(bad.method, bad.path, nil)
		wantStatus(t, bad.path, resp, body, bad.want)
	}

	// This year's round: its issued reports and, as drafts, its submitted ones.
	this := queryID(t, a, `SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year DESC, r.n LIMIT 1`)
	issued := queryID(t, a, `SELECT COUNT(*) FROM audits WHERE round_id = ? AND status = 'issued'`, this)
	drafts := queryID(t, a, `SELECT COUNT(*) FROM audits WHERE round_id = ? AND status = 'submitted'`, this)
	resp, body = office.Do(http.MethodPost, "/api/v1/rounds/"+strconv.FormatInt(this, 10)+"/zip", nil)
	wantStatus(t, "this year", resp, body, 202)
	_ = json.Unmarshal(body, &job)
	done = waitZip(t, office, job.ID)
	if done.State != reports.ZipReady || done.Total != issued+drafts {
		t.Fatalf("this year's ZIP %+v, want %d issued and %d drafts", done, issued, drafts)
	}
	_, body = office.Do(http.MethodGet, done.File, nil)
	zr, err = zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, " - DỰ THẢO.pdf") {
			n++
		}
	}
	if n != drafts {
		t.Errorf("%d drafts in %d entries, want %d", n, len(zr.File), drafts)
	}
}

// The programme page offers the plan and the ZIP of a confirmed round; the
// ZIP's form leads to a page with a progress bar, a refresh link without
// JavaScript and, once ready, the download.
func TestRoundZipPage(t *testing.T) {
	a := zipApp(t)
	var round, programme int64
	if err := a.DB.R.QueryRow(`SELECT r.id, r.programme_id FROM rounds r JOIN programmes p ON p.id = r.programme_id
		WHERE r.status = 'confirmed' ORDER BY p.year, r.n LIMIT 1`).Scan(&round, &programme); err != nil {
		t.Fatal(err)
	}
	office := a.Login("office", demo.Password)
	status, page := office.Page("/programmes/" + strconv.FormatInt(programme, 10))
	rid := strconv.FormatInt(round, 10)
	for _, w := range []string{"/api/v1/rounds/" + rid + "/plan.pdf", `action="/reports/rounds/` + rid + `/zip"`, "/decision.pdf"} {
		if status != 200 || !strings.Contains(page, w) {
			t.Errorf("programme page %d lacks %s", status, w)
		}
	}
	resp, _ := office.Form("/reports/rounds/"+rid+"/zip", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/reports/zips/") {
		t.Fatalf("start from the page: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	loc := resp.Header.Get("Location")
	status, page = office.Page(loc)
	if status != 200 || !strings.Contains(page, "<progress") || !strings.Contains(page, "roundzip") {
		t.Fatalf("progress page %d:\n%s", status, page)
	}
	if !strings.Contains(page, `href="`+loc+`"`) && !strings.Contains(page, "/file") {
		t.Error("the progress page has neither the refresh link nor the download")
	}
	waitZip(t, office, strings.TrimPrefix(loc, "/reports/zips/"))
	status, page = office.Page(loc)
	if status != 200 || !strings.Contains(page, "/file") || !strings.Contains(page, "Tải tệp ZIP") {
		t.Errorf("the finished page %d lacks the download", status)
	}
	if status, _ := office.Page("/reports"); status != 200 {
		t.Errorf("the reports page answers %d", status)
	}
	if status, _ := office.Page("/reports/zips/unknown"); status != 404 {
		t.Errorf("an unknown job's page answers %d", status)
	}
	auditee := a.Login("auditee."+firstUnit(t, a), demo.Password)
	if resp, _ := auditee.Form("/reports/rounds/"+rid+"/zip", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("an audited unit starts a ZIP: %d", resp.StatusCode)
	}
}

func firstUnit(t *testing.T, a *webtest.App) string {
	t.Helper()
	var unit string
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE EXISTS (SELECT 1 FROM users WHERE username = 'auditee.' || units.code) ORDER BY code LIMIT 1`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	return unit
}
