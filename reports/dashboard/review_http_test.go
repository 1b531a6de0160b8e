package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// TestReviewRoles checks who opens a unit's management-review pack, page
// and PDF: staff any unit, a unit's own people their unit and the units
// merged into it, nobody else (404, as for the unit's page).
func TestReviewRoles(t *testing.T) {
	a := newApp(t)
	fair.build(t, a)
	users(a)
	a.User("auditee.u003", "auditee", "U003")
	// U002 was merged into U001: its records are U001's people's now.
	if _, err := a.DB.W.Exec(`UPDATE units SET successor_id = (SELECT id FROM units WHERE code = 'U001'), retired_at = updated_at
		WHERE code = 'U002'`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		who  string
		unit string
		want int
	}{
		{"office", "U003", 200}, {"admin", "U005", 200}, {"office", "U999", 404},
		{"auditee.u001", "U001", 200}, {"auditor.u001", "U001", 200}, {"auditee.u001", "U002", 200},
		{"auditee.u001", "U003", 404}, {"auditor.u001", "U004", 404}, {"auditee.u003", "U001", 404},
	}
	for _, tt := range tests {
		page := "/dashboard/units/" + tt.unit + "/review"
		if status, body := a.Login(tt.who, webtest.Password).Page(page); status != tt.want {
			t.Errorf("%s opens %s: %d, want %d", tt.who, page, status, tt.want)
		} else if status == 200 && !strings.Contains(body, `id="rv-pdf"`) {
			t.Errorf("%s: the page of %s has no PDF link", tt.who, tt.unit)
		}
		resp, body := a.Token(tt.who, webtest.Password).Do(http.MethodGet, page+".pdf", nil)
		if resp.StatusCode != tt.want {
			t.Errorf("%s downloads the PDF of %s: %d, want %d", tt.who, tt.unit, resp.StatusCode, tt.want)
			continue
		}
		if tt.want == 200 && (resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(body), "%PDF-")) {
			t.Errorf("%s: the PDF of %s is %q", tt.who, tt.unit, resp.Header.Get("Content-Type"))
		}
	}
	resp, _ := a.Anonymous().Do(http.MethodGet, "/dashboard/units/U001/review.pdf", nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("anonymous: %d to %q, want 303 to the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The successor's pack gathers the merged unit's nonconformities.
	_, body := a.Login("auditee.u001", webtest.Password).Page("/dashboard/units/U001/review?year=2026")
	if !strings.Contains(body, "Xã Đức Thạnh số 1") || strings.Count(body, "/nonconformities/") == 0 {
		t.Errorf("the pack of U001 lacks its name or its nonconformities")
	}
}

// TestReviewLinkedFromUnitPage checks the unit's page leads to the pack.
func TestReviewLinkedFromUnitPage(t *testing.T) {
	a := newApp(t)
	fair.build(t, a)
	users(a)
	_, body := a.Login("auditee.u001", webtest.Password).Page("/dashboard/units/U001")
	if !strings.Contains(body, `href="/dashboard/units/U001/review"`) {
		t.Error("the unit's page does not link to its management-review pack")
	}
}

// TestReviewBadInput checks a year that cannot be one, and a year or a
// database without audits: a clear answer, never a 500.
func TestReviewBadInput(t *testing.T) {
	a := newApp(t)
	users(a)
	office := a.Login("office", webtest.Password)
	// No programme at all: this year, said to be without audits.
	if status, body := office.Page("/dashboard/units/U001/review"); status != 200 || !strings.Contains(body, `id="rv-no-audits"`) {
		t.Errorf("a database without programmes: %d", status)
	}
	fair.build(t, a)
	api := a.Token("office", webtest.Password)
	for _, y := range []string{"abc", "1999", "2101", "2026.5", "-1"} {
		for _, suffix := range []string{"", ".pdf"} {
			resp, body := api.Do(http.MethodGet, "/dashboard/units/U001/review"+suffix+"?year="+y, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("year %q%s: %d, want 422", y, suffix, resp.StatusCode)
				continue
			}
			if !strings.Contains(string(body), "Năm không hợp lệ: cần một số từ 2000 đến 2100.") {
				t.Errorf("year %q%s: the error does not say what is wrong", y, suffix)
			}
		}
	}
	for _, suffix := range []string{"", ".pdf"} {
		resp, _ := api.Do(http.MethodGet, "/dashboard/units/U001/review"+suffix+"?year=2030", nil)
		if resp.StatusCode != 200 {
			t.Errorf("a year without audits%s: %d, want 200", suffix, resp.StatusCode)
		}
	}
	if status, body := office.Page("/dashboard/units/U001/review?year=2030"); status != 200 || !strings.Contains(body, "Năm 2030 đơn vị chưa có kết quả đánh giá nào.") {
		t.Errorf("a year without audits: %d", status)
	}
}

// TestReviewPageShowsThePack checks the page of a unit audited over two
// years: both years' rounds, the year's nonconformities with their
// follow-up, last year's still open, dossier figures against the target,
// and hostile text escaped.
func TestReviewPageShowsThePack(t *testing.T) {
	a := newApp(t)
	fair.build(t, a)
	users(a)
	ctx := context.Background()
	if err := (&procedures.Store{DB: a.DB}).SaveFigures(ctx, procedures.Figures{Unit: "U001", Period: "2026-Q1", Received: 200, OnTime: 190,
		Late: 10, Paper: 100, Electronic: 100}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.W.Exec(`UPDATE findings SET statement = '<script>alert("x")</script> Hồ sơ'
		WHERE id = (SELECT MIN(f.id) FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
		JOIN programmes p ON p.id = r.programme_id WHERE a.auditee_unit_id = (SELECT id FROM units WHERE code = 'U001') AND p.year = 2026)`); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.W.Exec(`UPDATE units SET name = 'Xã Đức Thạnh <b>số 1</b>' WHERE code = 'U001'`); err != nil {
		t.Fatal(err)
	}
	status, body := a.Login("auditee.u001", webtest.Password).Page("/dashboard/units/U001/review")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		"Xã Đức Thạnh &lt;b&gt;số 1&lt;/b&gt; (U001)", `<option value="2026" selected>2026</option>`, `href="/dashboard/units/U001/review.pdf?year=2026"`,
		"Năm 2025, vòng 1", "Năm 2026, vòng 2", `<title id="chart-review-trend-t">Tỷ lệ phù hợp theo vòng đánh giá</title>`,
		"6 điểm không phù hợp (0 nặng, 6 nhẹ): 4 đang mở, 0 quá hạn, 2 đã đóng đúng hạn, 0 đã đóng trễ hạn, 0 đã đóng không có hạn.",
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Hồ sơ", `data-state="closed_on_time"`,
		"Tổng hợp năm 2026 (Quý I/2026): 200 hồ sơ tiếp nhận; tỷ lệ giải quyết đúng hạn 95,0%",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, `<script>alert`) || strings.Contains(body, "<b>số 1</b>") {
		t.Error("hostile text reached the page unescaped")
	}
	// Last year's open nonconformities are carried over: 2 rounds, 2 open each.
	carried := body[strings.Index(body, `id="rv-carried"`):strings.Index(body, `id="rv-repeats"`)]
	if n := strings.Count(carried, `data-state="overdue"`); n != 4 {
		t.Errorf("%d overdue nonconformities carried over from 2025, want 4", n)
	}
	// An auditor of the unit reads the pack without links to audits.
	if _, body := a.Login("auditor.u001", webtest.Password).Page("/dashboard/units/U001/review"); strings.Contains(body, `href="/audits/`) {
		t.Error("the unit's auditor is linked to audits it may not read")
	}
	// Last year's pack: no previous year to compare with.
	if _, body := a.Login("office", webtest.Password).Page("/dashboard/units/U001/review?year=2025"); !strings.Contains(body, "Năm trước không có kết quả để so sánh.") {
		t.Error("the 2025 pack claims a comparison")
	}
}
