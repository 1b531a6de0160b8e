package reports_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// summaryApp is the demo with the audits, the reports and the dashboard
// mounted, and this year's programme's id.
func summaryApp(t *testing.T) (*webtest.App, int64) {
	t.Helper()
	a := webtest.NewOn(t, demotest.Open(t), func(s *web.Server, r *web.Router, d *db.DB) {
		mountWithAudits(s, r, d)
		dashboard.Mount(s, r, &dashboard.Store{DB: d})
	})
	var id int64
	if err := a.DB.R.QueryRow(`SELECT id FROM programmes WHERE year = ?`, time.Now().In(i18n.Zone).Year()).Scan(&id); err != nil {
		t.Fatalf("this year's demo programme: %v", err)
	}
	return a, id
}

// The summary's counts agree everywhere: each unit's nonconformities are
// those of its submitted or issued audits, they add up to the total, and
// both equal the dashboard's figures for the programme.
func TestProgrammeSummaryCountsMatchTheDashboard(t *testing.T) {
	a, id := summaryApp(t)
	if n := count(t, a, `SELECT COUNT(*) FROM answers x JOIN audits a ON a.id = x.audit_id JOIN rounds r ON r.id = a.round_id
		WHERE r.programme_id = ? AND a.status NOT IN ('submitted', 'issued') AND x.result IN ('minor', 'major')`, id); n == 0 {
		t.Fatal("the demo has no nonconformity recorded in an audit in progress: the test would not tell")
	}
	in, err := (&reports.ProgrammeLoader{Findings: findings.Open(a.DB), Dashboard: &dashboard.Store{DB: a.DB}}).Input(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	r := reports.BuildProgrammeReport(in)
	byUnit, sum := map[string]int{}, 0
	for _, row := range r.Rows {
		byUnit[row.Auditee.Code] += row.NC
		sum += row.NC
		if !row.Counted && row.NC != 0 {
			t.Errorf("audit %d (%s) is not submitted yet it counts %d nonconformities", row.AuditID, row.Status, row.NC)
		}
	}
	if sum != r.NCs || r.NCs == 0 {
		t.Errorf("the rows add up to %d nonconformities, the total says %d (want equal, not 0)", sum, r.NCs)
	}
	resp, body := a.Token("office", demo.Password).Do(http.MethodGet, "/api/v1/dashboard?programme="+strconv.FormatInt(id, 10), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d %s", resp.StatusCode, body)
	}
	var dash struct {
		Change struct {
			Current struct {
				NC int `json:"nonconformities"`
			} `json:"current"`
		} `json:"change"`
		Units map[string]struct {
			NC int `json:"nonconformities"`
		} `json:"units"`
	}
	if err := json.Unmarshal(body, &dash); err != nil {
		t.Fatal(err)
	}
	if dash.Change.Current.NC != r.NCs {
		t.Errorf("dashboard total %d nonconformities, summary %d", dash.Change.Current.NC, r.NCs)
	}
	for code, u := range dash.Units {
		if u.NC != byUnit[code] {
			t.Errorf("unit %s: dashboard %d nonconformities, summary %d", code, u.NC, byUnit[code])
		}
	}
	for code, n := range byUnit {
		if _, ok := dash.Units[code]; !ok && n > 0 {
			t.Errorf("unit %s: %d nonconformities in the summary, none on the dashboard", code, n)
		}
	}
}

// The office's programme summary: the draft of the conclusions is offered
// on the form while none is written; what the office writes, markup and
// all, is printed with the comparison with last year's programme, the
// fairness section, the signer and the recipients; too long a text is
// refused naming the field and comes back as typed.
func TestProgrammeSummaryConclusions(t *testing.T) {
	a, id := summaryApp(t)
	office := a.Login("office", demo.Password)
	form := "/programmes/" + strconv.FormatInt(id, 10) + "/conclusions"
	status, page := office.Page(form)
	if status != http.StatusOK || !strings.Contains(page, "data-suggested") || !strings.Contains(page, "Gợi ý") ||
		!strings.Contains(page, "Chương trình gồm") {
		t.Fatalf("the form does not offer the draft from the figures: %d\n%s", status, page)
	}
	if status, prog := office.Page("/programmes/" + strconv.FormatInt(id, 10)); status != http.StatusOK || !strings.Contains(prog, `href="`+form+`"`) {
		t.Errorf("the programme page does not link the conclusions: %d", status)
	}
	long := "Đoạn gõ dài " + strings.Repeat("ư", 8001)
	resp, body := office.Form(form, url.Values{"conclusions": {long}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Dài tối đa 8000 ký tự") ||
		!strings.Contains(string(body), "Đoạn gõ dài ưưư") || !strings.Contains(string(body), `aria-invalid="true"`) {
		t.Errorf("too long: %d, want 422 naming the field with the text as typed", resp.StatusCode)
	}
	own := `<script>alert("x")</script> Kết luận riêng của văn phòng & kiến nghị </b>`
	resp, _ = office.Form(form, url.Values{"conclusions": {own + "\nĐề nghị các xã hoàn thành khắc phục trước 30/6."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", resp.StatusCode)
	}
	if _, page := office.Page(form); strings.Contains(page, "data-suggested") || !strings.Contains(page, "Kết luận riêng của văn phòng &amp; kiến nghị") {
		t.Error("the form does not show the stored text")
	}
	resp, pdf := a.Token("office", demo.Password).Do(http.MethodGet, "/api/v1/programmes/"+strconv.FormatInt(id, 10)+"/report.pdf", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d", resp.StatusCode)
	}
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	year := strconv.Itoa(time.Now().In(i18n.Zone).Year())
	for _, w := range []string{"VII. KẾT LUẬN VÀ KIẾN NGHỊ", "Kết luận riêng của văn phòng & kiến nghị", "Đề nghị các xã hoàn thành khắc phục",
		"V. SO SÁNH VỚI CHƯƠNG TRÌNH TRƯỚC", "Toàn chương trình", "VI. TÍNH KHÁCH QUAN", "Tổng cộng", "Nơi nhận:", "Lưu: VT",
		"Nguyễn Văn An", "CHỦ TỊCH", "cần được xem xét thận trọng"} {
		if !strings.Contains(text, w) {
			t.Errorf("the summary lacks %q", w)
		}
	}
	if strings.Count(text, year) == 0 || strings.Contains(text, "năm "+year+" năm "+year) {
		t.Error("the title repeats the year")
	}
	if strings.Contains(text, "Gợi ý") || strings.Contains(text, "report.") {
		t.Error("the summary prints the suggestion mark or a raw catalogue key")
	}
	var prev string
	if err := a.DB.R.QueryRow(`SELECT name FROM programmes WHERE year < ? ORDER BY year DESC LIMIT 1`, year).Scan(&prev); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdftest.Text(t, pdf), "So sánh với "+prev) {
		t.Errorf("the summary does not compare with %q", prev)
	}
}

func count(t *testing.T, a *webtest.App, q string, args ...any) int {
	t.Helper()
	var n int
	if err := a.DB.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
